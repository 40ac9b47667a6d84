"""An experiment's moves, draft → running → stopped → winner promoted, each saved as a revision with its log entry.

Promoting a winner writes the variant into the campaign as a new revision of
the page, published only when the user may and nobody's draft would go live
with it (:func:`cms.revisions.save_change`).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Experiment, ExperimentState, Variant
from cms.revisions import save_change

START_ACTION = "moments.experiment_started"
STOP_ACTION = "moments.experiment_stopped"
PROMOTE_ACTION = "moments.experiment_promoted"
BANDIT_ACTION = "moments.experiment_shares_updated"



class ActionRefused(Exception):
    """The move is not allowed now; the message says why, for the editor."""


def start(experiment: Experiment, user) -> None:
    if experiment.state != ExperimentState.DRAFT:
        raise ActionRefused(_("Only a draft experiment can be started."))
    if not experiment.variants.filter(weight__gt=0).exists():
        raise ActionRefused(_("Give at least one variant a weight above 0 before starting."))
    experiment.state, experiment.started_at = ExperimentState.RUNNING, timezone.now()
    try:
        record(experiment, user, START_ACTION, ["state", "started_at"])
    except IntegrityError:  # one_running_experiment_per_campaign
        experiment.state, experiment.started_at = ExperimentState.DRAFT, None
        raise ActionRefused(_("%(campaign)s already runs another experiment: stop that one first.") % {
            "campaign": experiment.campaign.title,
        }) from None


def stop(experiment: Experiment, user) -> None:
    if experiment.state != ExperimentState.RUNNING:
        raise ActionRefused(_("Only a running experiment can be stopped."))
    experiment.state, experiment.stopped_at = ExperimentState.STOPPED, timezone.now()
    record(experiment, user, STOP_ACTION, ["state", "stopped_at"])


def promote(experiment: Experiment, variant: Variant, user) -> bool:
    """Make ``variant`` the campaign's content and end the experiment; returns whether the campaign went live with it."""
    if experiment.state not in (ExperimentState.RUNNING, ExperimentState.STOPPED):
        raise ActionRefused(_("Only a running or stopped experiment can have its winner promoted."))
    if variant.experiment_id != experiment.pk:
        raise ActionRefused(_("The winner must be one of this experiment's variants."))
    with transaction.atomic():
        campaign = experiment.campaign
        published = save_change(campaign, _with_variant(campaign.get_latest_revision_as_object(), variant), user)
        experiment.state, experiment.winner = ExperimentState.PROMOTED, variant.key
        experiment.stopped_at = experiment.stopped_at or timezone.now()
        record(experiment, user, PROMOTE_ACTION, ["state", "winner", "stopped_at"])
    return published


def _with_variant(draft, variant: Variant):
    """The campaign's draft with what the variant fills in, its lead content first in the slots."""
    variant.show_on(draft)
    slots = variant.lead_first(list(draft.slots.all()))
    for order, slot in enumerate(slots):
        slot.sort_order = order
    draft.slots = slots
    return draft


def record(experiment: Experiment, user, action: str, fields: list[str]) -> None:
    """Save the changed ``fields`` and a revision logged as ``action``: an experiment's history shows every move."""
    with transaction.atomic():
        experiment.save(update_fields=fields)
        experiment.save_revision(user=user, log_action=action)
