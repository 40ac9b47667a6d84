"""Which variant of each running experiment a subject is served, and the campaign as that variant shows it.

A subject is a member (signed in) or a device; :func:`campaigns.assignment.assign`
places it by a hash, so serving needs no row per member and no query: the
running experiments are read once per content version and process (starting,
stopping or re-weighting an experiment saves it, which makes a new version).
A request without a subject is served the campaigns as authored and told no
variant, so the app reports nothing for it.

Variants change only what a campaign shows, never whether or where it ranks,
so one ranking serves every variant and the moment cache keeps one answer per
combination of variants served, never one per member.
"""

import dataclasses
import datetime

from django.db.models import Prefetch

from campaigns.assignment import assign
from campaigns.models import CONTROL, CampaignPage, CampaignSlot, Experiment, ExperimentState, Variant
from delivery import prefetch
from delivery.versioned import Reads


@dataclasses.dataclass(frozen=True)
class Served:
    """The variant of an experiment served to one subject; ``content`` is None for the control."""

    experiment: str
    variant: str
    content: Variant | None


@dataclasses.dataclass(frozen=True)
class Running:
    key: str
    weights: tuple[tuple[str, float], ...]
    variants: dict[str, Variant]


def served_to(subject: str | None, reads: Reads, now: datetime.datetime) -> dict[int, Served]:
    """What ``subject`` is served of each running experiment, by campaign id; nothing (and no query) without a subject."""
    if not subject:
        return {}
    served = {}
    for campaign_id, experiment in reads.get("running experiments", now, _read_running).items():
        key = assign(experiment.key, subject, experiment.weights)
        served[campaign_id] = Served(experiment.key, key, None if key == CONTROL else experiment.variants.get(key))
    return served


def _read_running() -> dict[int, Running]:
    variants = Variant.objects.select_related("lead_article", "lead_post").prefetch_related(
        Prefetch("hero_image", queryset=prefetch.images()),
    )
    experiments = Experiment.objects.filter(state=ExperimentState.RUNNING).prefetch_related(Prefetch("variants", queryset=variants))
    return {
        experiment.campaign_id: Running(
            experiment.key, tuple(experiment.weights()), {variant.key: variant for variant in experiment.variants.all()},
        )
        for experiment in experiments
    }


def cache_part(served: dict[int, Served]) -> tuple:
    """What of the assignment decides an answer: the variants, not the subject."""
    return tuple(sorted((each.experiment, each.variant) for each in served.values()))


def show(campaigns: list[CampaignPage], served: dict[int, Served]) -> None:
    """Dress each loaded campaign as the variant served of it; call before its images are held.

    Every campaign gets ``served_variant`` (None when no experiment runs on it, or no subject was given).
    """
    for campaign in campaigns:
        campaign.served_variant = served.get(campaign.pk)
        if campaign.served_variant and campaign.served_variant.content:
            campaign.served_variant.content.show_on(campaign)


def slots_shown(campaign: CampaignPage, slots: list[CampaignSlot]) -> list[CampaignSlot]:
    """The campaign's slots as the variant served of it orders them."""
    served = getattr(campaign, "served_variant", None)
    return served.content.lead_first(slots) if served and served.content else slots
