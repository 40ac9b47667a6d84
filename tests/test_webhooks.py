"""Publish webhooks: signed POSTs to a real local HTTP receiver, retried with backoff on the task queue."""

import datetime
import hashlib
import hmac
import http.server
import json
import threading

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from cms import moderation
from cms.models import ArticleIndexPage, ArticlePage, Channel, ModerationState, Scene, UGCPost
from tests.conftest import run_database_worker
from webhooks.models import DeliveryStatus, Event, WebhookDelivery, WebhookEndpoint


class Receiver(http.server.ThreadingHTTPServer):
    """Answers 500 to its first ``failures`` POSTs, then 204; keeps what it was sent."""

    def __init__(self, failures: int):
        self.failures, self.received = failures, []
        super().__init__(("127.0.0.1", 0), ReceiverHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/moments"


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), body))
        failing = len(self.server.received) <= self.server.failures
        self.send_response(500 if failing else 204)
        self.end_headers()
        if failing:
            self.wfile.write(b"receiver down")

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(request):
    server = Receiver(failures=getattr(request, "param", 0))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def endpoint_for(receiver: Receiver, events: str = "") -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(name="App backend", url=receiver.url, secret="s3cret", events=events)


def published_article(slug: str, commit) -> ArticlePage:
    page = ArticlePage(title="新品上线", slug=slug, intro="新品", author_name="测试", body=[])
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.scenes.set([Scene.objects.get(slug="friday-drink")])
    with commit(execute=True):
        page.save_revision().publish()
    return page


def signed_correctly(headers: dict, body: bytes, secret: str = "s3cret") -> bool:
    expected = hmac.new(secret.encode(), headers["X-Moments-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-Moments-Signature"], f"sha256={expected}")


@pytest.mark.parametrize("receiver", [2], indirect=True)
def test_a_publish_is_told_signed_and_retried_with_backoff_until_the_receiver_answers(database_queue, db, receiver, django_capture_on_commit_callbacks, settings):
    endpoint_for(receiver)
    page = published_article("webhook-new-drink", django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == Event.PUBLISHED and delivery.status == DeliveryStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        run_database_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.RETRYING, 1, 500)
    assert delivery.error == "receiver down"
    first_retry = delivery.next_attempt_at
    assert first_retry - delivery.attempted_at == datetime.timedelta(seconds=settings.MOMENTS_WEBHOOK_RETRY_SECONDS)
    run_database_worker()  # not due yet
    assert len(receiver.received) == 1

    with time_machine.travel(first_retry + datetime.timedelta(seconds=1), tick=False), django_capture_on_commit_callbacks(execute=True):
        run_database_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 2)
    assert delivery.next_attempt_at - delivery.attempted_at == datetime.timedelta(seconds=2 * settings.MOMENTS_WEBHOOK_RETRY_SECONDS)

    with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1), tick=False):
        run_database_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.error) == (DeliveryStatus.DELIVERED, 3, 204, "")

    assert len(receiver.received) == 3
    headers, body = receiver.received[-1]
    assert signed_correctly(headers, body) and not signed_correctly(headers, body, secret="other")
    assert headers["X-Moments-Event"] == "content.published" and headers["X-Moments-Delivery"] == str(delivery.pk)
    payload = json.loads(body)
    assert payload["type"] == "article" and payload["id"] == page.pk and payload["slug"] == "webhook-new-drink"
    assert payload["moments"] == {"scenes": ["friday-drink"], "personas": [], "regions": [], "channels": []}


def test_unpublishing_and_moderation_are_told_only_to_endpoints_that_want_them(database_queue, db, receiver, django_capture_on_commit_callbacks):
    everything = endpoint_for(receiver)
    posts_only = endpoint_for(receiver, events="post.approved post.withdrawn")
    page = published_article("webhook-short-lived", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
        post = UGCPost.objects.create(member_id="m-hook", member_handle="h", text="周五小酌", moderation_state=ModerationState.PENDING)
        post.consent_channels.set(Channel.objects.filter(slug="app-home"))
        moderator = User.objects.get(username="admin")
        moderation.approve(post, moderator)
        moderation.reject(post, moderator, "图片不清晰")
    run_database_worker()
    told = {(delivery.endpoint_id, delivery.event) for delivery in WebhookDelivery.objects.all()}
    assert told == {
        (everything.pk, "content.published"), (everything.pk, "content.unpublished"),
        (everything.pk, "post.approved"), (everything.pk, "post.withdrawn"),
        (posts_only.pk, "post.approved"), (posts_only.pk, "post.withdrawn"),
    }
    assert {delivery.status for delivery in WebhookDelivery.objects.all()} == {DeliveryStatus.DELIVERED}
    approved = json.loads(next(body for headers, body in receiver.received if headers["X-Moments-Event"] == "post.approved"))
    assert approved["type"] == "ugc_post" and approved["id"] == post.pk and approved["moments"]["channels"] == ["app-home"]


@pytest.mark.parametrize("receiver", [1], indirect=True)
def test_editors_see_the_delivery_log_and_send_a_failed_one_again(database_queue, admin_client, receiver, django_capture_on_commit_callbacks, settings):
    settings.MOMENTS_WEBHOOK_ATTEMPTS = 1
    endpoint_for(receiver)
    published_article("webhook-resend", django_capture_on_commit_callbacks)
    run_database_worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None

    log = admin_client.get(reverse("webhook_deliveries"), {"status": "failed"})
    assert log.status_code == 200
    assert f'data-delivery="{delivery.pk}"' in log.content.decode() and "HTTP 500" in log.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("webhook_send_again", args=[delivery.pk]))
    assert response.status_code == 302
    run_database_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.DELIVERED, 2, 204)
    assert admin_client.get(reverse("webhook_send_again", args=[delivery.pk])).status_code == 405
    delivered_again = admin_client.post(reverse("webhook_send_again", args=[delivery.pk]), follow=True)
    assert "only failed ones are sent again" in delivered_again.content.decode()
    assert not DBTaskResult.objects.ready().exists() and WebhookDelivery.objects.get().attempts == 2


def test_the_log_is_only_for_those_who_configure_webhooks(client, db):
    endpoint = WebhookEndpoint.objects.create(name="App backend", url="http://127.0.0.1:9/", events="")
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=Event.PUBLISHED, payload={}, status=DeliveryStatus.FAILED)
    client.force_login(User.objects.get(username="editor"))
    for response in (client.get(reverse("webhook_deliveries")), client.post(reverse("webhook_send_again", args=[delivery.pk]))):
        assert response.status_code in (302, 403) and 'data-delivery="' not in response.content.decode()
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED


def test_a_rolled_back_change_tells_nobody(db, receiver):
    endpoint_for(receiver)
    page = ArticlePage(title="没保存成", slug="webhook-rolled-back", intro="回滚", author_name="测试", body=[])
    ArticleIndexPage.objects.get().add_child(instance=page)
    with pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        assert WebhookDelivery.objects.exists()
        raise RuntimeError("the editor's save failed half-way")
    assert not WebhookDelivery.objects.exists() and receiver.received == []
