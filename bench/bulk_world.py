"""The demo world at a brand's scale, in minutes: bulk inserts through the real models' tables.

Adding pages one at a time with Wagtail's ``add_child`` took 17 minutes for
3,000 articles (bench/api_latency.py). Here every new row is a copy of a real
row of the demo world (``seed_demo``) with the columns that make it new
changed, written with one ``executemany`` per table and batch:

- pages get the columns ``add_child`` would set: treebeard's (``path`` is the
  parent's path plus a 4-character base-36 step, ``depth``, the parent's
  ``numchild``) and Wagtail's (``url_path``, a new ``translation_key``), then
  their row in the specific table, keyed by ``page_ptr_id``;
- targeting, seasonal entries and campaign slots go straight into their link
  tables.

Nothing goes through ``save()``: no revisions, search index or reference
index rows are made and no signals are sent. Delivering content reads none of
them but the delivery index, which is rebuilt at the end
(``rebuild_delivery_index``, timed); searching for the generated content
would not find it.
"""

import dataclasses
import datetime
import io
import itertools
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F, Max, Model
from django.utils import timezone
from wagtail.models import Page

from calendars.models import SeasonalEntry
from campaigns.models import CampaignIndexPage, CampaignPage, CampaignSlot
from cms import renditions
from cms.models import ArticleIndexPage, ArticlePage, Channel, ModerationState, MomentsImage, Persona, Region, Scene, UGCPhoto, UGCPost
from cms.targeting import link_table
from demo import data

BATCH = 10_000
YEAR = datetime.timedelta(days=365)
# A brand runs a few percent of its campaigns at any time; most have ended, some are scheduled.
LIVE_CAMPAIGNS, ENDED_CAMPAIGNS = 0.04, 0.76
SEASONAL_ARTICLES = 0.1  # articles an editor linked to a taste calendar's entries
SLOTS_PER_CAMPAIGN = (2, 4)
APPROVED, PENDING = 0.85, 0.10  # the rest of the posts are rejected

Report = Callable[[str], None]


def _batches(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(itertools.islice(rows, size)):
        yield batch


def insert(model: type[Model], columns: list[str], rows: Iterable[tuple]) -> int:
    """Write ``rows``, already in the database's form, into ``model``'s own table; returns how many."""
    quote = connection.ops.quote_name
    names, marks = ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"
    written = 0
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


class Copier:
    """Rows of ``model``'s own table copied from real ones, with some columns changed.

    Values are prepared by their fields as ``save()`` prepares them (aware
    datetimes in the database's form, StreamField as JSON); a template's
    unchanged values only once.
    """

    def __init__(self, model: type[Model]):
        self.model = model
        self.connection = connections[DEFAULT_DB_ALIAS]  # not the proxy: it looks the connection up on every use
        self.fields = model._meta.local_concrete_fields
        self.columns = [field.column for field in self.fields]
        self._templates: dict[int, list] = {}

    def row(self, template: Model, **changes) -> tuple:
        copied = self._prepared(template)
        return tuple(
            field.get_db_prep_save(changes[field.attname], self.connection) if field.attname in changes else value
            for field, value in zip(self.fields, copied)
        )

    def insert(self, rows: Iterable[tuple]) -> int:
        return insert(self.model, self.columns, rows)

    def _prepared(self, template: Model) -> list:
        if template.pk not in self._templates:
            self._templates[template.pk] = [field.get_db_prep_save(getattr(template, field.attname), self.connection) for field in self.fields]
        return self._templates[template.pk]


def link(model: type[Model], name: str, pairs: Iterable[tuple[int, int]]) -> int:
    """Rows of the many-to-many field ``name``'s link table, as (``model`` id, linked id) pairs."""
    through, source, target = link_table(model, name)
    return insert(through, [source, target], pairs)


@dataclasses.dataclass
class NewPage:
    template: Page  # a real page of the same type, under the same parent
    page: dict  # wagtailcore_page columns that differ from the template's, by attname
    specific: dict  # the specific table's
    links: dict[str, list[int]]  # ids linked through the model's many-to-many fields, by field name


def add_pages(parent: Page, model: type[Page], count: int, make: Callable[[int], NewPage], ids: Iterator[int]) -> list[int]:
    """Add ``count`` pages of ``model`` after ``parent``'s last child, as ``add_child`` would; returns their ids."""
    last = parent.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    depth = parent.depth + 1
    pages, specifics, added = Copier(Page), Copier(model), []
    for numbers in _batches(range(count)):
        batch = [(next(ids), make(number)) for number in numbers]
        model_links = batch[0][1].links.keys()
        pages.insert(
            pages.row(
                new.template, id=pk, path=Page._get_path(parent.path, depth, first_step + number), depth=depth, numchild=0,
                url_path=f"{parent.url_path}{new.page['slug']}/", draft_title=new.page["title"], translation_key=uuid.uuid4(),
                locale_id=parent.locale_id, latest_revision_id=None, live_revision_id=None, latest_revision_created_at=None,
                locked=False, locked_at=None, locked_by_id=None, alias_of_id=None, **new.page,
            )
            for number, (pk, new) in zip(numbers, batch)
        )
        specifics.insert(specifics.row(new.template, page_ptr_id=pk, **new.specific) for pk, new in batch)
        for name in model_links:
            link(model, name, ((pk, linked) for pk, new in batch for linked in new.links[name]))
        added += [pk for pk, _ in batch]
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    return added


class World:
    """The demo world's taxonomy and rows, and random picks from them, to copy at scale."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.scenes = list(Scene.objects.values_list("pk", flat=True))
        self.personas = list(Persona.objects.values_list("pk", flat=True))
        self.provinces = list(Region.objects.filter(kind="province").values_list("pk", flat=True))
        self.cities = list(Region.objects.filter(kind="city").values_list("pk", flat=True))
        channels = dict(Channel.objects.values_list("slug", "pk"))
        self.app_home = channels.pop("app-home")
        self.other_channels = list(channels.values())
        self.scenes_by_slug = dict(Scene.objects.values_list("slug", "pk"))
        self.entries = list(SeasonalEntry.objects.values_list("pk", flat=True))
        self.articles = list(ArticlePage.objects.order_by("pk"))
        self.campaigns = list(CampaignPage.objects.order_by("pk"))
        self.post = UGCPost.objects.approved().order_by("pk").first()
        self.photos = list(UGCPhoto.objects.values_list("image_id", flat=True).distinct())

    def some(self, ids: list[int], *weights: float) -> list[int]:
        """0, 1, 2 … of ``ids``, as many with the odds ``weights``."""
        return self.rng.sample(ids, self.rng.choices(range(len(weights)), weights)[0])

    def regions(self, nationwide: float) -> list[int]:
        """Nationwide (no region) with the odds ``nationwide``, else mostly a province, sometimes a city or two."""
        if self.rng.random() < nationwide:
            return []
        return [self.rng.choice(self.provinces)] if self.rng.random() < 0.65 else self.some(self.cities, 0, 3, 1)

    def channels(self) -> list[int]:
        """Unrestricted for many; the app's home feed among the channels for most of the rest."""
        if self.rng.random() < 0.4:
            return []
        others = self.some(self.other_channels, 4, 4, 2)
        return others if others and self.rng.random() < 0.1 else [self.app_home, *others]

    def within_last_year(self) -> datetime.datetime:
        return self.now - self.rng.random() * YEAR


def _article(world: World, number: int) -> NewPage:
    template = world.rng.choice(world.articles)
    published = world.within_last_year()
    return NewPage(
        template,
        page={"title": f"{template.title} · {number}", "slug": f"{template.slug}-{number}", "live": True,
              "has_unpublished_changes": False, "first_published_at": published, "last_published_at": published,
              "go_live_at": None, "expire_at": None, "expired": False},
        specific={"publish_date": timezone.localdate(published)},
        links={"scenes": world.some(world.scenes, 1, 5, 4), "personas": world.some(world.personas, 3, 4, 3),
               "regions": world.regions(nationwide=0.7), "channels": world.channels()},
    )


def _campaign(world: World, number: int) -> NewPage:
    template, rng, now = world.rng.choice(world.campaigns), world.rng, world.now
    state = rng.random()
    if state < LIVE_CAMPAIGNS:
        go_live = now - rng.uniform(1, 30) * datetime.timedelta(days=1)
        expire = now + rng.uniform(1, 45) * datetime.timedelta(days=1)
    elif state < LIVE_CAMPAIGNS + ENDED_CAMPAIGNS:
        go_live = now - rng.uniform(30, 1000) * datetime.timedelta(days=1)
        expire = go_live + rng.uniform(3, 45) * datetime.timedelta(days=1)
    else:
        go_live = now + rng.uniform(1, 90) * datetime.timedelta(days=1)
        expire = go_live + rng.uniform(3, 45) * datetime.timedelta(days=1)
    published = go_live if go_live < now else None
    return NewPage(
        template,
        page={"title": f"{template.title} · {number}", "slug": f"{template.slug}-{number}",
              "live": published is not None and expire > now, "expired": expire <= now, "has_unpublished_changes": published is None,
              "first_published_at": published, "last_published_at": published, "go_live_at": go_live, "expire_at": expire},
        specific={"priority": rng.randint(1, 3), "planning_stage": "planned"},
        links={"scenes": world.some(world.scenes, 0, 3, 2), "personas": world.some(world.personas, 1, 3, 2),
               "regions": world.regions(nationwide=0.5), "channels": world.channels(),
               "seasonal_entries": world.some(world.entries, 7, 2, 1)},
    )


@dataclasses.dataclass
class NewPost:
    columns: dict  # ugcpost columns that differ from the template's, by attname
    scenes: list[int]
    consent_channels: list[int]
    photo: int  # image id

    @property
    def approved(self) -> bool:
        return self.columns["moderation_state"] == ModerationState.APPROVED


def _moderation_state(rng: random.Random) -> ModerationState:
    roll = rng.random()
    if roll < APPROVED:
        return ModerationState.APPROVED
    return ModerationState.PENDING if roll < APPROVED + PENDING else ModerationState.REJECTED


def _post(world: World, members: int, campaign_ids: list[int]) -> NewPost:
    """A member's post with a demo post's text and scenes; approved ones consent to the app's home feed."""
    rng = world.rng
    text, scene_slugs, _campaign = rng.choice(data.UGC_TEXTS)
    state, created, member = _moderation_state(rng), world.within_last_year(), rng.randrange(members)
    moderated = state != ModerationState.PENDING
    channels = world.some(world.other_channels, 5, 3, 2)
    return NewPost(
        columns={
            "member_id": f"B{member}", "member_handle": f"{rng.choice(data.MEMBER_HANDLES)}{member}", "text": text,
            "region_id": rng.choice(world.cities if rng.random() < 0.8 else world.provinces),
            "campaign_id": rng.choice(campaign_ids) if rng.random() < 0.1 else None, "created_at": created,
            "moderation_state": state, "rejection_reason": "照片与活动无关" if state == ModerationState.REJECTED else "",
            "moderated_by_id": world.post.moderated_by_id if moderated else None,
            "moderated_at": created + datetime.timedelta(hours=rng.uniform(1, 48)) if moderated else None,
            "consent_until": None if rng.random() < 0.25 else world.today + datetime.timedelta(days=rng.randint(30, 730)),
            "idempotency_key": "", "submission_digest": "",
        },
        scenes=[world.scenes_by_slug[slug] for slug in scene_slugs],
        consent_channels=[world.app_home, *channels] if state == ModerationState.APPROVED else channels,
        photo=rng.choice(world.photos),
    )


def add_posts(world: World, count: int, campaign_ids: list[int]) -> list[int]:
    """Members' posts (one photo each, a demo photo), five per member on average; returns the approved ones' ids."""
    posts, members = Copier(UGCPost), max(count // 5, 1)
    first_id = (UGCPost.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    photo_columns = [UGCPhoto._meta.get_field(name).column for name in ("sort_order", "post", "image")]
    approved = []
    for ids in _batches(range(first_id, first_id + count)):
        batch = [(pk, _post(world, members, campaign_ids)) for pk in ids]
        posts.insert(posts.row(world.post, id=pk, **post.columns) for pk, post in batch)
        link(UGCPost, "scenes", ((pk, scene) for pk, post in batch for scene in post.scenes))
        link(UGCPost, "consent_channels", ((pk, channel) for pk, post in batch for channel in post.consent_channels))
        insert(UGCPhoto, photo_columns, ((0, pk, post.photo) for pk, post in batch))
        approved += [pk for pk, post in batch if post.approved]
    return approved


def add_slots(world: World, campaign_ids: list[int], article_ids: list[int], approved_posts: list[int]) -> int:
    """Each campaign's feed: a few articles, then an approved post or none."""
    columns = [CampaignSlot._meta.get_field(name).column for name in ("sort_order", "campaign", "article", "ugc_post", "note")]

    def slots():
        for campaign in campaign_ids:
            content = [(article, None) for article in world.rng.sample(article_ids, world.rng.randint(*SLOTS_PER_CAMPAIGN))]
            content += [(None, post) for post in world.rng.sample(approved_posts, world.rng.randint(0, 1))]
            yield from ((order, campaign, article, post, "") for order, (article, post) in enumerate(content))

    return insert(CampaignSlot, columns, slots())


def add_seasonal_links(world: World, article_ids: list[int]) -> int:
    """A share of the articles as related articles of one or two seasonal entries."""
    linked = world.rng.sample(article_ids, int(len(article_ids) * SEASONAL_ARTICLES))
    pairs = {(entry, article) for article in linked for entry in world.rng.sample(world.entries, world.rng.randint(1, 2))}
    return link(SeasonalEntry, "related_articles", sorted(pairs))


def generate(articles: int, ugc: int, campaigns: int, rng: random.Random, report: Report) -> None:
    """The demo world, then the generated content on top, in one transaction."""

    def step(label: str, work: Callable[[], object]):
        started = time.perf_counter()
        result = work()
        report(f"  {label} in {time.perf_counter() - started:.1f}s")
        return result

    step("migrations", lambda: call_command("migrate", verbosity=0))
    step("demo world (seed_demo)", lambda: call_command("seed_demo", stdout=io.StringIO()))
    step("renditions of the demo images", _make_renditions)
    with transaction.atomic():
        world = World(rng)
        ids = itertools.count((Page.objects.aggregate(last=Max("pk"))["last"] or 0) + 1)
        article_ids = step(f"{articles} articles", lambda: add_pages(
            ArticleIndexPage.objects.get(), ArticlePage, articles, lambda number: _article(world, number), ids))
        campaign_ids = step(f"{campaigns} campaigns", lambda: add_pages(
            CampaignIndexPage.objects.get(), CampaignPage, campaigns, lambda number: _campaign(world, number), ids))
        approved = step(f"{ugc} UGC posts", lambda: add_posts(world, ugc, campaign_ids))
        step("campaign slots", lambda: add_slots(world, campaign_ids, article_ids, approved))
        step("seasonal entries' related articles", lambda: add_seasonal_links(world, article_ids))
        with connection.cursor() as cursor:  # PostgreSQL's id sequences, past the ids given here
            for sql in connection.ops.sequence_reset_sql(no_style(), [Page, UGCPost]):
                cursor.execute(sql)
    step("delivery index (rows written here sent no signals)", lambda: call_command("rebuild_delivery_index", stdout=io.StringIO()))
    step("ANALYZE (PostgreSQL's autovacuum would soon; SQLite needs asking)", _analyze)


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _make_renditions() -> None:
    """A live site's worker made them long ago (cms/renditions.py)."""
    for image in MomentsImage.objects.all():
        renditions.make_all(image)


def holds_generated_content() -> bool:
    """More articles than the demo world's."""
    return "cms_articlepage" in connection.introspection.table_names() and ArticlePage.objects.count() > len(data.ARTICLES)


def prepare(arguments, rng: random.Random) -> None:
    """The dataset ``add_dataset_arguments`` asked for: generated, or reused with ``--keep``.

    Never adds to a PostgreSQL database that already holds one; on SQLite the
    file is made anew.
    """
    generated = holds_generated_content()
    if arguments.keep and generated:
        print("Reusing the generated dataset")
        call_command("migrate", verbosity=0)
        call_command("rebuild_delivery_index", "--if-empty")
        return
    if connection.vendor == "sqlite":
        database = Path(connection.settings_dict["NAME"])
        connection.close()
        for leftover in [database, *database.parent.glob(f"{database.name}-*")]:
            leftover.unlink(missing_ok=True)
    elif generated:
        sys.exit("DATABASE_URL already holds generated content: pass --keep to reuse it, or point it at an empty database.")
    print(f"Generating {arguments.articles} articles, {arguments.ugc} UGC posts, {arguments.campaigns} campaigns …")
    started = time.perf_counter()
    generate(arguments.articles, arguments.ugc, arguments.campaigns, rng, report=print)
    print(f"  generated in {time.perf_counter() - started:.0f}s")
