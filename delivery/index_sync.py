"""Keeping the delivery index current: every change the app could see reindexes the items it touches.

Each handler names the items a saved, deleted or relinked row changes and
:func:`delivery.indexing.reindex` rewrites them in the same transaction as
the change, so the index never shows what the database no longer says.
Wagtail's ``page_published`` and ``page_unpublished`` come after a page's
many-to-many targeting is written, so a publish is always indexed whole.
"""

from collections.abc import Iterable

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage, CampaignSlot
from cms.models import ArticlePage, Channel, Persona, Region, Scene, UGCPost
from cms.targeting import TARGETING, link_table
from delivery.indexing import SOURCES, reindex
from delivery.models import ItemKind

KINDS = {model: kind for kind, model in SOURCES.items()}
TAXONOMY = (Scene, Persona, Region, Channel)
Touched = Iterable[tuple[str, Iterable[int]]]


def _page(page: Page) -> Touched:
    kind = KINDS.get(page.specific_class)
    return [(kind, [page.pk])] if kind else []


def _page_and_below(page_id: int) -> Touched:
    """Pages whose view restrictions a move of, or a restriction on, the page may change."""
    path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if path is None:
        return []
    return [(kind, model.objects.filter(path__startswith=path).values_list("pk", flat=True)) for kind, model in _PAGES]


_PAGES = [(ItemKind.ARTICLE, ArticlePage), (ItemKind.CAMPAIGN, CampaignPage)]


def _entry(entry: SeasonalEntry) -> Touched:
    """A seasonal item no entry named before makes the posts that name it in season with it."""
    if SeasonalEntry.objects.filter(item=entry.item).exclude(pk=entry.pk).exists():
        return []
    return [(ItemKind.UGC, UGCPost.objects.approved().filter(text__contains=entry.item).values_list("pk", flat=True))]


SAVED = {
    ArticlePage: lambda article: [(ItemKind.ARTICLE, [article.pk])],
    CampaignPage: lambda campaign: [(ItemKind.CAMPAIGN, [campaign.pk])],
    Page: _page,
    UGCPost: lambda post: [(ItemKind.UGC, [post.pk])],
    CampaignSlot: lambda slot: [(ItemKind.ARTICLE, [slot.article_id])] if slot.article_id else [],
    PageViewRestriction: lambda restriction: _page_and_below(restriction.page_id),
}


def _linked(owner: type[Model], name: str, kind: str, other_side_kind: str | None = None):
    """Relinking ``owner.name`` touches the owner, or the linked rows when they are the indexed ones."""
    through = owner._meta.get_field(name).remote_field.through

    def touched(instance: Model, pk_set: set[int] | None, reverse: bool) -> Touched:
        if other_side_kind:
            return [(other_side_kind, [instance.pk] if reverse else pk_set or [])]
        return [(kind, (pk_set or []) if reverse else [instance.pk])]

    return through, touched


LINKS = dict(
    [_linked(model, name, kind) for model, kind in ((ArticlePage, ItemKind.ARTICLE), (CampaignPage, ItemKind.CAMPAIGN))
     for name in TARGETING]
    + [_linked(CampaignPage, "seasonal_entries", ItemKind.CAMPAIGN)]
    + [_linked(UGCPost, name, ItemKind.UGC) for name in ("scenes", "consent_channels")]
    + [_linked(SeasonalEntry, "related_articles", ItemKind.ARTICLE, other_side_kind=ItemKind.ARTICLE)]
)


def _naming(taxon: Model) -> Touched:
    """The items that name a scene, persona, region or channel: deleting it drops their links with no signal."""
    touched = []
    for kind, model in SOURCES.items():
        for field in model._meta.get_fields():
            if field.related_model is not type(taxon) or field.auto_created:
                continue
            if field.many_to_many:
                through, source, target = link_table(model, field.name)
                touched.append((kind, list(through.objects.filter(**{target: taxon.pk}).values_list(source, flat=True))))
            elif field.many_to_one:
                touched.append((kind, list(model._base_manager.filter(**{field.name: taxon.pk}).values_list("pk", flat=True))))
    return touched


def _reindex_all(touched: Touched) -> None:
    for kind, ids in touched:
        reindex(kind, ids)


def on_save(sender, instance, raw=False, **_) -> None:
    if not raw:
        _reindex_all(SAVED[sender](instance))


def on_entry_save(sender, instance, raw=False, **_) -> None:
    if not raw:
        _reindex_all(_entry(instance))


def on_links_changed(sender, instance, action, reverse, pk_set, **_) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _reindex_all(LINKS[sender](instance, pk_set, reverse))


def before_taxon_deleted(sender, instance, **_) -> None:
    instance._delivery_index_touched = _naming(instance)


def on_taxon_deleted(sender, instance, **_) -> None:
    _reindex_all(getattr(instance, "_delivery_index_touched", []))


def on_publishing(sender, instance, **_) -> None:
    _reindex_all(_page(instance))


def on_move(sender, instance, **_) -> None:
    _reindex_all(_page_and_below(instance.pk))


def connect() -> None:
    for model in SAVED:
        post_save.connect(on_save, sender=model, dispatch_uid=f"delivery-index-save-{model._meta.label}")
        post_delete.connect(on_save, sender=model, dispatch_uid=f"delivery-index-delete-{model._meta.label}")
    post_save.connect(on_entry_save, sender=SeasonalEntry, dispatch_uid="delivery-index-entry")
    for through in LINKS:
        m2m_changed.connect(on_links_changed, sender=through, dispatch_uid=f"delivery-index-links-{through._meta.label}")
    for taxonomy in TAXONOMY:
        pre_delete.connect(before_taxon_deleted, sender=taxonomy, dispatch_uid=f"delivery-index-taxon-{taxonomy._meta.label}")
        post_delete.connect(on_taxon_deleted, sender=taxonomy, dispatch_uid=f"delivery-index-taxon-gone-{taxonomy._meta.label}")
    page_published.connect(on_publishing, dispatch_uid="delivery-index-published")
    page_unpublished.connect(on_publishing, dispatch_uid="delivery-index-unpublished")
    post_page_move.connect(on_move, dispatch_uid="delivery-index-moved")
