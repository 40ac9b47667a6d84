"""What editors write in Traditional Chinese themselves: optional, field by field.

A blank field is converted from the Simplified by OpenCC when the app asks
for Traditional Chinese; a filled one is served as written
(:mod:`delivery.traditional`). One page, one workflow and one schedule: a
translation needs no page of its own to keep in step with the original's
targeting, slots and go-live.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList


def traditional_chinese_tab(fields: tuple[str, ...]) -> ObjectList:
    """The editor's tab for the ``<field>_hant`` fields of ``fields``."""
    return ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel(f"{name}_hant") for name in fields],
                heading=_("Your own Traditional Chinese"),
                help_text=_(
                    "For readers in Hong Kong and Taiwan. A blank field is converted from the Simplified Chinese "
                    "automatically; fill one in when the conversion reads wrong or the words should differ."
                ),
            ),
        ],
        heading=_("Traditional Chinese"),
    )
