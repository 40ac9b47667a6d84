"""Where to tell other systems (the app's backend, a CDN purger) that content changed, and each telling."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class Event(models.TextChoices):
    PUBLISHED = "content.published", _("Content published")
    UNPUBLISHED = "content.unpublished", _("Content unpublished")
    EXPIRED = "content.expired", _("Content expired")
    POST_APPROVED = "post.approved", _("Member post approved")
    POST_WITHDRAWN = "post.withdrawn", _("Member post withdrawn")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    name = models.CharField(_("name"), max_length=80)
    url = models.URLField(_("URL"), max_length=500, help_text=_("Receives a signed JSON POST for each event chosen."))
    secret = models.CharField(
        _("signing secret"), max_length=100, default=new_secret,
        help_text=_("The receiver checks X-Moments-Signature: the HMAC-SHA256 of “timestamp.body” with this secret."),
    )
    events = models.CharField(_("events"), max_length=200, blank=True, help_text=_("None ticked: every event."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def wants(self, event: str) -> bool:
        return self.active and (not self.events or event in self.events.split())


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("webhook delivery", "Pending")
    RETRYING = "retrying", pgettext_lazy("webhook delivery", "Retrying")
    DELIVERED = "delivered", pgettext_lazy("webhook delivery", "Delivered")
    FAILED = "failed", pgettext_lazy("webhook delivery", "Failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint, with the outcome of its latest attempt."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint"))
    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("last response status"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
