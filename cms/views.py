"""Admin views for moderating UGC: the queue and the approve/reject actions.

The queue shows what a moderator decides on: the photos, the flags raised
when the post came in, the member's history (posts approved and rejected
before) and their reuse consent.

Approve and reject are bulk actions, so one post or a page of posts is
decided the same way; each post's decision goes through :mod:`cms.moderation`.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView

from cms import moderation
from cms.models import ModerationState, MomentsImage, UGCPhoto, UGCPost

THUMBNAIL_FILTER = "fill-64x64"


class PhotoThumbnailsColumn(Column):
    cell_template_name = "cms/admin/photo_thumbnails_cell.html"

    def get_value(self, instance):
        return instance.photos.all()


class FlagsColumn(Column):
    cell_template_name = "cms/admin/flags_cell.html"

    def get_value(self, instance):
        return instance.flags.all()


class MemberHistoryColumn(Column):
    def get_value(self, instance):
        return _("%(approved)d approved · %(rejected)d rejected") % {
            "approved": instance.member_approved, "rejected": instance.member_rejected,
        }


class ConsentColumn(Column):
    def get_value(self, instance):
        channels = ", ".join(channel.name for channel in instance.consent_channels.all())
        if not channels:
            return _("No consent")
        if instance.consent_until:
            return _("%(channels)s until %(date)s") % {"channels": channels, "date": instance.consent_until}
        return channels


def _member_decisions(state: str) -> Coalesce:
    """How many of the same member's other posts are in ``state``."""
    others = (
        UGCPost.objects.filter(member_id=OuterRef("member_id"), moderation_state=state)
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("member_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(others, output_field=IntegerField()), 0)


class UGCPostIndexView(IndexView):
    def get_base_queryset(self):
        # Not select_related("image"): a joined image counts as fetched, and
        # the prefetch carrying its renditions would be skipped.
        photos = UGCPhoto.objects.prefetch_related(
            Prefetch("image", queryset=MomentsImage.objects.prefetch_renditions(THUMBNAIL_FILTER))
        )
        return (
            super()
            .get_base_queryset()
            .select_related("region", "campaign")
            .prefetch_related(Prefetch("photos", queryset=photos), "flags", "consent_channels")
            .annotate(
                member_approved=_member_decisions(ModerationState.APPROVED),
                member_rejected=_member_decisions(ModerationState.REJECTED),
            )
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.moderation_state == ModerationState.PENDING:
            for action, label, icon in (("approve", pgettext_lazy("moderation action", "Approve"), "check"), ("reject", pgettext_lazy("moderation action", "Reject"), "cross")):
                url = reverse("wagtail_bulk_action", args=("cms", "ugcpost", action))
                buttons.append(Button(label, url=f"{url}?id={instance.pk}&next={self.request.path}", icon_name=icon, priority=5))
        return buttons


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member sees this reason."),
    )


class ModerationBulkAction(SnippetBulkAction):
    """Shared shape of approve and reject: decide each post, report those refused."""

    models = [UGCPost]
    template_name = "cms/admin/confirm_moderation.html"

    def check_perm(self, post):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", post)

    def decide(self, post: UGCPost) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        self.refused = []
        return super().form_valid(form)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        action = kwargs["self"]
        decided = 0
        for post in objects:
            try:
                action.decide(post)
                decided += 1
            except ValidationError as error:
                action.refused.append((post, " ".join(error.messages)))
        return decided, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        for post, reason in self.refused:
            messages.error(self.request, f"{post}: {reason}")
        return self.success_message(num_parent_objects)


class ApproveBulkAction(ModerationBulkAction):
    display_name = pgettext_lazy("moderation action", "Approve")
    action_type = "approve"
    aria_label = _("Approve selected posts")
    action_priority = 10

    def decide(self, post):
        moderation.approve(post, self.request.user)

    def success_message(self, count):
        return ngettext("%(count)d post approved.", "%(count)d posts approved.", count) % {"count": count}


class RejectBulkAction(ModerationBulkAction):
    display_name = pgettext_lazy("moderation action", "Reject")
    action_type = "reject"
    aria_label = _("Reject selected posts")
    action_priority = 20
    form_class = RejectForm
    classes = {"serious"}

    def decide(self, post):
        moderation.reject(post, self.request.user, self.cleaned_form.cleaned_data["reason"])

    def success_message(self, count):
        return ngettext("%(count)d post rejected.", "%(count)d posts rejected.", count) % {"count": count}
