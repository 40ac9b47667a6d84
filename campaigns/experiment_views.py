"""Experiment admin views: the state moves behind a confirmation, the report with its charts, and its CSV files."""

import csv
import io

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.snippets.views.snippets import EditView, IndexView

from campaigns import experiment_actions
from campaigns.experiment_charts import goal_rates, rates_over_time
from campaigns.experiment_report import Report, VariantResult, experiment_report
from campaigns.models import EventKind, Experiment, ExperimentState
from campaigns.templatetags.experiment_report_tags import p_value, percent

# Each rate's name, English and Chinese apart so a sentence can be said in each.
RATE_NAMES = {
    EventKind.CLICK: gettext_lazy("click-through rate"),
    EventKind.CLAIM: gettext_lazy("claim rate"),
    EventKind.CONVERSION: gettext_lazy("conversion rate"),
}

# (view name, label, icon, states it applies in)
STATE_ACTIONS = [
    ("start", gettext_lazy("Start"), "resubmit", {ExperimentState.DRAFT}),
    ("stop", gettext_lazy("Stop"), "cross", {ExperimentState.RUNNING}),
    ("promote", gettext_lazy("Promote winner"), "success", {ExperimentState.RUNNING, ExperimentState.STOPPED}),
]


def experiment_url(view_name: str, experiment: Experiment) -> str:
    return reverse(Experiment.snippet_viewset.get_url_name(view_name), args=[experiment.pk])


def experiment_buttons(experiment: Experiment, user) -> list[tuple[str, str, str]]:
    """``(label, url, icon)`` for the report and each move the user may make now."""
    buttons = [(gettext_lazy("Report"), experiment_url("report", experiment), "tasks")]
    if user.has_perm("campaigns.change_experiment"):
        buttons += [(label, experiment_url(name, experiment), icon) for name, label, icon, states in STATE_ACTIONS if experiment.state in states]
    return buttons


class ExperimentIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = experiment_buttons(instance, self.request.user)
        return [ListingButton(label, url, icon_name=icon, priority=5) for label, url, icon in buttons] + super().get_list_more_buttons(instance)


class ExperimentEditView(EditView):
    @cached_property
    def header_buttons(self):
        return super().header_buttons + [
            HeaderButton(label, url=url, icon_name=icon) for label, url, icon in experiment_buttons(self.object, self.request.user)
        ]


class ExperimentView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """An admin page about one experiment."""

    model = Experiment
    header_icon = "tasks"

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.experiment = get_object_or_404(Experiment.objects.select_related("campaign"), pk=pk)

    def get_page_subtitle(self):
        return str(self.experiment)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(Experiment.snippet_viewset.get_url_name("list")), "label": _("Experiments")},
            {"url": experiment_url("edit", self.experiment), "label": str(self.experiment)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(experiment=self.experiment, edit_url=experiment_url("edit", self.experiment), **kwargs)


class StateActionView(ExperimentView):
    """GET asks to confirm, POST makes the move; either way the editor lands back on the experiment."""

    permission_required = "change"
    template_name = "campaigns/experiments/confirm.html"
    question = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(question=self.question, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform()
        except experiment_actions.ActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, message)
        return redirect(experiment_url("edit", self.experiment))

    def perform(self) -> str:
        raise NotImplementedError


class StartView(StateActionView):
    page_title = gettext_lazy("Start experiment")
    question = gettext_lazy("Start serving the variants? The key cannot change once started.")

    def perform(self) -> str:
        experiment_actions.start(self.experiment, self.request.user)
        return _("%(experiment)s is running. 实验已开始。") % {"experiment": self.experiment}


class StopView(StateActionView):
    page_title = gettext_lazy("Stop experiment")
    question = gettext_lazy("Stop the experiment? Everyone sees the campaign as authored again.")

    def perform(self) -> str:
        experiment_actions.stop(self.experiment, self.request.user)
        return _("%(experiment)s has stopped. 实验已停止。") % {"experiment": self.experiment}


class PromoteForm(forms.Form):
    winner = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Winning variant"), empty_label=None)

    def __init__(self, *args, experiment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winner"].queryset = experiment.variants.all()


class PromoteView(StateActionView):
    page_title = gettext_lazy("Promote the winner")
    question = gettext_lazy(
        "The variant's hook, title, summary, hero image and call to action, where it has them, replace the campaign's, "
        "and its lead content goes first. 胜出版本填写的标语、标题、摘要、主图和按钮文字将替换活动原有内容，其首推内容排在最前。"
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=kwargs.pop("form", None) or PromoteForm(experiment=self.experiment), **kwargs)

    def post(self, request, *args, **kwargs):
        self.form = PromoteForm(request.POST, experiment=self.experiment)
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(form=self.form), status=400)
        return super().post(request, *args, **kwargs)

    def perform(self) -> str:
        winner = self.form.cleaned_data["winner"]
        campaign = self.experiment.campaign.title
        if experiment_actions.promote(self.experiment, winner, self.request.user):
            return _("%(variant)s is now %(campaign)s's content, published. 胜出版本已写入活动并发布。") % {"variant": winner, "campaign": campaign}
        return _("%(variant)s is in a new draft of %(campaign)s; publish the campaign to show it. 胜出版本已写入活动草稿，发布后生效。") % {
            "variant": winner, "campaign": campaign,
        }


class ReportView(ExperimentView):
    permission_required = "view"
    template_name = "campaigns/experiments/report.html"
    page_title = gettext_lazy("Experiment report")

    def get_context_data(self, **kwargs):
        report = experiment_report(self.experiment)
        csv_url = experiment_url("report_csv", self.experiment)
        return super().get_context_data(
            report=report,
            rate_name=RATE_NAMES[report.goal],
            verdicts=[(result, verdict(report, result), test_sentence(result)) for result in report.variants if result.comparison],
            sample_size=sample_size_sentence(report),
            mismatch=mismatch_sentence(report),
            timeline=rates_over_time(report),
            bars=goal_rates(report),
            daily_csv_url=f"{csv_url}?table=daily",
            totals_csv_url=f"{csv_url}?table=totals",
            **kwargs,
        )


def percent_between(probability: float) -> str:
    """A probability to one decimal that never rounds to a certainty: "< 0.1%" and "> 99.9%" at the ends."""
    if probability < 0.0005:
        return "< 0.1%"
    return "> 99.9%" if probability >= 0.9995 else percent(probability)


def verdict(report: Report, result: VariantResult) -> list[str]:
    """The plain-language finding for one variant against the control, in the admin's language."""
    comparison, control = result.comparison, report.control
    values = {
        "variant": result.name, "control_name": control.name, "value": percent(result.goal_rate.value),
        "control": percent(control.goal_rate.value), "chance": percent_between(comparison.chance_to_beat), "rate": RATE_NAMES[report.goal],
    }
    if comparison.uplift is None:
        return [
            _("%(variant)s's %(rate)s is %(value)s vs %(control)s for the control: too few successes to put an interval on the uplift, chance to beat control %(chance)s.") % values,
        ]
    uplift = comparison.uplift
    values.update(uplift=percent(uplift.value, signed=True), low=percent(uplift.low, signed=True), high=percent(uplift.high, signed=True))
    return [
        _("%(variant)s's %(rate)s is %(value)s vs %(control)s for the control: %(uplift)s (95%% CI %(low)s to %(high)s), chance to beat control %(chance)s.") % values,
    ]


def test_sentence(result: VariantResult) -> list[str]:
    """The two-proportion z-test, with what its p-value means spelled out."""
    test = result.comparison.test
    values = {"z": f"{test.z:.2f}", "p": p_value(test.p_value), "chance": percent_between(test.p_value)}
    return [
        _("Two-proportion z-test: z = %(z)s, %(p)s. If the rates were really equal, a difference at least this large would turn up %(chance)s of the time.") % values,
    ]


def sample_size_sentence(report: Report) -> list[str]:
    size = report.sample_size
    values = {"reached": number_format(size.reached, force_grouping=True), "effect": percent(report.minimum_effect, signed=True)}
    if size.needed is None:
        return [
            _("The sample size needed is known once the control has a %(rate)s above zero.") % {"rate": RATE_NAMES[report.goal]},
        ]
    values.update(needed=number_format(size.needed, force_grouping=True), share=percent(min(size.fraction, 1)))
    return [
        _("The smallest arm has %(reached)s impressions of the %(needed)s each arm needs to find a %(effect)s uplift (%(share)s).") % values,
    ]


def mismatch_sentence(report: Report) -> list[str]:
    """The warning when traffic is not split as assigned; empty when it is, or cannot be checked yet."""
    check = report.sample_ratio
    if check is None or not check.mismatched:
        return []
    served = [result for result in report.results if result.share]
    total = sum(result.impressions for result in served) or 1
    values = {
        "seen": " / ".join(f"{result.key} {percent(result.impressions / total)}" for result in served),
        "assigned": " / ".join(f"{result.key} {percent(result.share)}" for result in served),
        "chi": f"{check.chi_square:.1f}", "p": p_value(check.p_value),
    }
    return [
        _("Sample-ratio mismatch: impressions split %(seen)s where %(assigned)s was assigned (χ² = %(chi)s, %(p)s). "
          "Assignment or event reporting is likely broken: do not trust these results until it is found.") % values,
    ]


class ReportCSVView(ExperimentView):
    """The report's tables as CSV: ``table=daily`` (per variant and day) or ``table=totals``."""

    permission_required = "view"

    def get(self, request, *args, **kwargs):
        table = request.GET.get("table", "totals")
        if table not in ("daily", "totals"):
            return HttpResponse(_("Choose table=daily or table=totals."), status=400, content_type="text/plain; charset=utf-8")
        report = experiment_report(self.experiment)
        rows = daily_rows(report) if table == "daily" else total_rows(report)
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="experiment-{self.experiment.key}-{table}.csv"'
        return response


KINDS = [EventKind.IMPRESSION, EventKind.CLICK, EventKind.CLAIM, EventKind.CONVERSION]
COUNT_COLUMNS = ["impressions", "clicks", "claims", "conversions"]


def daily_rows(report: Report) -> list[list]:
    """One row per variant and day with impressions: the counts and the goal's rate with its 95% interval."""
    header = ["day", "variant", *COUNT_COLUMNS, f"{report.goal}_rate", "rate_low_95", "rate_high_95"]
    rows = [
        [point.day.isoformat(), result.key, *(point.counts[kind] for kind in KINDS), *_rounded(point.rate)]
        for day in report.days for result in report.results for point in result.series if point.day == day
    ]
    return [header, *rows]


def total_rows(report: Report) -> list[list]:
    """One row per variant: counts, rates, and against the control its uplift, chance to beat it and the z-test."""
    header = [
        "variant", "name", "share", *COUNT_COLUMNS, "click_rate", "claim_rate", "conversion_rate",
        f"{report.goal}_rate_low_95", f"{report.goal}_rate_high_95",
        "uplift", "uplift_low_95", "uplift_high_95", "chance_to_beat_control", "z", "p_value",
    ]
    rows = []
    for result in report.results:
        rates = [result.rate(kind) for kind in KINDS[1:]]
        interval = [result.goal_rate.low, result.goal_rate.high] if result.goal_rate else [None, None]
        comparison = result.comparison
        uplift = comparison and comparison.uplift
        against = [
            *(_rounded(uplift) if uplift else [None] * 3),
            *([comparison.chance_to_beat, comparison.test.z, comparison.test.p_value] if comparison else [None] * 3),
        ]
        rows.append([result.key, result.name, _round(result.share), *(result.counts[kind] for kind in KINDS),
                     *map(_round, rates + interval + against)])
    return [header, *rows]


def _rounded(estimate) -> list[float]:
    return [_round(estimate.value), _round(estimate.low), _round(estimate.high)]


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 6)


def csv_bytes(rows: list[list]) -> bytes:
    output = io.StringIO()
    csv.writer(output).writerows(rows)
    return ("\ufeff" + output.getvalue()).encode("utf-8")  # a byte-order mark, so Excel reads the Chinese names as UTF-8
