"""Targeting fields shared by articles and campaigns."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.choice_filter import FilterableCheckboxes


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


def region_checkboxes() -> FilterableCheckboxes:
    """Regions under their province, each named with its province (上海 › 上海市), the country first."""
    return FilterableCheckboxes(
        label=lambda region: region.path_name,
        group=lambda region: region.province_name,
        select_related=("parent__parent",),
        order_by=("code",),
    )


def targeting_panel(heading: str = _("Targeting")) -> MultiFieldPanel:
    return MultiFieldPanel(
        [
            FieldPanel("scenes", widget=FilterableCheckboxes()),
            FieldPanel("personas", widget=FilterableCheckboxes()),
            FieldPanel("regions", widget=region_checkboxes()),
            FieldPanel("channels", widget=FilterableCheckboxes()),
        ],
        heading=heading,
    )
