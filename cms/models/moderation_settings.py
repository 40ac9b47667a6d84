"""Moderation settings editors change in the admin, without a deployment."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@register_setting(icon="warning")
class ModerationSettings(BaseGenericSetting):
    sensitive_words = models.TextField(
        _("sensitive words"),
        blank=True,
        help_text=_(
            "One word or phrase per line, Chinese or English. A post containing one is flagged for review "
            "with the words named; the member's text is never changed. English words match whole words only."
        ),
    )
    rejection_reasons = models.TextField(
        _("rejection reasons"),
        blank=True,
        help_text=_(
            "One reason per line, in the words the member reads. Moderators pick one when rejecting a post "
            "and may add a note; they may also write a reason of their own."
        ),
    )

    class Meta:
        verbose_name = _("UGC moderation")

    def word_list(self) -> list[str]:
        return _lines(self.sensitive_words)

    def rejection_reason_list(self) -> list[str]:
        return _lines(self.rejection_reasons)
