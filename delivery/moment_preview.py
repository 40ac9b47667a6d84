"""The admin's app preview: what ``moment`` ranks at a chosen time, place, persona and channel.

What the app will show at a future time is judged as the app will be
answered then: the preview's clock (``now``) is the chosen moment itself, so
a live page whose go-live is still ahead appears, one that expires before it
is gone, and a member's post shows only while its consent covers that day,
all by the rules of :mod:`cms.visibility` and the delivery index's live
windows. A moment in the past is judged now, as the API answers ``moment(at:)``
today: content that has ended since is unpublished and cannot be brought back.

With "Include drafts" the preview ranks, alongside live content, the latest
revision of each page the editor may edit that has unpublished changes or
was never published, in place of its live version, by the same rules
(:mod:`delivery.drafts`): a draft from its go-live on, a revision scheduled
to go live (Wagtail's "approved" campaigns) from its scheduled time on. Each
is marked on its card. Drafts go no further than this page: the QR code's
link is the app's, which shows live content only.

The form is read from the query string, so a preview can be shared as a
link; its QR code opens the app at the same moment
(``settings.MOMENTS_APP_MOMENT_URL``).
"""

import dataclasses
import datetime
from collections.abc import Mapping
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from calendars import almanac
from campaigns.models import CampaignPage
from cms import renditions
from cms.models import MomentsImage, UGCPost
from delivery import prefetch
from delivery.drafts import Drafts, drafts_for
from delivery.models import ItemKind
from delivery.moment import YEARS, MomentQuery, RankedItem
from delivery.taxonomy import Taxonomy

YEAR_AHEAD = datetime.timedelta(days=365)
KIND_LABELS = {
    ItemKind.ARTICLE: pgettext_lazy("kind of content", "Article"),
    ItemKind.CAMPAIGN: pgettext_lazy("kind of content", "Campaign"),
    ItemKind.UGC: pgettext_lazy("kind of content", "Member post"),
}
CARD_IMAGE = {"width": 480, "image_format": "webp", "crop": "wide"}  # one of the renditions the API offers cards
INDENT = "\u3000"  # an ideographic space per level of the region tree
SHOWN = prefetch.Shown(seasonal_items=False, related_articles=False)  # a card shows neither


def region_choices(taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """Every region right under its parent, indented by its depth."""
    chains = {code: taxonomy.region_chain(region) for code, region in taxonomy.regions.items()}
    ordered = sorted(chains, key=lambda code: [region.code for region in reversed(chains[code])])
    return [(code, f"{INDENT * (len(chains[code]) - 1)}{chains[code][0].name} ({code})") for code in ordered]


def named_day_choices(today: datetime.date) -> list[tuple[str, str]]:
    """The festivals and solar terms of the coming year, each setting its date."""
    days = almanac.days_between(today, today + YEAR_AHEAD)
    return [("", "—"), *((day.date.isoformat(), f"{day.name} · {day.date.isoformat()}") for day in days)]


class MomentForm(forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    day = forms.ChoiceField(label=_("or a festival or solar term"), required=False)
    time = forms.TimeField(label=_("Time (Shanghai)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    region = forms.ChoiceField(label=_("Region"))
    personas = forms.MultipleChoiceField(label=_("Personas"), required=False, widget=forms.CheckboxSelectMultiple)
    channel = forms.ChoiceField(label=_("Channel"))
    first = forms.IntegerField(label=_("Items"), min_value=1, max_value=settings.MOMENTS_API_LIMITS["max_page_size"])
    drafts = forms.BooleanField(
        label=_("Include drafts"), required=False,
        help_text=_("Unpublished changes and scheduled revisions of the pages you may edit, here only: never in the app."),
    )

    def __init__(self, data: Mapping, *, taxonomy: Taxonomy, today: datetime.date, prefix: str | None = None):
        super().__init__(data, prefix=prefix)
        self.taxonomy = taxonomy
        self.fields["day"].choices = named_day_choices(today)
        self.fields["region"].choices = region_choices(taxonomy)
        self.fields["personas"].choices = [(persona.slug, persona.name) for persona in taxonomy.personas]
        self.fields["channel"].choices = [(channel.slug, channel.name) for channel in taxonomy.channels.values()]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("day"):
            data["date"] = datetime.date.fromisoformat(data["day"])
        if not data.get("date"):
            if "date" not in self.errors:
                self.add_error("date", _("Pick a date, or a festival or solar term."))
        elif data["date"].year not in YEARS:
            self.add_error("date", _("The app's moments run from %(first)s to %(last)s.") % {"first": YEARS.start, "last": YEARS.stop - 1})
        elif data.get("time"):
            data["at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["time"]))
        return data


def moment_form(query: Mapping, taxonomy: Taxonomy, now: datetime.datetime, prefix: str | None = None) -> MomentForm:
    """The form as the query string fills it, or the moment now (to the quarter hour) when it names none of its fields."""
    local = timezone.localtime(now)
    key = (lambda name: f"{prefix}-{name}") if prefix else (lambda name: name)
    if not any(key(name) in query for name in MomentForm.base_fields):
        defaults = {
            "date": local.date().isoformat(), "time": f"{local.hour:02}:{local.minute // 15 * 15:02}",
            "region": settings.MOMENTS_DEFAULT_REGION, "channel": settings.MOMENTS_DEFAULT_CHANNEL, "first": 10,
        }
        query = {key(name): value for name, value in defaults.items()}
    return MomentForm(query, taxonomy=taxonomy, today=local.date(), prefix=prefix)


@dataclasses.dataclass(frozen=True)
class Card:
    """One ranked item as the app's feed shows it, with why it ranks where it does."""

    key: tuple[str, int]
    rank: int
    title: str
    text: str
    image: renditions.Sized | None
    score: float
    reasons: tuple[str, ...]
    edit_url: str
    draft: bool = False
    scheduled_for: datetime.datetime | None = None  # a draft's go-live, when it is scheduled

    @property
    def kind(self) -> str:
        return self.key[0]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def card_for(rank: int, item: RankedItem, drafts: Drafts | None) -> Card:
    card = _card(rank, item)
    draft = drafts.revised.get(card.key) if drafts else None
    return dataclasses.replace(card, draft=True, scheduled_for=draft.scheduled_for) if draft else card


def _card(rank: int, item: RankedItem) -> Card:
    content = item.content
    if isinstance(content, UGCPost):
        photo = next(iter(content.photos.all()), None)
        return Card(
            (ItemKind.UGC, content.pk), rank, f"@{content.member_handle}", content.text, _image(photo and photo.image),
            item.score, item.reasons, reverse("wagtailsnippets_cms_ugcpost:edit", args=[content.pk]),
        )
    kind, text = (ItemKind.CAMPAIGN, content.hook) if isinstance(content, CampaignPage) else (ItemKind.ARTICLE, content.intro)
    return Card(
        (kind, content.pk), rank, content.title, text, _image(content.hero_image), item.score, item.reasons,
        reverse("wagtailadmin_pages:edit", args=[content.pk]),
    )


def _image(image: MomentsImage | None) -> renditions.Sized | None:
    return renditions.nearest(image, **CARD_IMAGE) if image else None


@dataclasses.dataclass(frozen=True)
class Preview:
    at: datetime.datetime
    named_days: list[almanac.AlmanacDay]  # the festivals and solar terms on the moment's day
    moment: MomentQuery
    cards: list[Card]
    app_url: str
    drafts: bool = False  # drafts were asked for

    @property
    def qr_code(self) -> SafeString:
        """The app link as an inline SVG: segno writes only the path of its modules."""
        return mark_safe(segno.make(self.app_url, error="m").svg_inline(scale=4))


def preview(form: MomentForm, now: datetime.datetime, user: AbstractBaseUser) -> Preview:
    """What the app shows at the valid form's moment, judged as the module says; with the drafts ``user`` may see when asked."""
    data = form.cleaned_data
    at, clock = data["at"], max(now, data["at"])
    drafts = drafts_for(user, clock) if data["drafts"] else None
    moment = MomentQuery(
        form.taxonomy, clock, at=at, region=data["region"], scenes=None, personas=data["personas"],
        channel=data["channel"], first=data["first"], shown=SHOWN, drafts=drafts,
    )
    return Preview(
        at=moment.at, named_days=almanac.days_between(at.date(), at.date()), moment=moment,
        cards=[card_for(rank, item, drafts) for rank, item in enumerate(moment.items, start=1)], app_url=app_url(data),
        drafts=drafts is not None,
    )


def app_url(data: Mapping) -> str:
    """The app's deep link to the moment, with the arguments ``moment`` takes."""
    query = {
        "at": data["at"].isoformat(), "region": data["region"], "personas": data["personas"], "channel": data["channel"],
        "first": data["first"],
    }
    return settings.MOMENTS_APP_MOMENT_URL.format(query=urlencode(query, doseq=True))


def differences(cards: list[Card], other: list[Card]) -> list[tuple[Card, str]]:
    """Each card with how the other moment differs on it: missing there, or at another rank; blank when the same."""
    ranks = {card.key: card.rank for card in other}
    return [(card, _difference(card, ranks)) for card in cards]


def _difference(card: Card, ranks: Mapping[tuple[str, int], int]) -> str:
    if card.key not in ranks:
        return gettext("Not in the other moment")
    if ranks[card.key] != card.rank:
        return gettext("#%(rank)d in the other moment") % {"rank": ranks[card.key]}
    return ""
