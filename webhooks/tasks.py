from django_tasks import task

from webhooks import sending
from webhooks.models import DeliveryStatus, WebhookDelivery


@task(queue_name="webhooks")
def deliver(delivery_pk: int) -> str | None:
    """One attempt at a delivery still waiting; a delivered or deleted one is left alone."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_pk).first()
    if delivery is None or delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
        return None
    sending.attempt(delivery)
    return delivery.status
