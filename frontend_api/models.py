"""API keys: how an app (the brand's iOS app, a mini-program) proves who it is.

Only a SHA-256 digest of a key is stored; the key itself is shown once, when
it is created. A key is looked up by its public prefix, so checking one is a
single indexed query.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "mk"
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class Scope(models.TextChoices):
    SUBMIT_POSTS = "posts:submit", _("Submit member posts (submitPost)")
    READ_OWN_POSTS = "posts:read-own", _("Read a member's own posts (myPosts)")
    REPORT_EVENTS = "events:report", _("Report experiment events (reportEvents)")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("Which app or developer uses it, e.g. “iOS app 4.2”."))
    scopes = models.CharField(_("scopes"), max_length=200, help_text=_("What the key may do."))
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Untick to revoke the key at once."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({KEY_PREFIX}_{self.prefix}_…)"

    def clean(self) -> None:
        unknown = set(self.scope_list()) - set(Scope.values)
        if unknown or not self.scope_list():
            raise ValidationError({"scopes": _("Choose at least one scope.")})

    def generate_key(self) -> str:
        """Give this (unsaved) key new secret material; returns the key, which is never stored."""
        self.prefix = secrets.token_hex(4)
        key = f"{KEY_PREFIX}_{self.prefix}_{secrets.token_urlsafe(32)}"
        self.key_digest = _digest(key)
        return key

    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def allows(self, scope: str) -> bool:
        return self.is_active and scope in self.scope_list()

    @classmethod
    def issue(cls, name: str, scopes: list[str], created_by=None) -> tuple["ApiKey", str]:
        api_key = cls(name=name, scopes=" ".join(scopes), created_by=created_by)
        key = api_key.generate_key()
        api_key.save()
        return api_key, key

    @classmethod
    def find(cls, key: str) -> "ApiKey | None":
        """The active or revoked key record matching ``key``, or ``None``."""
        parts = key.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            return None
        api_key = cls.objects.filter(prefix=parts[1]).first()
        if api_key is None or not hmac.compare_digest(api_key.key_digest, _digest(key)):
            return None
        return api_key

    def touch(self) -> None:
        """Record use, at most once a minute so busy keys do not write on every request."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
