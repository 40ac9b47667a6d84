"""What changed, told to every endpoint that wants to hear it.

A delivery is recorded in the transaction of the change itself, so a change
that rolls back tells nobody, and sent by the task queue once it commits.
Only changes to what the app sees are told: a revision scheduled for later is
told when it goes live.
The payload names what changed and the moments whose cached answers it
touches: its targeting, where an empty list means every value.
"""

from django.db.models.signals import pre_delete
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from calendars.models import TasteCalendarPage
from campaigns.models import CampaignPage
from cms import moderation
from cms.models import ArticlePage, ModerationState, UGCPost
from cms.targeting import TARGETING
from webhooks.models import Event, WebhookDelivery, WebhookEndpoint

PAGE_TYPES = {ArticlePage: "article", CampaignPage: "campaign", TasteCalendarPage: "taste_calendar"}
TAXONOMY_KEYS = {"scenes": "slug", "personas": "slug", "regions": "code", "channels": "slug"}


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="webhooks-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="webhooks-unpublished")
    moderation.post_decided.connect(on_post_decided, dispatch_uid="webhooks-post-decided")
    pre_delete.connect(on_post_deleted, sender=UGCPost, dispatch_uid="webhooks-post-deleted")


def record(event: Event, payload: dict) -> list[WebhookDelivery]:
    """A delivery per endpoint that wants ``event``, sent once the change commits."""
    from webhooks import sending

    payload = {"event": event.value, "occurred_at": timezone.now().isoformat(), **payload}
    deliveries = [
        WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload=payload)
        for endpoint in WebhookEndpoint.objects.filter(active=True) if endpoint.wants(event)
    ]
    for delivery in deliveries:
        sending.queue(delivery)
    return deliveries


def on_page_published(sender, instance: Page, **kwargs) -> None:
    if type(instance) in PAGE_TYPES and instance.live:  # Wagtail also signals a revision scheduled to go live later
        record(Event.PUBLISHED, page_payload(instance))


def on_page_unpublished(sender, instance: Page, **kwargs) -> None:
    if type(instance) in PAGE_TYPES:
        expired = instance.expire_at is not None and instance.expire_at <= timezone.now()
        record(Event.EXPIRED if expired else Event.UNPUBLISHED, page_payload(instance))


def on_post_decided(sender, post: UGCPost, previous_state: str, **kwargs) -> None:
    if post.moderation_state == ModerationState.APPROVED:
        record(Event.POST_APPROVED, post_payload(post))
    elif previous_state == ModerationState.APPROVED:
        record(Event.POST_WITHDRAWN, post_payload(post))


def on_post_deleted(sender, instance: UGCPost, **kwargs) -> None:
    if instance.moderation_state == ModerationState.APPROVED:
        record(Event.POST_WITHDRAWN, post_payload(instance))  # before the delete, while its scenes and channels are there


def page_payload(page: Page) -> dict:
    moments = {name: sorted(getattr(value, TAXONOMY_KEYS[name]) for value in getattr(page, name).all()) for name in TARGETING} \
        if hasattr(page, "scenes") else {}
    return {"type": PAGE_TYPES[type(page)], "id": page.pk, "slug": page.slug, "title": page.title, "moments": moments}


def post_payload(post: UGCPost) -> dict:
    moments = {
        "scenes": sorted(scene.slug for scene in post.scenes.all()),
        "personas": [],
        "regions": [post.region.code] if post.region else [],
        "channels": sorted(channel.slug for channel in post.consent_channels.all()),
    }
    return {"type": "ugc_post", "id": post.pk, "slug": None, "title": post.text[:60], "moments": moments}
