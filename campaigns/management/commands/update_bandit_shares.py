"""Run daily: each running experiment with "shift traffic to the winner" on gets new traffic shares."""

from django.core.management.base import BaseCommand

from campaigns.experiment_bandit import optimised_experiments, update_shares


class Command(BaseCommand):
    help = "Set new Thompson-sampling traffic shares for running experiments that optimise. Run once a day."

    def handle(self, *args, **options):
        for experiment in optimised_experiments():
            shares = update_shares(experiment)
            self.stdout.write(f"{experiment.key}: " + ", ".join(f"{key} {share:.1%}" for key, share in shares.items()))
