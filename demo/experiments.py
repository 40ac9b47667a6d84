"""The demo's two running experiments, and the events the app would have reported over their first two weeks.

Events are drawn with a seeded generator from the true rates in
:data:`demo.data.EXPERIMENT_TRUE_RATES`, each subject assigned its variant as
the app is served it (:func:`campaigns.assignment.assign`), and recorded
through :func:`campaigns.experiment_events.record` in the app's batches, so
the reports' figures come from the events, counted as the app's are.
"""

import datetime
import random
from collections.abc import Iterator

from django.contrib.auth.models import User

from campaigns import experiment_events
from campaigns.assignment import assign
from campaigns.experiment_events import ReportedEvent
from campaigns.models import CampaignPage, EventKind, Experiment, ExperimentState, Variant
from demo import data

DAYS = 14
SUBJECTS = 3000  # per experiment; each sees the campaign one to three times
SOURCE = "demo app"
FUNNEL = [EventKind.CLICK, EventKind.CLAIM, EventKind.CONVERSION]


def build_experiments(now: datetime.datetime, editor: User) -> str:
    """Each experiment not yet there, started two weeks ago, with its events; returns a summary."""
    events = 0
    for spec in data.EXPERIMENTS:
        if not Experiment.objects.filter(key=spec[0]).exists():
            events += _record_events(_experiment(*spec, started_at=now - datetime.timedelta(days=DAYS), editor=editor), now)
    return f"{Experiment.objects.filter(state=ExperimentState.RUNNING).count()} running experiments, {events} events recorded"


def _experiment(key, campaign, name, hypothesis, goal, holdout_weight, variants, started_at, editor) -> Experiment:
    experiment = Experiment(
        campaign=CampaignPage.objects.get(slug=campaign), key=key, name=name, hypothesis=hypothesis, goal=goal,
        holdout_weight=holdout_weight, state=ExperimentState.RUNNING, started_at=started_at,
        variants=[Variant(key=variant, name=title, weight=weight, **fields) for variant, title, weight, fields in variants],
    )
    experiment.save()
    experiment.save_revision(user=editor)
    return experiment


def _record_events(experiment: Experiment, now: datetime.datetime) -> int:
    batch_size, recorded = experiment_events.max_batch(), 0
    events = list(_simulated(experiment, now, random.Random(experiment.key)))
    for start in range(0, len(events), batch_size):
        recorded += experiment_events.record(events[start:start + batch_size], SOURCE, now).accepted
    return recorded


def _simulated(experiment: Experiment, now: datetime.datetime, rng: random.Random) -> Iterator[ReportedEvent]:
    """Impressions spread over the past two weeks, each followed by the funnel's steps at the true rates."""
    rates, weights = data.EXPERIMENT_TRUE_RATES[experiment.key], experiment.weights()
    personas = list(experiment.campaign.personas.values_list("slug", flat=True))
    numbers = iter(range(10**9))
    for member in range(SUBJECTS):
        subject = f"demo-{member:05d}"
        variant = assign(experiment.key, subject, weights)
        persona, region = rng.choice(personas), rng.choice(data.EXPERIMENT_REGIONS)
        for _ in range(rng.randint(1, 3)):
            at = now - datetime.timedelta(seconds=rng.uniform(600, DAYS * 86400))
            steps, chance_so_far = [EventKind.IMPRESSION], 1.0
            for kind in FUNNEL:
                rate = rates[variant].get(kind)
                if rate is None:
                    continue
                if rng.random() >= rate / chance_so_far:
                    break
                steps.append(kind)
                chance_so_far = rate
            for offset, kind in enumerate(steps):
                yield ReportedEvent(
                    experiment=experiment.key, variant=variant, kind=kind, client_event_id=f"{experiment.key}-{next(numbers)}",
                    occurred_at=at + datetime.timedelta(seconds=30 * offset), subject=subject, persona=persona, region=region,
                )
