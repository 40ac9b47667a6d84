"""Targeting fields shared by articles and campaigns."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class Targeted(models.Model):
    """Scenes, personas, regions and channels a piece of content is meant for.

    An empty list means "not restricted": an article with no region is
    nationwide.
    """

    scenes = ParentalManyToManyField("cms.Scene", blank=True, related_name="+", verbose_name=_("scenes"))
    personas = ParentalManyToManyField("cms.Persona", blank=True, related_name="+", verbose_name=_("personas"))
    regions = ParentalManyToManyField(
        "cms.Region", blank=True, related_name="+", verbose_name=_("regions"),
        help_text=_("Leave empty for nationwide content."),
    )
    channels = ParentalManyToManyField("cms.Channel", blank=True, related_name="+", verbose_name=_("channels"))

    class Meta:
        abstract = True

    def targeting_names(self) -> str:
        """The names of the scenes, personas and regions it is for, so search finds "大闸蟹 上海" by them."""
        return " ".join(taxon.name for related in (self.scenes, self.personas, self.regions) for taxon in related.all())


def targeting_panel(heading: str = _("Targeting")) -> MultiFieldPanel:
    return MultiFieldPanel(
        [
            FieldPanel("scenes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("personas", widget=forms.CheckboxSelectMultiple),
            FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
            FieldPanel("channels", widget=forms.CheckboxSelectMultiple),
        ],
        heading=heading,
    )
