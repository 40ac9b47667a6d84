"""The shared vocabulary every piece of content is tagged with.

Scenes, personas, regions and channels are snippets with stable slugs or
codes: the app sends those, so they must not change once published.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.models import Orderable
from wagtail.search import index

from cms import time_windows


class Place(models.TextChoices):
    HOME = "home", pgettext_lazy("scene place", "Home")
    OFFICE = "office", pgettext_lazy("scene place", "Office")
    STORE = "store", pgettext_lazy("scene place", "Store")
    COMMUTE = "commute", pgettext_lazy("scene place", "Commute")
    OUTDOORS = "outdoors", pgettext_lazy("scene place", "Outdoors")
    ONLINE = "online", pgettext_lazy("scene place", "Online")


class JourneyStage(models.TextChoices):
    AWARENESS = "awareness", _("Awareness")
    CONSIDERATION = "consideration", _("Consideration")
    PURCHASE = "purchase", _("Purchase")
    POST_PURCHASE = "post_purchase", _("Post-purchase")
    ADVOCACY = "advocacy", _("Advocacy")


class Scene(index.Indexed, ClusterableModel):
    """A micro-moment: a time slot in which a person's attention is high."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("Used by the app; do not change once live."))
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("where"), max_length=20, choices=Place.choices)
    journey_stage = models.CharField(_("journey stage"), max_length=20, choices=JourneyStage.choices)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("place"),
        index.FilterField("journey_stage"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("scene")

    def __str__(self) -> str:
        return self.name

    def is_happening(self, local_moment) -> bool:
        """Whether any of the scene's time windows contains ``local_moment``."""
        return any(window.contains(local_moment) for window in self.time_windows.all())


class SceneTimeWindow(Orderable):
    scene = ParentalKey(Scene, on_delete=models.CASCADE, related_name="time_windows")
    days = models.CharField(
        _("days"),
        max_length=7,
        help_text=_("Days on which the window starts."),
    )
    start = models.TimeField(_("starts"))
    end = models.TimeField(
        _("ends"),
        help_text=_("An end at or before the start means the window runs past midnight."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("time window")

    def __str__(self) -> str:
        return f"{self.days} {self.start:%H:%M}-{self.end:%H:%M}"

    def clean(self) -> None:
        try:
            self.days = time_windows.normalise_days(self.days)
        except ValueError:
            raise ValidationError({"days": _("Choose at least one day.")}) from None

    def contains(self, local_moment) -> bool:
        return time_windows.window_contains(self.days, self.start, self.end, local_moment)


class LifeStage(models.TextChoices):
    STUDENT = "student", _("Student")
    YOUNG_PROFESSIONAL = "young_professional", _("Young professional")
    ESTABLISHED_PROFESSIONAL = "established_professional", _("Established professional")
    EXPECTING = "expecting", _("Expecting")
    NEW_PARENT = "new_parent", _("New parent")
    FAMILY = "family", _("Family with children")
    SENIOR = "senior", _("Senior")
    ANY = "any", _("Any")


class PersonaInterest(TaggedItemBase):
    content_object = ParentalKey("cms.Persona", on_delete=models.CASCADE, related_name="tagged_interests")


class Persona(index.Indexed, ClusterableModel):
    """A target group, mapped to the segment codes of the brand's CRM/CDP."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("Used by the app; do not change once live."))
    description = models.TextField(_("description"), blank=True)
    life_stage = models.CharField(_("life stage"), max_length=30, choices=LifeStage.choices, default=LifeStage.ANY)
    age_min = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True)
    interests = ClusterTaggableManager(through=PersonaInterest, blank=True, verbose_name=_("interests"))

    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("life_stage"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("persona")

    def __str__(self) -> str:
        return self.name

    @property
    def age_band(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        return f"{self.age_min or ''}-{self.age_max or ''}"

    def clean(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The upper age must not be below the lower age.")})


class PersonaSegmentCode(Orderable):
    """A CRM/CDP segment code the app may send instead of the persona's slug."""

    persona = ParentalKey(Persona, on_delete=models.CASCADE, related_name="segment_codes")
    code = models.CharField(_("segment code"), max_length=64, unique=True)
    system = models.CharField(_("source system"), max_length=40, blank=True, help_text=_("e.g. CDP, CRM, Youzan"))

    class Meta(Orderable.Meta):
        verbose_name = _("segment code")

    def __str__(self) -> str:
        return self.code


class RegionKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")


# The kind of parent each kind of region must have; a country has none.
PARENT_KIND = {
    RegionKind.COUNTRY: None,
    RegionKind.PROVINCE: RegionKind.COUNTRY,
    RegionKind.CITY: RegionKind.PROVINCE,
}

region_code_validator = RegexValidator(
    r"^[A-Z]{2}(-[A-Z0-9]{2,6}){0,2}$",
    _("Use upper-case codes such as CN, CN-GD or CN-GD-SZ."),
)


class Region(index.Indexed, models.Model):
    """Country > province > city. A region with no content falls back to its parent."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[region_code_validator])
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("level"), max_length=10, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = PARENT_KIND.get(self.kind)
        if expected is None and self.parent_id:
            raise ValidationError({"parent": _("A country has no parent region.")})
        if expected is not None and (self.parent is None or self.parent.kind != expected):
            raise ValidationError(
                {"parent": _("A %(kind)s must sit under a %(parent)s.") % {"kind": self.get_kind_display(), "parent": RegionKind(expected).label}}
            )

    @property
    def path_name(self) -> str:
        """The name with its province's, so 上海市 (the city) reads apart from 上海: 上海 › 上海市."""
        names = [region.name for region in reversed(self.fallback_chain()) if region.kind != RegionKind.COUNTRY]
        return " › ".join(names) or self.name

    @property
    def province_name(self) -> str:
        """The province it is or lies in; empty for a country."""
        return "" if self.kind == RegionKind.COUNTRY else self.path_name.split(" › ")[0]

    def fallback_chain(self) -> list["Region"]:
        """This region and its ancestors, nearest first."""
        chain, region = [], self
        while region is not None:
            chain.append(region)
            region = region.parent
        return chain


class Channel(models.Model):
    """Where content is shown: app home feed, push, mini-program, in-store screen …"""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("channel")

    def __str__(self) -> str:
        return self.name
