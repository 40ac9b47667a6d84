"""Taste calendars: what is at its best when, per regional edition and year.

A calendar page holds its seasonal entries inline, so an edition is drafted,
reviewed and published as one unit, and the rows in the database are always
the published entries. A season may be anchored to a solar term or festival
("from 立秋 to 霜降"); its dates are then worked out from the calendar's year,
so copying the calendar to another year keeps each season in its place.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from calendars import almanac
from calendars.edition_editor import AnchorInput, EditionForm, SeasonalEntriesPanel
from cms.forms import KnownImageChooser, LazyDateInput, MultiplePageChooser
from cms.links import absolute_url
from cms.models.pages import MomentsPage
from cms.plain_text import ControlCharactersRemoved
from cms.search import segmented
from cms.visibility import live_pages


class TasteCalendarIndexPage(MomentsPage):
    template = "cms/section_page.html"
    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["calendars.TasteCalendarPage"]

    class Meta:
        verbose_name = _("taste calendar index")


class TasteCalendarPageQuerySet(PageQuerySet):
    def live_at(self, now: datetime.datetime | None = None) -> "TasteCalendarPageQuerySet":
        """Editions the app may show at ``now`` (:func:`cms.visibility.live_pages`)."""
        return live_pages(self, now)


class TasteCalendarPage(ControlCharactersRemoved, MomentsPage):
    """One regional edition of the taste calendar for one year, e.g. "广东 2026"."""

    region = models.ForeignKey("cms.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="taste_calendars")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("region"), FieldPanel("year")]),
        FieldPanel("intro"),
        SeasonalEntriesPanel("entries", heading=_("Seasonal entries"), label=_("entry")),
    ]
    base_form_class = EditionForm
    search_fields = segmented(Page.search_fields + [index.FilterField("year"), index.FilterField("region")])
    objects = PageManager.from_queryset(TasteCalendarPageQuerySet)()
    parent_page_types = ["calendars.TasteCalendarIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("taste calendar")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_taste_calendar_per_region_and_year"),
        ]

    def clean(self) -> None:
        super().clean()
        duplicate = TasteCalendarPage.objects.filter(region_id=self.region_id, year=self.year).exclude(pk=self.pk)
        if self.region_id and self.year and duplicate.exists():
            raise ValidationError({"year": _("This region already has a taste calendar for %(year)s.") % {"year": self.year}})

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        """The page as a revision holds it, its entries read by :meth:`SeasonalEntry.from_revision` all at once."""
        page = super().from_serializable_data({key: value for key, value in data.items() if key != "entries"}, check_fks, strict_fks)
        if page is not None and "entries" in data:
            page.entries = SeasonalEntry.from_revision(data["entries"], check_fks)
        return page

    def solar_terms(self) -> tuple[almanac.AlmanacDay, ...]:
        return almanac.solar_terms(self.year)

    def festivals(self) -> tuple[almanac.AlmanacDay, ...]:
        return almanac.festivals(self.year)


class ItemCategory(models.TextChoices):
    FRUIT = "fruit", _("Fruit")
    VEGETABLE = "vegetable", _("Vegetable")
    SEAFOOD = "seafood", _("Seafood")
    MEAT = "meat", _("Meat & poultry")
    DISH = "dish", _("Dish")
    DRINK = "drink", _("Tea & drinks")
    OTHER = "other", _("Other")


class SeasonalEntryQuerySet(models.QuerySet):
    def published(self, now: datetime.datetime | None = None) -> "SeasonalEntryQuerySet":
        """Entries of live editions: a draft edition's first entries are stored before it is published."""
        return self.filter(calendar__in=TasteCalendarPage.objects.live_at(now))


class SeasonalEntry(ControlCharactersRemoved, index.Indexed, ClusterableModel, Orderable):
    """An item in season: produce or a dish, its origin, season and peak."""

    calendar = ParentalKey(TasteCalendarPage, on_delete=models.CASCADE, related_name="entries")
    item = models.CharField(_("item"), max_length=60, help_text=_("e.g. 阳澄湖大闸蟹"))
    item_en = models.CharField(_("English name"), max_length=60, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ItemCategory.choices)
    variety = models.CharField(pgettext_lazy("seasonal entry", "variety"), max_length=60, blank=True, help_text=_("e.g. 东魁, 荸荠种"))
    origin = models.CharField(_("origin"), max_length=80, help_text=_("Where it comes from, e.g. 江苏苏州阳澄湖"))
    season_start = models.DateField(_("season starts"), null=True, blank=True)
    season_start_anchor = models.CharField(
        _("or starts at"), max_length=20, blank=True, choices=almanac.anchor_choices(),
        help_text=_("A solar term or festival; overrides the date and recurs every year."),
    )
    season_start_offset = models.SmallIntegerField(
        _("days after anchor"), null=True, blank=True, help_text=_("Only with an anchor: 0 for its day, -1 for the day before."),
    )
    season_end = models.DateField(_("season ends"), null=True, blank=True)
    season_end_anchor = models.CharField(_("or ends at"), max_length=20, blank=True, choices=almanac.anchor_choices())
    season_end_offset = models.SmallIntegerField(_("days after anchor"), null=True, blank=True)
    peak_start = models.DateField(_("peak starts"), null=True, blank=True)
    peak_end = models.DateField(_("peak ends"), null=True, blank=True)
    tasting_notes = models.TextField(_("tasting notes"), blank=True)
    image = models.ForeignKey("cms.MomentsImage", verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    related_articles = ParentalManyToManyField("cms.ArticlePage", blank=True, related_name="seasonal_entries", verbose_name=_("related articles"))

    panels = [
        FieldRowPanel([FieldPanel("item"), FieldPanel("item_en"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("variety"), FieldPanel("origin")]),
        MultiFieldPanel(
            [
                FieldRowPanel([
                    FieldPanel("season_start", widget=LazyDateInput), FieldPanel("season_start_anchor", widget=AnchorInput),
                    FieldPanel("season_start_offset"),
                ]),
                FieldRowPanel([
                    FieldPanel("season_end", widget=LazyDateInput), FieldPanel("season_end_anchor", widget=AnchorInput),
                    FieldPanel("season_end_offset"),
                ]),
                FieldRowPanel([FieldPanel("peak_start", widget=LazyDateInput), FieldPanel("peak_end", widget=LazyDateInput)]),
            ],
            heading=_("Season"),
        ),
        FieldPanel("tasting_notes"),
        FieldPanel("image", widget=KnownImageChooser),
        FieldPanel("related_articles", widget=MultiplePageChooser),
    ]

    search_fields = segmented([
        index.SearchField("item"),
        index.SearchField("item_en"),
        index.SearchField("variety"),
        index.SearchField("origin"),
        index.SearchField("tasting_notes"),
        index.SearchField("edition_region"),
        index.AutocompleteField("item"),
        index.FilterField("id"),  # the API searches within its own visibility rules
        index.FilterField("category"),
        index.FilterField("season_start"),
        index.FilterField("season_end"),
    ])

    objects = SeasonalEntryQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = _("seasonal entry")
        verbose_name_plural = _("seasonal entries")

    @classmethod
    def from_revision(cls, entries: list[dict], check_fks: bool = True) -> list["SeasonalEntry"]:
        """Entries as a revision of their calendar holds them, their images and articles looked up once for all.

        modelcluster looks each entry's image and articles up by itself: three
        queries an entry for opening a draft in the editor. An image or article
        deleted since is left out, as modelcluster leaves it out.
        """
        image_ids = {entry["image"] for entry in entries if entry.get("image") is not None}
        if check_fks:
            image_ids = set(cls._meta.get_field("image").related_model.objects.filter(pk__in=image_ids).values_list("pk", flat=True))
        articles = cls._meta.get_field("related_articles").related_model._default_manager.in_bulk(
            {pk for entry in entries for pk in entry.get("related_articles") or ()}
        )
        found = []
        for data in entries:
            entry = cls.from_serializable_data(
                {key: value for key, value in data.items() if key not in ("calendar", "image", "related_articles")}, check_fks, strict_fks=True,
            )
            entry.image_id = data.get("image") if data.get("image") in image_ids else None
            entry.related_articles = [articles[pk] for pk in data.get("related_articles") or () if pk in articles]
            found.append(entry)
        return found

    def __str__(self) -> str:
        name = f"{self.item} ({self.variety})" if self.variety else self.item
        calendar = getattr(self, "calendar", None)
        return f"{name} · {calendar.title}" if calendar else name

    def edition_region(self) -> str:
        """The region of the calendar edition it belongs to, so search finds "荔枝 广东"."""
        calendar = getattr(self, "calendar", None)
        return calendar.region.name if calendar else ""

    def clean(self) -> None:
        super().clean()
        self.clean_offsets()
        self.resolve_anchors()
        errors = {}
        if self.season_start is None:
            errors["season_start"] = _("Give a start date or a solar term / festival to start at.")
        if self.season_end is None:
            errors["season_end"] = _("Give an end date or a solar term / festival to end at.")
        if errors:
            raise ValidationError(errors)
        if self.season_end < self.season_start:
            raise ValidationError({"season_end": _("The season cannot end before it starts.")})
        if (self.peak_start is None) != (self.peak_end is None):
            raise ValidationError({"peak_end": _("Give both ends of the peak window, or neither.")})
        if self.peak_start and not (self.season_start <= self.peak_start <= self.peak_end <= self.season_end):
            raise ValidationError(
                {"peak_start": _("The peak window must lie inside the season (%(start)s to %(end)s).") % {"start": self.season_start, "end": self.season_end}}
            )

    def clean_offsets(self) -> None:
        """Days after an anchor count from an anchor: required with one; with none, none but a 0, which older drafts hold."""
        errors = {}
        for anchor_field, offset_field in ANCHOR_OFFSETS:
            anchor, offset = getattr(self, anchor_field), getattr(self, offset_field)
            if anchor and offset is None:
                errors[offset_field] = _("Give the days after %(anchor)s: 0 for its day, -1 for the day before.") % {"anchor": anchor}
            elif not anchor and offset:
                errors[offset_field] = _("Days after an anchor need a solar term or festival to count from: choose one, or clear the days.")
            elif not anchor:
                setattr(self, offset_field, None)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.resolve_anchors()
        super().save(*args, **kwargs)

    def resolve_anchors(self) -> None:
        """Work out anchored season dates from the calendar's year.

        A season that ends at an anchor falling before its start runs into the
        next year ("立冬 to 立春"). An anchor the almanac cannot place is a
        validation error on its field.
        """
        calendar = getattr(self, "calendar", None)
        if calendar is None or not calendar.year:
            return
        year = calendar.year
        if self.season_start_anchor:
            self.season_start = _anchored("season_start_anchor", self.season_start_anchor, year, self.season_start_offset or 0)
        if self.season_end_anchor:
            self.season_end = _anchored("season_end_anchor", self.season_end_anchor, year, self.season_end_offset or 0)
            if self.season_start and self.season_end < self.season_start:
                self.season_end = _anchored("season_end_anchor", self.season_end_anchor, year + 1, self.season_end_offset or 0)

    def is_in_season(self, day: datetime.date) -> bool:
        return self.season_start <= day <= self.season_end

    def is_peak(self, day: datetime.date) -> bool:
        return self.peak_start is not None and self.peak_start <= day <= self.peak_end

    def days_left(self, day: datetime.date) -> int:
        """Days of season left after ``day`` (0 on the last day)."""
        return (self.season_end - day).days


ANCHOR_OFFSETS = (("season_start_anchor", "season_start_offset"), ("season_end_anchor", "season_end_offset"))


def _anchored(field: str, name: str, year: int, offset: int) -> datetime.date:
    try:
        return almanac.anchor_date(name, year) + datetime.timedelta(days=offset)
    except KeyError:
        raise ValidationError({field: _("The almanac has no %(name)s for %(year)s.") % {"name": name, "year": year}})


class MarketingCalendar(models.Model):
    """Holds the permission to open the marketing calendar; has no table.

    Wagtail keeps its own "access admin" permission the same way.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_marketing_calendar", "Can view the marketing calendar")]


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A user's secret iCal address. Resetting the token revokes every copy of the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"{self.user} · {self.token[:6]}…"

    @classmethod
    def for_user(cls, user) -> "CalendarFeed":
        return cls.objects.get_or_create(user=user)[0]

    def url(self, query: str = "") -> str:
        """The address to subscribe to, with filters as in the calendar's own URLs."""
        address = absolute_url(reverse("calendar_feed", args=[self.token]))
        return f"{address}?{query}" if query else address

    def reset(self) -> None:
        self.token = new_feed_token()
        self.last_fetched_at = None
        self.save(update_fields=["token", "last_fetched_at"])
