"""Deciding one post from its row in the moderation queue, and seeing its photos large.

Approving is one POST and rejecting one POST with a reason: no confirmation
page. The row's forms are plain HTML and work without JavaScript; the queue's
script adds keyboard shortcuts and the lightbox on top of them. Decisions go
through :mod:`cms.moderation`, as the bulk actions' do.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cms import moderation, renditions
from cms.models import ModerationState, UGCPhoto, UGCPost
from cms.rejection import RejectForm, reason_templates

LIGHTBOX_WIDTH = 1280  # the widest rendition offered (MOMENTS_IMAGE_WIDTHS)


def queue_url() -> str:
    return f"{reverse(UGCPost.snippet_viewset.get_url_name('list'))}?moderation_state={ModerationState.PENDING}"


def post_action_url(action: str, post: UGCPost) -> str:
    return reverse(UGCPost.snippet_viewset.get_url_name(action), args=[post.pk])


class PostActionView(PermissionCheckedMixin, View):
    """Acts on the post in the URL for a user who may moderate, then goes back to the queue as it was."""

    model = UGCPost
    permission_required = "change"

    @cached_property
    def ugc_post(self) -> UGCPost:
        return get_object_or_404(UGCPost, pk=self.kwargs["pk"])

    def next_url(self) -> str:
        url = self.request.POST.get("next") or self.request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure())
        return url if safe else queue_url()

    def decided(self, decide, success_message: str):
        try:
            decide()
        except ValidationError as error:
            messages.error(self.request, f"{self.ugc_post}: {' '.join(error.messages)}")
        else:
            messages.success(self.request, success_message)
        return redirect(self.next_url())


class ApproveView(PostActionView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return self.decided(
            lambda: moderation.approve(self.ugc_post, request.user), _("Approved: %(post)s") % {"post": self.ugc_post},
        )


class RejectView(PostActionView, WagtailAdminTemplateMixin, FormView):
    """The row's reject form posts here; this page shows the form again when the reason is missing."""

    form_class = RejectForm
    template_name = "cms/admin/reject_post.html"
    page_title = gettext_lazy("Reject post")
    header_icon = "cross"

    def get_page_subtitle(self):
        return str(self.ugc_post)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "templates": reason_templates(self.request)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(ugc_post=self.ugc_post, next=self.next_url(), **kwargs)

    def form_valid(self, form):
        reason = form.rejection_reason
        return self.decided(
            lambda: moderation.reject(self.ugc_post, self.request.user, reason),
            _("Rejected: %(post)s (%(reason)s)") % {"post": self.ugc_post, "reason": reason},
        )


class PhotoView(PermissionCheckedMixin, View):
    """A post's photo large, for the lightbox: the nearest rendition already made, never rendered in the request."""

    model = UGCPost
    permission_required = "view"
    http_method_names = ["get"]

    def get(self, request, pk: int):
        photo = get_object_or_404(UGCPhoto.objects.select_related("image"), pk=pk)
        return redirect(renditions.nearest(photo.image, LIGHTBOX_WIDTH, "webp").url)
