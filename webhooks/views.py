"""The delivery log editors read, and its “send again”."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from webhooks import sending
from webhooks.models import DeliveryStatus, WebhookDelivery

SHOWN = 200
PERMISSION = "webhooks.change_webhookendpoint"


def _allowed(request) -> None:
    """Those who may configure endpoints: the log shows what receivers answered."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def delivery_log(request) -> TemplateResponse:
    _allowed(request)
    deliveries = WebhookDelivery.objects.select_related("endpoint")
    status = request.GET.get("status")
    if status in DeliveryStatus.values:
        deliveries = deliveries.filter(status=status)
    return TemplateResponse(request, "webhooks/delivery_log.html", {
        "deliveries": deliveries[:SHOWN], "statuses": DeliveryStatus.choices, "status": status,
        "header_title": _("Webhook deliveries"),
    })


@require_POST
def send_again(request, delivery_id: int):
    _allowed(request)
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=delivery_id)
    named = {"id": delivery.pk, "endpoint": delivery.endpoint.name}
    if sending.send_again(delivery):
        messages.success(request, _("Delivery %(id)s to %(endpoint)s queued again.") % named)
    else:
        messages.warning(request, _("Delivery %(id)s to %(endpoint)s has not failed; only failed ones are sent again.") % named)
    return redirect("webhook_deliveries")
