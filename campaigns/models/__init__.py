"""Hot-topic campaign pages and the experiments run on them."""

from campaigns.models.campaigns import CampaignIndexPage, CampaignPage, CampaignSlot, PlanningStatus, Priority
from campaigns.models.experiments import (
    CONTROL,
    EventKind,
    Experiment,
    ExperimentDailyCount,
    ExperimentEvent,
    ExperimentState,
    Variant,
)

__all__ = [
    "CONTROL",
    "CampaignIndexPage",
    "CampaignPage",
    "CampaignSlot",
    "EventKind",
    "Experiment",
    "ExperimentDailyCount",
    "ExperimentEvent",
    "ExperimentState",
    "PlanningStatus",
    "Priority",
    "Variant",
]
