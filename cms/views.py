"""Admin views for moderating UGC: the queue and the approve/reject actions.

The queue shows what a moderator decides on: the photos, the flags raised
when the post came in, the member's history (posts approved and rejected
before) and their reuse consent.

Each row has its own approve and reject forms (:mod:`cms.queue_actions`);
approve and reject are also bulk actions, for a page of posts at once. Either
way each post's decision goes through :mod:`cms.moderation`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.forms import Media
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView

from cms import moderation
from cms.models import ModerationState, MomentsImage, UGCPhoto, UGCPost
from cms.queue_actions import post_action_url
from cms.rejection import NOTE_MAX_LENGTH, RejectForm, reason_choices, reason_templates

THUMBNAIL_FILTER = "fill-64x64"
# A decision may be changed (an approved post withdrawn, a rejected one approved), not taken while photos process.
APPROVABLE = {ModerationState.PENDING, ModerationState.REJECTED}
REJECTABLE = {ModerationState.PENDING, ModerationState.APPROVED}


class PhotoThumbnailsColumn(Column):
    """Thumbnails that open the photo large: in the queue's lightbox, or as a plain link without JavaScript."""

    cell_template_name = "cms/admin/photo_thumbnails_cell.html"

    def get_value(self, instance):
        return [(photo, reverse(UGCPost.snippet_viewset.get_url_name("photo"), args=[photo.pk])) for photo in instance.photos.all()]


class DecisionColumn(Column):
    """Approve and reject forms on each row, and the queue's keyboard shortcuts and lightbox."""

    cell_template_name = "cms/admin/decision_cell.html"

    @property
    def media(self):
        return Media(js=["cms/moderation_queue.js"], css={"all": ["cms/moderation_queue.css"]})

    def get_cell_context_data(self, instance, parent_context):
        request = parent_context["request"]
        return {
            **super().get_cell_context_data(instance, parent_context),
            "csrf_token": get_token(request),
            "next": _listing_url(request),
            "approve_url": post_action_url("approve", instance) if instance.moderation_state in APPROVABLE else None,
            "reject_url": post_action_url("reject", instance) if instance.moderation_state in REJECTABLE else None,
            "reasons": reason_choices(reason_templates(request)),
            "note_max_length": NOTE_MAX_LENGTH,
        }


def _listing_url(request) -> str:
    """The queue as the moderator sees it, also when the cell is rendered by a filter's refresh of the results."""
    url = reverse(UGCPost.snippet_viewset.get_url_name("list"))
    return f"{url}?{request.GET.urlencode()}" if request.GET else url


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
        if instance.moderation_state == ModerationState.APPROVED:
            url = reverse("wagtail_bulk_action", args=("cms", "ugcpost", "place_in_campaign"))
            next_url = _listing_url(self.request)
            buttons.append(Button(_("Place in campaign"), url=f"{url}?{urlencode({'id': instance.pk, 'next': next_url})}", icon_name="pick", priority=5))
        return buttons


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

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "templates": reason_templates(self.request)}

    def decide(self, post):
        moderation.reject(post, self.request.user, self.cleaned_form.rejection_reason)

    def success_message(self, count):
        return ngettext("%(count)d post rejected.", "%(count)d posts rejected.", count) % {"count": count}
