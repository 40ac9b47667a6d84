"""Long lists of choices an editor can filter as they type, in groups, with no build step.

Campaigns listed every seasonal item of every edition (53 checkboxes, more
each year) and regions as a flat list in which 上海 and 上海市 looked alike.
:class:`FilterableCheckboxes` groups the choices (seasonal items by edition,
regions by province), labels each so it reads alone (上海 › 上海市), and
filters them by any word of the label, in characters or pinyin (dzx, dazhaxie).
"""

from collections.abc import Callable

from django import forms
from django.db.models import Model

from cms.chinese import index_words, normalise, pinyin_forms


def search_terms(*texts: str) -> str:
    """What a filter word is looked for in: the texts, normalised, and their words' pinyin."""
    words = [word for text in texts for word in index_words(text)]
    return " ".join([normalise(text) for text in texts] + pinyin_forms(words))


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for a model choice field, with a filter box; ``group`` and ``label`` read each instance."""

    template_name = "cms/widgets/filterable_checkboxes.html"
    option_template_name = "cms/widgets/filterable_checkbox_option.html"

    def __init__(
        self,
        *,
        label: Callable[[Model], str] = str,
        group: Callable[[Model], str] | None = None,
        select_related: tuple[str, ...] = (),
        order_by: tuple[str, ...] = (),
        attrs: dict | None = None,
    ):
        super().__init__(attrs=attrs)
        self.label, self.group = label, group
        self.select_related, self.order_by = select_related, order_by

    def instances(self):
        queryset = self.choices.queryset.select_related(*self.select_related)
        return queryset.order_by(*self.order_by) if self.order_by else queryset

    def optgroups(self, name, value, attrs=None):
        groups: dict[str, list] = {}
        for index, instance in enumerate(self.instances()):
            label = self.label(instance)
            group = self.group(instance) if self.group else ""
            option = self.create_option(name, instance.pk, label, str(instance.pk) in value, index, attrs=attrs)
            option["terms"] = search_terms(label, group)
            groups.setdefault(group, []).append(option)
        return [(group, options, index) for index, (group, options) in enumerate(groups.items())]

    class Media:
        js = ["cms/js/choice-filter.js"]
        css = {"all": ["cms/css/choice-filter.css"]}
