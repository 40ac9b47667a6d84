"""Admin listing filters: content that carries targeting, and the UGC moderation queue."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.pages.listing import PageFilterSet

from cms.models import ArticlePage, Channel, FlagKind, Persona, Region, Scene, SourceKind, UGCPost


def _targeting_filter(model, label):
    return django_filters.ModelMultipleChoiceFilter(
        queryset=model.objects.all(), label=label, widget=forms.CheckboxSelectMultiple, distinct=True
    )


class TargetingFilterSet(PageFilterSet):
    """Filter a page listing by the scenes, personas, regions and channels it targets."""

    scenes = _targeting_filter(Scene, _("Scene"))
    personas = _targeting_filter(Persona, _("Persona"))
    regions = _targeting_filter(Region, _("Region"))
    channels = _targeting_filter(Channel, _("Channel"))


class ArticleFilterSet(TargetingFilterSet):
    source_kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("Source"))

    class Meta:
        model = ArticlePage
        fields = []


class UGCPostFilterSet(WagtailFilterSet):
    flag = django_filters.ChoiceFilter(field_name="flags__kind", choices=FlagKind.choices, label=_("Flag"), distinct=True)

    class Meta:
        model = UGCPost
        fields = ["moderation_state", "campaign", "scenes", "region", "created_at"]
