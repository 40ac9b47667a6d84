"""The project's image model.

A custom model from the start (as Wagtail recommends) so images can carry a
credit line: UGC photos credit the member, PGC photos the creator.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Collection


class MomentsImage(AbstractImage):
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    placeholder_color = models.CharField(
        _("placeholder colour"), max_length=7, blank=True, editable=False,
        help_text=_("The average colour, shown by the app while the picture loads; set with the renditions."),
    )

    admin_form_fields = Image.admin_form_fields + ("credit",)

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class MomentsRendition(AbstractRendition):
    image = models.ForeignKey(MomentsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


def collection_named(name: str) -> Collection:
    """The top-level image collection called ``name``, made the first time it is asked for."""
    return Collection.objects.filter(name=name).first() or Collection.get_first_root_node().add_child(name=name)
