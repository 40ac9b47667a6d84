"""Which editing form created which page (see :mod:`cms.page_creation`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PageCreation(models.Model):
    """The key a create form carried, claimed by the request that created the page."""

    key = models.UUIDField(_("creation key"), primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name=_("page"), null=True, on_delete=models.CASCADE, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("page creation")
