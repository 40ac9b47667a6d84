"""The taste calendar edition's editor: a month grid over its entries, each entry folded under what and when.

The Shanghai edition's 27 entries took 24.7 s to open in a browser: each
entry rendered a select of every article, two selects of every anchor, six
date pickers set up by scripts of their own and Wagtail's furniture around
each of its 17 fields, and looked up its image and articles by itself. Here
an entry renders what it holds only (cms/forms.py): anchors come from one
list on the page, dates get their picker when focused, images and article
titles are looked up once for all entries, and its fields are laid out as its
panels say in a lighter template. bench/taste_calendar_editor.py measures it.
"""

from collections.abc import Sequence

from django import forms
from modelcluster.queryset import FakeQuerySet
from django.forms import BoundField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldRowPanel, InlinePanel, MultiFieldPanel

from cms.forms import chosen_pk, page_titles

ANCHOR_LIST = "taste-calendar-anchors"
IMAGE, RELATED_ARTICLES = "image", "related_articles"


class EditionForm(WagtailAdminPageForm):
    """An edition's form whose entries know their edition while they are checked: an anchor's date is its year's.

    modelcluster gives a new entry its edition only when it is saved, so an
    entry added with an anchor was refused for having no start.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.formsets["entries"].forms if "entries" in self.formsets else ():
            form.instance.calendar = self.instance


class AnchorInput(forms.TextInput):
    """A solar term or festival, typed or picked from the page's one list of them (``ANCHOR_LIST``)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"list": ANCHOR_LIST, "autocomplete": "off", **(attrs or {})})


def _stored_related_ids(entry_forms: Sequence[forms.Form]) -> dict[int, list[int]]:
    """The related articles of entries shown as stored (a draft's are in memory), in one query for all."""
    stored = [
        form.instance.pk for form in entry_forms
        if not form.is_bound and form.instance.pk and not isinstance(form.instance.related_articles.all(), FakeQuerySet)
    ]
    if not stored:
        return {}
    field = entry_forms[0].instance._meta.get_field(RELATED_ARTICLES)
    entry, page = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    found = {pk: [] for pk in stored}
    for entry_id, page_id in field.remote_field.through.objects.filter(**{f"{entry}__in": stored}).values_list(entry, page):
        found[entry_id].append(page_id)
    return found


def show_chosen(entry_forms: Sequence[forms.Form]) -> None:
    """Give every entry's choosers what they show, looked up once for all entries: images and article titles."""
    if not entry_forms:
        return
    stored = _stored_related_ids(entry_forms)
    for form in entry_forms:
        if not form.is_bound:
            relation = form.instance.related_articles.all()
            in_memory = isinstance(relation, FakeQuerySet)
            form.initial[RELATED_ARTICLES] = [page.pk for page in relation] if in_memory else stored.get(form.instance.pk, [])
    fields = entry_forms[0].fields
    image_ids = {chosen_pk(form[IMAGE].value()) for form in entry_forms} - {None}
    images = fields[IMAGE].queryset.prefetch_related("renditions").in_bulk(image_ids) if image_ids else {}
    article_ids = {chosen_pk(value) for form in entry_forms for value in form[RELATED_ARTICLES].value() or ()} - {None}
    titles = page_titles(fields[RELATED_ARTICLES].queryset, article_ids)
    for form in entry_forms:
        form.fields[IMAGE].widget.known = images
        form.fields[RELATED_ARTICLES].widget.known = titles


def _rows(panels) -> list[list[BoundField]]:
    return [
        [field.bound_field for field in panel.visible_children] if isinstance(panel.panel, FieldRowPanel) else [panel.bound_field]
        for panel in panels
    ]


def field_groups(entry_panel) -> list[tuple[str, list[list[BoundField]]]]:
    """An entry's fields as its panels lay them out: (heading, rows) for each MultiFieldPanel and the fields between.

    Wagtail's own furniture around each field (a comment button among it,
    though comments cannot reach an inline entry's fields) was two thirds of
    the editor's page.
    """
    groups = []
    for panel in entry_panel.visible_children:
        if isinstance(panel.panel, MultiFieldPanel):
            groups.append((panel.heading, _rows(panel.visible_children)))
        elif groups and not groups[-1][0]:
            groups[-1][1].extend(_rows([panel]))
        else:
            groups.append(("", _rows([panel])))
    return groups


class SeasonalEntriesPanel(InlinePanel):
    """The entries under their month grid (calendars/month_grid.py), each folded under its heading."""

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "calendars/admin/seasonal_entries_panel.html"

        class Media:
            css = {"all": ["calendars/taste_calendar_editor.css"]}
            js = ["calendars/taste_calendar_editor.js"]

        def __init__(self, **kwargs):
            from calendars import month_grid  # it places spans of the plan, which reads the models this panel is part of

            super().__init__(**kwargs)
            if self.form is None:
                return
            show_chosen(self.formset.forms)
            for child in [*self.children, self.empty_child]:
                child.field_groups = field_groups(child)
                child.row = month_grid.row_of(child.form.instance, child.form.prefix)
                child.folded = bool(child.row.item) and not child.form.errors
            year = self.instance.year
            kept = [child.row for child in self.children if not child.form[forms.formsets.DELETION_FIELD_NAME].value()]
            self.grid = month_grid.month_grid(year, kept) if year else None
            self.anchors = month_grid.anchor_options(year)
            self.client_data = month_grid.client_data(year) if year else None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(grid=self.grid, anchors=self.anchors, anchor_list=ANCHOR_LIST, client_data=self.client_data)
            return context
