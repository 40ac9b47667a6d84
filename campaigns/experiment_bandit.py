"""The bandit: moves a running experiment's traffic towards the arms doing best on its goal, keeping a minimum each.

Run once a day (``manage.py update_bandit_shares``): a subject keeps its
variant while the shares stand, so shares that changed per request would
shuffle everyone (see :mod:`campaigns.assignment`).
"""

from campaigns.experiment_actions import BANDIT_ACTION, record
from campaigns.experiment_report import experiment_report, goal_arm
from campaigns.experiment_statistics import thompson_shares
from campaigns.models import CONTROL, Experiment, ExperimentState


def update_shares(experiment: Experiment) -> dict[str, float]:
    """Thompson shares from the goal's counts of every arm with a weight, saved as a revision; returns them."""
    served = {variant.key for variant in experiment.variants.all() if variant.weight}
    if experiment.holdout_weight:
        served.add(CONTROL)
    report = experiment_report(experiment)
    arms = {result.key: goal_arm(result.counts, report.goal) for result in report.results if result.key in served}
    minimum = min(float(experiment.minimum_share), 1 / len(arms))  # three arms cannot each keep half
    experiment.bandit_shares = dict(thompson_shares(arms, minimum))
    record(experiment, None, BANDIT_ACTION, ["bandit_shares"])
    return experiment.bandit_shares


def optimised_experiments():
    return Experiment.objects.filter(state=ExperimentState.RUNNING, optimise=True).select_related("campaign")
