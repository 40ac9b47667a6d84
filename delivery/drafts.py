"""Drafts in the admin's app preview: pages as their latest revision will show them, never written anywhere.

A page with unpublished changes, or never published, is previewed as its
latest revision: a draft, or a revision scheduled to go live (Wagtail's
``approved_go_live_at``). Each becomes the delivery index row its publishing
would write (:mod:`delivery.indexing`'s own builders) and the candidate a
read of that row would give (:mod:`delivery.candidates`), so it is matched
and ranked by exactly the rules of live content; :class:`~delivery.moment.MomentQuery`
ranks it in place of the page's live version. Nothing is stored: the index,
the ``moment`` cache and the API never see a draft.

A revision replaces the live version from its go-live on, as publishing it
would: before then the live version still shows (a scheduled revision, or a
draft whose go-live is ahead), and a page never published shows nothing yet.
From then on the revision's own expiry and targeting decide.

Only pages the user may edit or publish (Wagtail's page permissions: change
or publish, or add for their own pages) are previewed, and none behind a view
restriction, which the app never shows. Reading them takes a fixed number of
queries however many drafts there are: the pages are built from their
revisions' stored JSON, where Wagtail's ``Revision.as_object`` would check
each foreign key and read each many-to-many.
"""

import dataclasses
import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from modelcluster.models import model_from_serializable_data
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from campaigns.models import CampaignPage
from cms import visibility
from cms.models import ArticlePage
from cms.targeting import TARGETING
from delivery import candidates
from delivery.indexing import Row, articles_as_rows, campaigns_as_rows, targeting_traits
from delivery.matching import Candidate
from delivery.models import ItemKind

SEEING_DRAFTS = {"change", "publish"}  # "change" lets Wagtail's policy count the user's own pages under "add" too


@dataclasses.dataclass(frozen=True)
class Draft:
    row: Row
    content: Page  # the ArticlePage or CampaignPage as the revision has it, not saved
    scheduled_for: datetime.datetime | None  # when a revision approved to go live later does so

    @property
    def key(self) -> tuple[str, int]:
        return self.row.kind, self.row.object_id


@dataclasses.dataclass(frozen=True)
class Drafts:
    """The revisions a preview at ``now`` shows in place of their pages' live versions."""

    now: datetime.datetime
    revised: dict[tuple[str, int], Draft]  # every page whose revision has gone live by ``now``

    def over(self, found: list[Candidate]) -> list[Candidate]:
        """Candidates read from the index, with each revised page's draft in place of its live version."""
        kept = [candidate for candidate in found if (candidate.kind, candidate.id) not in self.revised]
        return kept + self._shown(ItemKind.ARTICLE)

    def over_campaigns(self, live: list[tuple[Candidate, str]]) -> list[tuple[Candidate, str]]:
        """Live campaigns with their titles, likewise."""
        drafts = [(candidate, self.revised[candidate.kind, candidate.id].row.title) for candidate in self._shown(ItemKind.CAMPAIGN)]
        return [(candidate, title) for candidate, title in live if (candidate.kind, candidate.id) not in self.revised] + drafts

    def _shown(self, kind: str) -> list[Candidate]:
        return [candidates.of_row(draft.row) for draft in self.revised.values() if draft.row.kind == kind and draft.row.live_at(self.now)]

    def contents(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], Page]:
        """The revised pages among these items."""
        return {key: self.revised[key].content for key in keys if key in self.revised}


def drafts_for(user: AbstractBaseUser, now: datetime.datetime) -> Drafts:
    """The drafts ``user`` may see, as a preview at ``now`` shows them.

    An article never published counts as new from its scheduled go-live, or
    from now, as the index counts one published now.
    """
    permitted = PagePermissionPolicy().instances_user_has_any_permission_for(user, SEEING_DRAFTS).values("pk")
    articles, campaigns = _revisions(ArticlePage, permitted), _revisions(CampaignPage, permitted)
    article_pages = {pk: revision.page for pk, revision in articles.items()}
    campaign_pages = {pk: revision.page for pk, revision in campaigns.items()}
    rows = articles_as_rows(
        [(pk, page.first_published_at or articles[pk].scheduled_for, page.go_live_at, page.expire_at) for pk, page in article_pages.items()],
        {pk: revision.targeting for pk, revision in articles.items()},
    ) + campaigns_as_rows(
        [(pk, page.title, page.priority, page.first_published_at, page.go_live_at, page.expire_at) for pk, page in campaign_pages.items()],
        {pk: revision.targeting for pk, revision in campaigns.items()},
        {pk: revision.seasonal_entries for pk, revision in campaigns.items()},
    )
    revisions = {ItemKind.ARTICLE: articles, ItemKind.CAMPAIGN: campaigns}
    drafts = [Draft(row, (revision := revisions[row.kind][row.object_id]).page, revision.scheduled_for) for row in rows]
    return Drafts(now, {draft.key: draft for draft in drafts if draft.row.live_from is None or draft.row.live_from <= now})


@dataclasses.dataclass(frozen=True)
class _Revision:
    page: Page  # built from the revision's JSON with no query, without its child rows (slots)
    targeting: dict[str, list[int]]  # by trait name
    seasonal_entries: list[int]
    scheduled_for: datetime.datetime | None


def _revisions(model: type[Page], permitted: QuerySet) -> dict[int, _Revision]:
    """The latest revision of each permitted page of ``model`` with unpublished changes, by page id."""
    pages = visibility.unrestricted(model.objects.filter(has_unpublished_changes=True, latest_revision__isnull=False))
    found = pages.filter(pk__in=permitted).values_list(
        "pk", "first_published_at", "latest_revision__content", "latest_revision__approved_go_live_at",
    )
    relations = {field.name for field in model._meta.get_fields() if field.many_to_many}
    revisions = {}
    for pk, first_published, content, scheduled in found:
        own_fields = {name: value for name, value in content.items() if name not in relations}
        page = model_from_serializable_data(model, own_fields, check_fks=False)
        page.first_published_at = first_published  # the page's, not the revision's, as Wagtail's ``with_content_json`` keeps it
        targeting = targeting_traits({name: content.get(name) or [] for name in TARGETING})
        revisions[pk] = _Revision(page, targeting, content.get("seasonal_entries") or [], scheduled)
    return revisions
