"""The delivery index: what the app may see, denormalised for matching a moment.

One :class:`IndexedItem` per article, campaign or member post the app may see
now or later (published, not behind a view restriction; for posts: approved,
with the member's consent), carrying its live window, its recency and every
trait it could match (``{"scene": [3], "entry": [17], "word": ["杨梅"]}``).
One :class:`IndexedSignal` per item and code that is a *reason* to show it,
ordered by recency in a database index, so the newest items of one signal
are one index range, whatever the catalogue's size.

:mod:`delivery.indexing` keeps both current; :mod:`delivery.candidates` reads them.
"""

from django.db import models


class ItemKind(models.TextChoices):
    ARTICLE = "article"
    CAMPAIGN = "campaign"
    UGC = "ugc"


class IndexedItem(models.Model):
    kind = models.CharField(max_length=8, choices=ItemKind.choices)
    object_id = models.PositiveBigIntegerField()
    published_at = models.DateTimeField()
    live_from = models.DateTimeField(null=True)
    live_until = models.DateTimeField(null=True)
    # Every signal and restriction by name, so a candidate is scored with no further query.
    traits = models.JSONField(default=dict)
    # A campaign's title (its reason text) and priority; unused for other kinds.
    title = models.CharField(max_length=255, blank=True)
    priority = models.PositiveSmallIntegerField(default=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="delivery_item_unique_object")]
        indexes = [models.Index(fields=["kind", "live_until"], name="delivery_item_kind_live")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class IndexedSignal(models.Model):
    """A reason to show an item, in the form one moment's signal asks for (``article:scene:3``).

    Member posts are only public on a channel they consented to, so their codes
    name the channel (``ugc@2:scene:3``) and a moment reads only its own.
    """

    item = models.ForeignKey(IndexedItem, on_delete=models.CASCADE, related_name="signals")
    code = models.CharField(max_length=100)
    published_at = models.DateTimeField()
    live_from = models.DateTimeField(null=True)
    live_until = models.DateTimeField(null=True)

    class Meta:
        # The live window and the item follow the order, so a range is read from the index alone, not row by row.
        indexes = [models.Index(fields=["code", "-published_at", "live_from", "live_until", "item"], name="delivery_signal_newest_live")]

    def __str__(self) -> str:
        return self.code


class AppPreview(models.Model):
    """Holds the permission to open the admin's app preview (:mod:`delivery.admin_views`); has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_app_preview", "Can preview what the app shows at a moment")]
