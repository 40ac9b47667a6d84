from django_tasks import task

from webhooks import sending
from webhooks.models import DeliveryStatus, WebhookDelivery


@task(queue_name="webhooks")
def deliver(delivery_pk: int, attempts_before: int) -> str | None:
    """Attempt number ``attempts_before + 1`` of a delivery still waiting. Left alone when it was delivered,
    failed, deleted, its endpoint switched off, or another job made that attempt already."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_pk, attempts=attempts_before).first()
    if delivery is None or delivery.status not in (DeliveryStatus.PENDING, DeliveryStatus.RETRYING) or not delivery.endpoint.active:
        return None
    sending.attempt(delivery)
    return delivery.status
