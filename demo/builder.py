"""Builds the demo world from :mod:`demo.data`, idempotently.

Everything is looked up by its natural key (slug, code, title, member and
text) before it is made, so a second run finds it all and adds nothing.
Campaign dates and taste-calendar editions are worked out from the day it runs
(see ``DemoWorld._window``), so on any date the world has campaigns that ended,
at least two live, some still ahead and one in review, and a taste calendar
that covers today.
"""

import datetime
import itertools
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from calendars import almanac
from calendars.models import SeasonalEntry, TasteCalendarIndexPage, TasteCalendarPage
from campaigns.models import CampaignIndexPage, CampaignPage, CampaignSlot
from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    Channel,
    HomePage,
    ModerationSettings,
    ModerationState,
    Persona,
    PersonaSegmentCode,
    Region,
    Scene,
    SceneTimeWindow,
    UGCPhoto,
    UGCPost,
    collection_named,
)
from delivery import incoming_photos, intake
from demo import data
from demo.experiments import build_experiments
from demo.images import demo_image, draw_picture

DEMO_USERS = [
    # username, password, superuser, group
    ("admin", "moments-admin", True, None),
    ("editor", "moments-editor", False, "Editors"),
    ("moderator", "moments-moderator", False, "Moderators"),
    ("reviewer", "moments-reviewer", False, "Reviewers"),
]
HERO_SIZE = (960, 640)
PHOTO_SIZE = (640, 640)
UGC_POST_COUNT = 84

Report = Callable[[str], None]


class DemoWorld:
    def __init__(self, report: Report, today: datetime.date | None = None):
        self.report = report
        self.now = timezone.now()
        self.today = today or timezone.localdate()
        self.year = self.today.year

    @transaction.atomic
    def build(self) -> None:
        steps = [
            ("users", self.build_users),
            ("taxonomy", self.build_taxonomy),
            ("page tree", self.build_page_tree),
            ("articles", self.build_articles),
            ("taste calendars", self.build_calendars),
            ("UGC posts", self.build_ugc),
            ("campaigns", self.build_campaigns),
            ("posts sent from the app", self.build_app_submissions),
            ("experiments", lambda: build_experiments(self.now, self.editor)),
        ]
        for number, (name, step) in enumerate(steps, start=1):
            self.report(f"[{number}/{len(steps)}] {name} …")
            summary = step()
            self.report(f"      {summary}")

    # Users and taxonomy ---------------------------------------------------

    def build_users(self) -> str:
        for username, password, is_superuser, group in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "is_superuser": is_superuser, "email": f"{username}@moments.example"},
            )
            if created:
                user.set_password(password)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
        self.editor = User.objects.get(username="editor")
        self.admin = User.objects.get(username="admin")
        self.moderator = User.objects.get(username="moderator")
        return f"{User.objects.count()} users"

    def build_taxonomy(self) -> str:
        for slug, name, place, stage, description, windows in data.SCENES:
            scene, created = Scene.objects.get_or_create(
                slug=slug, defaults={"name": name, "place": place, "journey_stage": stage, "description": description}
            )
            if created:
                for days, start, end in windows:
                    SceneTimeWindow.objects.create(scene=scene, days=days, start=start, end=end)
        for slug, name, stage, age_min, age_max, interests, codes, description in data.PERSONAS:
            persona, created = Persona.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "life_stage": stage, "age_min": age_min, "age_max": age_max, "description": description},
            )
            if created:
                persona.interests.add(*interests)
                persona.save()
                for code in codes:
                    PersonaSegmentCode.objects.create(persona=persona, code=code, system=code.split("-")[0])
        for code, name, kind, parent_code in data.REGIONS:
            Region.objects.get_or_create(
                code=code, defaults={"name": name, "kind": kind, "parent": Region.objects.filter(code=parent_code).first()}
            )
        for slug, name in data.CHANNELS:
            Channel.objects.get_or_create(slug=slug, defaults={"name": name})
        return (
            f"{Scene.objects.count()} scenes, {Persona.objects.count()} personas, "
            f"{Region.objects.count()} regions, {Channel.objects.count()} channels"
        )

    # Pages ------------------------------------------------------------------

    def build_page_tree(self) -> str:
        root = Page.get_first_root_node()
        self.home = HomePage.objects.first() or root.add_child(
            instance=HomePage(title="Moments 鲜生活", slug="moments", intro="为每一个微时刻准备的内容。")
        )
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": self.home, "hostname": "localhost", "site_name": "Moments"})
        Page.objects.filter(depth=2).exclude(pk=self.home.pk).filter(slug="home").delete()
        self.article_index = self._child(self.home, ArticleIndexPage, "articles", title="内容 PGC", intro="品牌与达人内容。")
        self.campaign_index = self._child(self.home, CampaignIndexPage, "campaigns", title="活动 Campaigns", intro="热点与节日活动。")
        self.calendar_index = self._child(self.home, TasteCalendarIndexPage, "taste-calendars", title="尝鲜日历", intro="不时不食。")
        self.pgc_images = collection_named("PGC 品牌与达人")
        self.ugc_images = collection_named(settings.MOMENTS_UGC["collection"])
        return f"{Page.objects.count()} pages"

    def _child(self, parent: Page, model, slug: str, **fields) -> Page:
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision(user=self.admin).publish()
        return page

    def _new_page(self, parent: Page, page: Page) -> Page:
        """Add ``page`` as an unpublished draft with a first revision."""
        page.live = False
        parent.add_child(instance=page)
        page.save_revision(user=self.editor, log_action=True)
        return page

    def _targeting(self, scenes, personas, regions, channels=()) -> dict:
        return {
            "scenes": list(Scene.objects.filter(slug__in=scenes)),
            "personas": list(Persona.objects.filter(slug__in=personas)),
            "regions": list(Region.objects.filter(code__in=regions)),
            "channels": list(Channel.objects.filter(slug__in=channels)),
        }

    def build_articles(self) -> str:
        authors = {kind: itertools.cycle(names) for kind, names in data.AUTHORS.items()}
        for number, (slug, title, summary, paragraph, source, scenes, personas, regions, product, tips) in enumerate(data.ARTICLES):
            if ArticlePage.objects.filter(slug=slug).exists():
                continue
            hero = demo_image(f"文章题图 · {title}", slug.replace("-", " ").title(), HERO_SIZE, self.pgc_images)
            author, handle = next(authors[source])
            page = ArticlePage(
                title=title, slug=slug, intro=summary, hero_image=hero, source_kind=source,
                author_name=author, author_handle=handle,
                publish_date=self.today - datetime.timedelta(days=7 * number + 3),
                body=self._article_body(paragraph, hero, product, tips),
                **self._targeting(scenes, personas, regions, ["app-home", "social"]),
            )
            self._new_page(self.article_index, page).get_latest_revision().publish(user=self.moderator)
        return f"{ArticlePage.objects.count()} articles"

    def _article_body(self, paragraph, hero, product, tips) -> list:
        body = [("paragraph", f"<p>{paragraph}</p>"), ("image", {"image": hero, "caption": "图片由鲜食研究所拍摄"})]
        if tips:
            body.append(("steps", {"style": "steps" if len(tips) > 2 else "tips", "title": "怎么做", "items": tips}))
        if product:
            name, sku, price, unit = product
            body.append(("product", {"name": name, "sku": sku, "price": Decimal(price), "unit": unit, "image": hero}))
        body.append(("quote", {"text": "不时不食，吃的是当下。", "attribution": "鲜食研究所"}))
        return body

    def build_calendars(self) -> str:
        """Last year's editions and this year's, so a winter season running into this year is there too."""
        for year in (self.year - 1, self.year):
            for slug_prefix, region_code, title_prefix, intro, entries in data.CALENDARS:
                slug = f"{slug_prefix}-{year}"
                if TasteCalendarPage.objects.filter(slug=slug).exists():
                    continue
                calendar = TasteCalendarPage(
                    title=f"{title_prefix} {year}", slug=slug, intro=intro,
                    region=Region.objects.get(code=region_code), year=year,
                )
                calendar.entries = [self._seasonal_entry(calendar, *entry) for entry in entries]
                self._new_page(self.calendar_index, calendar).get_latest_revision().publish(user=self.moderator)
        return f"{TasteCalendarPage.objects.count()} calendars, {SeasonalEntry.objects.count()} seasonal entries"

    def _seasonal_entry(self, calendar, item, item_en, category, variety, origin, start, end, peak, notes) -> SeasonalEntry:
        entry = SeasonalEntry(
            calendar=calendar, item=item, item_en=item_en, category=category, variety=variety,
            origin=origin, tasting_notes=notes,
            image=demo_image(f"应季 · {item} {variety}".strip(), item_en, HERO_SIZE, self.pgc_images),
            related_articles=list(ArticlePage.objects.filter(body__icontains=item)[:3]),
        )
        year = calendar.year
        entry.season_start_anchor, entry.season_start_offset, entry.season_start = _season_point(start, year)
        entry.season_end_anchor, entry.season_end_offset, entry.season_end = _season_point(end, year, after=entry.season_start)
        entry.resolve_anchors()
        if peak:
            entry.peak_start = _month_day(peak[0], year, after=entry.season_start)
            entry.peak_end = _month_day(peak[1], year, after=entry.peak_start)
        entry.full_clean(exclude=["calendar"])
        return entry

    # UGC ------------------------------------------------------------------------

    def build_ugc(self) -> str:
        cities = list(Region.objects.filter(kind="city"))
        consent_channels = list(Channel.objects.filter(slug__in=["app-home", "social", "mini-program"]))
        for number in range(UGC_POST_COUNT):
            text, scenes, _campaign = data.UGC_TEXTS[number % len(data.UGC_TEXTS)]
            member_id = f"M{100000 + number * 37}"
            if UGCPost.objects.filter(member_id=member_id, text=text).exists():
                continue
            state = self._demo_state(number)
            post = UGCPost(
                member_id=member_id,
                member_handle=data.MEMBER_HANDLES[number % len(data.MEMBER_HANDLES)],
                text=text,
                region=cities[number % len(cities)],
                created_at=self.now - datetime.timedelta(hours=9 * number + 1),
                moderation_state=state,
                consent_until=self.today + datetime.timedelta(days=365) if number % 4 else None,
                rejection_reason=data.REJECTION_REASONS[number % len(data.REJECTION_REASONS)] if state == ModerationState.REJECTED else "",
                moderated_by=self.admin if state != ModerationState.PENDING else None,
                moderated_at=self.now if state != ModerationState.PENDING else None,
            )
            post.scenes = list(Scene.objects.filter(slug__in=scenes))
            post.consent_channels = consent_channels[: 1 + number % 3] if state != ModerationState.PENDING or number % 24 != 5 else []
            post.photos = [
                UGCPhoto(image=demo_image(f"UGC {member_id} #{photo + 1}", f"@{post.member_handle}", PHOTO_SIZE, self.ugc_images, credit=f"@{post.member_handle}"))
                for photo in range(1 + number % 2)
            ]
            post.save()
        counts = {state.label: UGCPost.objects.filter(moderation_state=state).count() for state in ModerationState}
        return ", ".join(f"{count} {label}" for label, count in counts.items())

    def build_app_submissions(self) -> str:
        """Pending posts that came in through the API's intake, flags and all, for the moderation queue."""
        ModerationSettings.objects.update_or_create(pk=ModerationSettings.load().pk, defaults={
            "sensitive_words": "\n".join(data.SENSITIVE_WORDS), "rejection_reasons": "\n".join(data.REJECTION_REASONS),
        })
        live = set(CampaignPage.objects.live_at(self.now).values_list("slug", flat=True))
        for member_id, handle, text, scenes, region, campaign in data.APP_SUBMISSIONS:
            photo = intake.Photo(name="IMG_0001.JPG", data=draw_picture(f"app {member_id}", PHOTO_SIZE))
            submission = intake.Submission(
                member=intake.Member(member_id, handle), idempotency_key=f"demo-{member_id}", text=text, photos=(photo,),
                scenes=tuple(scenes), region=region, campaign=campaign if campaign in live else None, consent_channels=("app-home",),
            )
            outcome = intake.submit(submission, self.now)
            if outcome.problems:
                raise ValueError(f"demo submission {member_id}: {outcome.problems}")
            incoming_photos.clean_incoming_photos(outcome.post.pk)  # as the task queue's worker would; its own run then finds it done
        flagged = UGCPost.objects.filter(moderation_state=ModerationState.PENDING).exclude(flags=None).count()
        return f"{len(data.APP_SUBMISSIONS)} posts, {flagged} flagged for moderators"

    @staticmethod
    def _demo_state(number: int) -> str:
        if number % 12 == 5:
            return ModerationState.PENDING
        if number % 12 == 11:
            return ModerationState.REJECTED
        return ModerationState.APPROVED

    # Campaigns ----------------------------------------------------------------

    def build_campaigns(self) -> str:
        for spec in data.CAMPAIGNS:
            slug = spec[0]
            if not CampaignPage.objects.filter(slug=slug).exists():
                self._campaign(*spec)
        statuses = CampaignPage.objects.with_planning_status().values_list("planning_status", flat=True)
        summary = ", ".join(f"{count} {status}" for status, count in sorted(Counter(statuses).items()))
        return f"{CampaignPage.objects.count()} campaigns ({summary})"

    def _campaign(self, slug, title, hook, window, scenes, personas, regions, channels, priority, hot_topic, articles, items, stage):
        start, end = self._window(window, upcoming=stage != "published")
        hero = demo_image(f"活动主图 · {title}", slug.replace("-", " ").title(), HERO_SIZE, self.pgc_images)
        page = CampaignPage(
            title=title, slug=slug, hook=hook, summary=hook, hero_image=hero, priority=priority,
            planning_stage="idea" if stage == "idea" else "planned",
            go_live_at=_local_midnight(start), expire_at=_local_midnight(end + datetime.timedelta(days=1)),
            seasonal_entries=list(SeasonalEntry.objects.filter(item__in=items, season_start__lte=end, season_end__gte=start)),
            **self._targeting(scenes, personas, regions, channels),
        )
        if hot_topic:
            topic, url, broke_days = hot_topic
            page.hot_topic, page.hot_topic_url = topic, url
            page.hot_topic_broke_at = self.now + datetime.timedelta(days=broke_days)
        self._new_page(self.campaign_index, page)
        answering = [text for text, _scenes, campaign in data.UGC_TEXTS if campaign == slug]
        for post in UGCPost.objects.filter(text__in=answering):  # saved one by one, so the delivery index hears of it
            post.campaign = page
            post.save(update_fields=["campaign"])
        page.slots = [CampaignSlot(article=article) for article in ArticlePage.objects.filter(slug__in=articles)] + [
            CampaignSlot(ugc_post=post) for post in UGCPost.objects.approved().filter(campaign=page)[:4]
        ]
        revision = page.save_revision(user=self.editor, log_action=True)
        self._advance(page, revision, stage)

    def _advance(self, page: CampaignPage, revision, stage: str) -> None:
        if stage == "in_review":
            page.get_workflow().start(page, self.editor)
        elif stage == "published":
            revision.publish(user=self.moderator)
            if page.expire_at and page.expire_at <= self.now:
                page.refresh_from_db()
                page.unpublish(set_expired=True, user=self.moderator)

    def _window(self, window, upcoming: bool) -> tuple[datetime.date, datetime.date]:
        """First and last day for a window spec, from today's point of view.

        A season ("fixed") and anything not yet published follow their current
        or next occurrence. A published festival campaign takes its nearest
        occurrence, last year's or this year's or next year's, so on any date
        some have ended and some are still ahead.
        """
        kind, *args = window
        if kind == "relative":
            start, end = (self.today + datetime.timedelta(days=days) for days in args)
        else:
            occurrences = [self._occurrence(kind, args, year) for year in (self.year - 1, self.year, self.year + 1)]
            if upcoming or kind == "fixed":
                start, end = next((start, end) for start, end in occurrences if end >= self.today)
            else:
                start, end = min(occurrences, key=lambda span: max(span[0] - self.today, self.today - span[1]))
        return start, end

    @staticmethod
    def _occurrence(kind: str, args, year: int) -> tuple[datetime.date, datetime.date]:
        if kind == "fixed":
            start = _month_day(args[0], year)
            return start, _month_day(args[1], year, after=start)
        name, before, after = args
        day = almanac.anchor_date(name, year)
        return day + datetime.timedelta(days=before), day + datetime.timedelta(days=after)


def _season_point(spec: str, year: int, after: datetime.date | None = None):
    """("anchor", offset, date) for "M/D", "@name" or "@name-14"."""
    if spec.startswith("@"):
        name, _, offset = spec[1:].partition("-")
        return name, -int(offset) if offset else 0, None
    return "", 0, _month_day(spec, year, after)


def _month_day(spec: str, year: int, after: datetime.date | None = None) -> datetime.date:
    """The date "M/D" in ``year``, or the next year if it would fall before ``after``."""
    month, day = (int(part) for part in spec.split("/"))
    date = datetime.date(year, month, day)
    return date.replace(year=year + 1) if after and date < after else date


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

