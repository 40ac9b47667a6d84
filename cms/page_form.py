"""The admin form of every page of ours: the create form's key, and slugs in pinyin."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.slug_input import PinyinSlugInput
from cms.slugs import slug_for


class PageForm(WagtailAdminPageForm):
    # Rendered hidden on the create form; see cms.page_creation for why.
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False  # an empty slug is made from the title
            self.fields["slug"].widget = PinyinSlugInput(derived_from=self.instance.title or "")
        if not self.instance.pk and not self.is_bound:
            self.initial["creation_key"] = uuid.uuid4()
        self.slug_was_made = False

    def clean_slug(self) -> str:
        """A slug left empty or derived from the title becomes the title's unique pinyin slug.

        A title of symbols only (！！！, emoji) gives none: the editor is asked for one, as Wagtail's
        own form would, rather than a draft being saved with an empty slug.
        """
        posted = self.cleaned_data.get("slug", "")
        title = self.cleaned_data.get("title") or self.instance.title or ""
        parent = self.parent_page or self.instance.get_parent()
        slug = slug_for(posted, title, parent, self.instance)
        if not slug and title:
            raise forms.ValidationError(_("The title has no letters or digits to make a slug of: type one."))
        self.slug_was_made = slug != posted
        return slug

    def get_field_updates_for_resave(self) -> list[tuple[str, str]]:
        """Autosave shows the editor the slug the server made, in the still-open form."""
        updates = super().get_field_updates_for_resave()
        if self.slug_was_made:
            updates.append(("slug", self.cleaned_data["slug"]))
        return updates
