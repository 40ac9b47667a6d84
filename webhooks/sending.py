"""Sending a delivery: a signed POST, retried with backoff on the task queue until it is answered 2xx.

The receiver checks ``X-Moments-Signature``: ``sha256=`` and the hex
HMAC-SHA256, with the endpoint's secret, of ``X-Moments-Timestamp``, a dot and
the raw body; a timestamp much older than its clock is a replay.
"""

import datetime
import hashlib
import hmac
import json
import time

import requests
from django.conf import settings
from django.utils import timezone

from cms import task_queue
from webhooks.models import DeliveryStatus, WebhookDelivery

LONGEST_WAIT_SECONDS = 6 * 60 * 60


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def queue(delivery: WebhookDelivery) -> None:
    """Its next attempt, at ``next_attempt_at`` or now, once the change commits. The job names the attempt, so
    a job overtaken by another (a “send again” while one was in flight) does nothing."""
    from webhooks.tasks import deliver

    task_queue.after_commit(deliver, delivery.pk, delivery.attempts, run_after=delivery.next_attempt_at)


def attempt(delivery: WebhookDelivery) -> None:
    """One POST; records the outcome and queues the next attempt when one is left."""
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "MomentsCMS-Webhooks/1",
        "X-Moments-Event": delivery.event, "X-Moments-Delivery": str(delivery.pk), "X-Moments-Timestamp": timestamp,
        "X-Moments-Signature": signature(delivery.endpoint.secret, timestamp, body),
    }
    try:
        response = requests.post(
            delivery.endpoint.url, data=body, headers=headers, timeout=settings.MOMENTS_WEBHOOK_TIMEOUT_SECONDS, allow_redirects=False,
        )
        delivery.response_status, delivery.error = response.status_code, "" if response.ok else response.text[:500]
        answered = 200 <= response.status_code < 300
    except requests.RequestException as error:
        delivery.response_status, delivery.error, answered = None, str(error)[:500], False
    delivery.attempts += 1
    delivery.attempted_at = timezone.now()
    delivery.status, delivery.next_attempt_at = _after(delivery, answered)
    delivery.save(update_fields=["response_status", "error", "attempts", "attempted_at", "status", "next_attempt_at"])
    if delivery.next_attempt_at:
        queue(delivery)


def _after(delivery: WebhookDelivery, answered: bool) -> tuple[str, datetime.datetime | None]:
    """The status after an attempt, and when to try again: 30 s, 1, 2, 4, 8 minutes… (MOMENTS_WEBHOOK_RETRY_SECONDS)."""
    if answered:
        return DeliveryStatus.DELIVERED, None
    if delivery.attempts >= settings.MOMENTS_WEBHOOK_ATTEMPTS or not task_queue.can_wait():
        return DeliveryStatus.FAILED, None
    delay = min(settings.MOMENTS_WEBHOOK_RETRY_SECONDS * 2 ** (delivery.attempts - 1), LONGEST_WAIT_SECONDS)
    return DeliveryStatus.RETRYING, delivery.attempted_at + datetime.timedelta(seconds=delay)


def send_again(delivery: WebhookDelivery) -> bool:
    """An editor's “send again” of a failed delivery: one more attempt now. False when it is not failed (any more)."""
    again = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(status=DeliveryStatus.PENDING)
    if again:
        delivery.refresh_from_db()
        queue(delivery)
    return bool(again)
