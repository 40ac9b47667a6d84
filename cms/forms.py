"""Form widgets shared by the admin edit views.

Three of them keep a form with many rows (a formset of 27 seasonal entries)
quick to render and to open: they render no per-row script and no list of
every choice, and show what a row has chosen from a lookup made once for all
the rows (``known``, set on each row's own widget).
"""

import types
from collections.abc import Iterable, Mapping

from django import forms
from django.urls import reverse
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.widgets import AdminDateInput
from wagtail.images.widgets import AdminImageChooser

NOTHING_KNOWN: Mapping = types.MappingProxyType({})


class ChoiceSetWidget(forms.CheckboxSelectMultiple):
    """Checkboxes for a CharField that stores its chosen values as one string.

    Weekdays are stored as digits ("12345" = Monday to Friday, no separator),
    API key scopes as words separated by spaces: readable in the database and
    the API, while editors tick boxes.
    """

    def __init__(self, *args, separator: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.separator = separator

    def format_value(self, value):
        if isinstance(value, str):
            return value.split(self.separator) if self.separator else list(value)
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        return self.separator.join(super().value_from_datadict(data, files, name) or [])


def chosen_pk(value) -> int | None:
    value = getattr(value, "pk", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class LazyDateInput(AdminDateInput):
    """Wagtail's date picker, set up the first time its field is focused (cms/static/cms/lazy_date_input.js).

    Wagtail's own runs a script per field as the page loads: 162 date fields
    cost the taste calendar editor seconds before anyone could type.
    """

    template_name = "django/forms/widgets/date.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-date-chooser"] = context["widget"]["config_json"]
        return context

    @property
    def media(self):
        return super().media + forms.Media(js=["cms/lazy_date_input.js"])


class KnownImageChooser(AdminImageChooser):
    """Wagtail's image chooser, showing its image from ``known`` (images by id) when it is there."""

    known: Mapping = NOTHING_KNOWN  # replaced, never changed: copies of a widget share their attributes

    def get_instance(self, value):
        known = self.known.get(chosen_pk(value))
        return known if known is not None else super().get_instance(value)


class MultiplePageChooser(forms.SelectMultiple):
    """Pages chosen many at a time in Wagtail's page chooser, searchable, of the types the field's queryset holds.

    Renders the chosen pages only, each with a hidden input, where a select
    would list every page in every row; cms/static/cms/multiple_page_chooser.js
    opens the chooser and adds or removes pages.
    """

    template_name = "cms/widgets/multiple_page_chooser.html"
    known: Mapping = NOTHING_KNOWN  # titles by page id, replaced, never changed

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)  # the chosen values, not every choice
        pages = self.choices.queryset
        chosen = [pk for pk in map(chosen_pk, context["widget"]["value"]) if pk is not None]
        titles = {**self.known, **page_titles(pages, [pk for pk in chosen if pk not in self.known])}
        context["widget"].update(
            chosen=[(pk, titles[pk]) for pk in chosen if pk in titles],
            chooser_url=reverse("wagtailadmin_choose_page"),
            page_types=pages.model._meta.label_lower,
            verbose_name=pages.model._meta.verbose_name_plural,
        )
        return context

    @property
    def media(self):
        return forms.Media(js=[versioned_static("wagtailadmin/js/page-chooser-modal.js"), "cms/multiple_page_chooser.js"])


def page_titles(pages, pks: Iterable[int]) -> dict[int, str]:
    """The titles editors see (a draft's own) of those of ``pages`` with ids ``pks``, in one query."""
    pks = list(pks)
    if not pks:
        return {}
    return {pk: draft_title or title for pk, draft_title, title in pages.filter(pk__in=pks).values_list("pk", "draft_title", "title")}

