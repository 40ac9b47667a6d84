"""User-generated content (UGC): posts members make, moderated by editors.

A post from the app comes in *processing*: its photos wait, as sent, in
:class:`IncomingPhoto` until a task has cleaned them, and it becomes pending
(in the moderation queue) only then. A post is public only while it is approved *and* its author's consent covers
the channel asking and the day it is asked on; :meth:`UGCPostQuerySet.public`
is the one place that rule lives.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from cms.search import segmented


class ModerationState(models.TextChoices):
    PROCESSING = "processing", pgettext_lazy("moderation state", "Processing")  # sent from the app, its photos not cleaned yet
    PENDING = "pending", pgettext_lazy("moderation state", "Pending")
    APPROVED = "approved", pgettext_lazy("moderation state", "Approved")
    REJECTED = "rejected", pgettext_lazy("moderation state", "Rejected")


class UGCPostQuerySet(models.QuerySet):
    def approved(self) -> "UGCPostQuerySet":
        return self.filter(moderation_state=ModerationState.APPROVED)

    def consented_for(self, channel_slug: str, on: datetime.date) -> "UGCPostQuerySet":
        return self.filter(
            Q(consent_until__isnull=True) | Q(consent_until__gte=on),
            consent_channels__slug=channel_slug,
        )

    def public(self, channel_slug: str, on: datetime.date | None = None) -> "UGCPostQuerySet":
        """Posts that may be shown on ``channel_slug`` on the day ``on`` (default today)."""
        return self.approved().consented_for(channel_slug, on or timezone.localdate())


class UGCPost(index.Indexed, ClusterableModel):
    """A member's post: photos and a short text, maybe answering a campaign."""

    member_id = models.CharField(_("member id"), max_length=64, db_index=True)
    member_handle = models.CharField(_("member handle"), max_length=80)
    text = models.TextField(_("text"), max_length=2000, blank=True)
    region = models.ForeignKey(
        "cms.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    scenes = ParentalManyToManyField("cms.Scene", blank=True, related_name="+", verbose_name=_("scenes"))
    campaign = models.ForeignKey(
        "campaigns.CampaignPage", verbose_name=_("answers campaign"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="ugc_posts",
    )
    consent_channels = ParentalManyToManyField(
        "cms.Channel", blank=True, related_name="+", verbose_name=_("consent to reuse on"),
        help_text=_("Channels on which the member agreed their post may be reused."),
    )
    consent_until = models.DateField(
        _("consent until"), null=True, blank=True, help_text=_("Leave empty if consent has no end date."),
    )
    moderation_state = models.CharField(
        _("moderation"), max_length=10, choices=ModerationState.choices, default=ModerationState.PENDING, db_index=True,
    )
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    # A retry of the same submission from the app carries the same key: see delivery.intake.
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True, editable=False)
    submission_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = UGCPostQuerySet.as_manager()

    search_fields = segmented([
        index.SearchField("text"),
        index.SearchField("member_handle"),
        index.SearchField("context_names"),
        index.AutocompleteField("member_handle"),
        index.FilterField("id"),  # the API searches within its own visibility rules
        index.FilterField("moderation_state"),
        index.FilterField("member_id"),
        index.FilterField("created_at"),
    ])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_id", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="ugc_post_unique_idempotency_key",
            ),
        ]
        verbose_name = _("UGC post")
        verbose_name_plural = _("UGC posts")

    def __str__(self) -> str:
        excerpt = self.text[:24] + ("…" if len(self.text) > 24 else "")
        return f"@{self.member_handle}: {excerpt}"

    def context_names(self) -> str:
        """Where it was posted, its scenes and the campaign it answers, by name, so search finds posts by them."""
        names = [self.region.name] if self.region_id else []
        names += [self.campaign.title] if self.campaign_id else []
        return " ".join(names + [scene.name for scene in self.scenes.all()])

    def has_consent_on(self, day: datetime.date) -> bool:
        """Whether the member's reuse consent names a channel and is still valid on ``day``."""
        return bool(self.consent_channels.all()) and (self.consent_until is None or self.consent_until >= day)


class FlagKind(models.TextChoices):
    SENSITIVE_WORDS = "sensitive_words", _("Sensitive words")
    MARKUP_REMOVED = "markup_removed", _("HTML removed from text")


class UGCFlag(models.Model):
    """Something a moderator should look at before deciding, found when the post came in."""

    post = ParentalKey(UGCPost, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("kind"), max_length=20, choices=FlagKind.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("flag")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.detail}" if self.detail else self.get_kind_display()


class UGCPhoto(Orderable):
    post = ParentalKey(UGCPost, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("cms.MomentsImage", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="+")

    class Meta(Orderable.Meta):
        verbose_name = _("photo")


class IncomingPhoto(models.Model):
    """A photo as the member sent it, kept privately until a task cleans it into the post's photos (delivery.incoming_photos)."""

    post = models.ForeignKey(UGCPost, on_delete=models.CASCADE, related_name="incoming_photos")
    position = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="incoming", max_length=255)  # a folder media serving leaves out (moments/urls.py)
    name = models.CharField(max_length=255, help_text=_("The file name as the app sent it."))

    class Meta:
        ordering = ["position"]
        verbose_name = _("incoming photo")

    def __str__(self) -> str:
        return self.name
