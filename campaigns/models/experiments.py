"""Experiments on a campaign: variants of what it shows, who sees which, and the events that measure them.

An experiment's subjects are split by weight between its variants and an
optional holdout, the control, who see the campaign as authored
(:mod:`campaigns.assignment` decides who gets what, with no per-member row).
A variant overrides only what it fills in: the hook, title, summary, hero
image, call to action, or the content shown first in the campaign's slots.

The state moves draft → running → stopped → winner promoted, each move an
editor's action saved as a revision. Events from the app are kept raw for a
retention period and counted per day as they arrive, so reports never read
raw events.
"""

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin

from campaigns.models.campaigns import CampaignSlot

CONTROL = "control"  # the variant key the holdout's subjects are served and reported under
OVERRIDDEN = ("hook", "title", "summary", "hero_image", "call_to_action")  # what a variant replaces when it fills it in


class ExperimentState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("experiment state", "Draft")
    RUNNING = "running", pgettext_lazy("experiment state", "Running")
    STOPPED = "stopped", pgettext_lazy("experiment state", "Stopped")
    PROMOTED = "promoted", pgettext_lazy("experiment state", "Winner promoted")


class EventKind(models.TextChoices):
    """What the app reports, in funnel order: each rate is one kind out of impressions."""

    IMPRESSION = "impression", _("Impression")
    CLICK = "click", _("Click")
    CLAIM = "claim", _("Claim")
    CONVERSION = "conversion", _("Conversion")


OUTCOMES = [EventKind.CLICK, EventKind.CLAIM, EventKind.CONVERSION]  # what an experiment may aim to raise


class Experiment(RevisionMixin, ClusterableModel):
    """A test of a campaign's variants against each other and against the campaign as authored."""

    campaign = models.ForeignKey(
        "campaigns.CampaignPage", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="experiments",
    )
    name = models.CharField(_("name"), max_length=120)
    key = models.SlugField(
        _("key"), max_length=60, unique=True, allow_unicode=False,
        help_text=_("Names the experiment to the app and in its reports, and seeds who sees which variant: "
                    "changing it once running reshuffles everyone."),
    )
    hypothesis = models.TextField(_("hypothesis"), blank=True, help_text=_("What you expect to happen, and why."))
    state = models.CharField(_("state"), max_length=20, choices=ExperimentState.choices, default=ExperimentState.DRAFT, editable=False)
    holdout_weight = models.PositiveSmallIntegerField(
        _("holdout weight"), default=0,
        help_text=_("The control's weight beside the variants': these subjects see the campaign as authored. 0: no holdout."),
    )
    goal = models.CharField(
        _("goal"), max_length=20, choices=[(kind.value, kind.label) for kind in OUTCOMES], default=EventKind.CLICK,
        help_text=_("The rate the experiment is meant to raise, out of impressions."),
    )
    minimum_effect = models.DecimalField(
        _("smallest uplift worth finding"), max_digits=4, decimal_places=3, default=Decimal("0.1"),
        validators=[MinValueValidator(0.005), MaxValueValidator(5)],
        help_text=_("Relative: 0.1 is a rate 10% above the control's. Sets the sample size the report asks for."),
    )
    optimise = models.BooleanField(
        _("shift traffic to the winner"), default=False,
        help_text=_("A bandit (Thompson sampling) moves traffic towards the variants doing best, once a day."),
    )
    minimum_share = models.DecimalField(
        _("minimum share per variant"), max_digits=3, decimal_places=2, default=Decimal("0.1"),
        validators=[MinValueValidator(0), MaxValueValidator(0.5)],
        help_text=_("With the bandit on, each variant keeps at least this share of traffic, so it is still measured."),
    )
    bandit_shares = models.JSONField(
        _("bandit's traffic shares"), default=dict, blank=True, editable=False,
        help_text=_("Variant key to share, as the bandit last set them; used instead of the weights while optimising."),
    )
    started_at = models.DateTimeField(_("started at"), null=True, editable=False)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, editable=False)
    winner = models.CharField(_("winner"), max_length=40, blank=True, editable=False)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="experiment")

    panels = [
        FieldPanel("campaign"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("key")]),
        FieldPanel("hypothesis"),
        FieldRowPanel([FieldPanel("goal"), FieldPanel("minimum_effect"), FieldPanel("holdout_weight")]),
        MultiFieldPanel([FieldPanel("optimise"), FieldPanel("minimum_share")], heading=_("Automatic optimisation")),
        InlinePanel("variants", heading=_("Variants"), label=_("variant"), min_num=1),
    ]

    class Meta:
        verbose_name = _("experiment")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign"], condition=models.Q(state="running"), name="one_running_experiment_per_campaign",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def weights(self) -> list[tuple[str, float]]:
        """``(variant key, weight)`` pairs that split subjects: the bandit's shares while it optimises, else the
        weights as authored. The control comes first, then the variants by key, never in the order they are listed:
        reordering variants in the admin (or PostgreSQL's own key order in ``bandit_shares``) must not move anyone."""
        if self.optimise and self.bandit_shares:
            pairs = list(self.bandit_shares.items())
        else:
            pairs = [(variant.key, float(variant.weight)) for variant in self.variants.all()]
            if self.holdout_weight:
                pairs.append((CONTROL, float(self.holdout_weight)))
        return sorted(pairs, key=lambda pair: (pair[0] != CONTROL, pair[0]))

    def clean(self) -> None:
        super().clean()
        if self.pk and self.state != ExperimentState.DRAFT:
            saved_key = type(self).objects.filter(pk=self.pk).values_list("key", flat=True).first()
            if saved_key not in (None, self.key):
                raise ValidationError({"key": _("The key cannot change once the experiment has started.")})


class Variant(Orderable):
    """One version of the campaign: what it fills in replaces the campaign's own for its subjects."""

    experiment = ParentalKey(Experiment, on_delete=models.CASCADE, related_name="variants")
    key = models.SlugField(_("key"), max_length=40, help_text=_("How the app reports it, e.g. fruit-bouquet."))
    name = models.CharField(_("name"), max_length=120)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, help_text=_("Relative share of subjects; 0 pauses it."))
    hook = models.CharField(_("hook"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    hero_image = models.ForeignKey(
        "cms.MomentsImage", verbose_name=_("hero image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    call_to_action = models.CharField(_("call to action"), max_length=40, blank=True)
    lead_article = models.ForeignKey(
        "cms.ArticlePage", verbose_name=_("article shown first"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    lead_post = models.ForeignKey(
        "cms.UGCPost", verbose_name=_("UGC post shown first"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("key"), FieldPanel("weight")]),
        FieldRowPanel([FieldPanel("hook"), FieldPanel("title")]),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("hero_image"), FieldPanel("call_to_action")]),
        FieldRowPanel([FieldPanel("lead_article"), FieldPanel("lead_post")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("variant")
        constraints = [models.UniqueConstraint(fields=["experiment", "key"], name="variant_key_unique_in_experiment")]

    def __str__(self) -> str:
        return self.name

    def show_on(self, campaign) -> None:
        """Put what this variant fills in on the campaign (served, or promoted to its draft); the editor's
        Traditional Chinese of what it replaces goes, so Traditional readers get the variant's words converted."""
        for name in OVERRIDDEN:
            if value := getattr(self, name):
                setattr(campaign, name, value)
                if name in campaign.written_in_traditional:
                    setattr(campaign, f"{name}_hant", "")

    def lead_first(self, slots: list[CampaignSlot]) -> list[CampaignSlot]:
        """The slots with this variant's lead content first: the slot already holding it, else a new one."""
        if not (self.lead_article_id or self.lead_post_id):
            return slots
        held = (self.lead_article_id, self.lead_post_id)
        lead = next(
            (slot for slot in slots if (slot.article_id, slot.ugc_post_id) == held),
            CampaignSlot(article_id=self.lead_article_id, ugc_post_id=self.lead_post_id, note=self.name),
        )
        return [lead, *(slot for slot in slots if slot is not lead)]

    def clean(self) -> None:
        if self.key == CONTROL:
            raise ValidationError({"key": _("“control” names the holdout; give the variant another key.")})
        if self.lead_article_id and self.lead_post_id:
            raise ValidationError(_("Put either an article or a UGC post first, not both."))


class ExperimentEvent(models.Model):
    """One event the app reported, append-only; ``batch`` marks the request that stored it, which counts it."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="+")
    variant = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    subject = models.CharField(max_length=64, help_text=_("A pseudonymous id: a hash, never a phone number or a name."))
    source = models.CharField(max_length=100, help_text=_("The reporting app's API key name: client ids are unique per app."))
    client_event_id = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(db_index=True)
    persona = models.CharField(max_length=60, blank=True)
    region = models.CharField(max_length=20, blank=True)
    batch = models.UUIDField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "client_event_id"], name="event_reported_once")]


class ExperimentDailyCount(models.Model):
    """Events of one kind for one variant on one day (Shanghai time), per persona and region ("" for none)."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="daily_counts")
    variant = models.CharField(max_length=40)
    day = models.DateField()
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    persona = models.CharField(max_length=60, blank=True)
    region = models.CharField(max_length=20, blank=True)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["experiment", "variant", "day", "kind", "persona", "region"], name="one_count_per_cell"),
        ]
