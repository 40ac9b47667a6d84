"""Admin listing filters shared by the content types that carry targeting."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.listing import PageFilterSet

from cms.models import ArticlePage, Channel, Persona, Region, Scene, SourceKind


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
