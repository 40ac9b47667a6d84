"""Why a post is rejected: a reason picked from the templates editors keep, a moderator's note, or both.

The member reads the result (``myPosts.rejectionReason`` in the API), so the
templates are written in their words, in Settings › UGC moderation.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import ModerationSettings

# Between a picked reason and the moderator's note: the member reads Chinese.
NOTE_SEPARATOR = "："
NOTE_MAX_LENGTH = 500


def rejection_reason(template: str, note: str) -> str:
    """The reason the member reads: the template, the note, or the template followed by the note."""
    return NOTE_SEPARATOR.join(part for part in (template.strip(), note.strip()) if part)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Added after the reason, or the whole reason when none is picked. The member sees it."),
    )

    def __init__(self, *args, templates: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = reason_choices(templates)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not rejection_reason(cleaned.get("reason", ""), cleaned.get("note", "")):
            raise forms.ValidationError(_("Pick a reason or write one in the note; the member sees it."))
        return cleaned

    @property
    def rejection_reason(self) -> str:
        return rejection_reason(self.cleaned_data["reason"], self.cleaned_data["note"])


def reason_templates(request) -> list[str]:
    """The templates of the moment, read once per request."""
    return ModerationSettings.load(request_or_site=request).rejection_reason_list()


def reason_choices(templates: list[str]) -> list[tuple[str, str]]:
    return [("", _("Other: write the reason in the note"))] + [(template, template) for template in templates]
