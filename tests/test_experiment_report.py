"""Experiments in the admin: the report's numbers against hand-worked values, the state moves, CSV and the calendar's link.

The running example: a holdout (the control) and variant b, one to one,
aiming at claims, over two days:

    day          control: impressions  claims    b: impressions  claims
    2026-03-02             500          50             500        130
    2026-03-03             500          48             500        131
    total                 1000          98            1000        261   → 9.8% and 26.1%

z_{0.975} = 1.959964, z_{0.8} = 0.841621.
"""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from campaigns.experiment_report import experiment_report
from campaigns.models import CONTROL, CampaignPage, Experiment, ExperimentDailyCount, ExperimentState, Variant
from cms.models import ArticlePage

pytestmark = pytest.mark.django_db

DAY_ONE, DAY_TWO = datetime.date(2026, 3, 2), datetime.date(2026, 3, 3)
COUNTS = {  # (variant, day) → impressions, clicks, claims, conversions
    (CONTROL, DAY_ONE): (500, 100, 50, 10),
    (CONTROL, DAY_TWO): (500, 100, 48, 10),
    ("b", DAY_ONE): (500, 150, 130, 30),
    ("b", DAY_TWO): (500, 150, 131, 30),
}


def url(view: str, experiment: Experiment) -> str:
    return reverse(Experiment.snippet_viewset.get_url_name(view), args=[experiment.pk])


def count(experiment: Experiment, counts: dict) -> None:
    for (variant, day), values in counts.items():
        for kind, value in zip(("impression", "click", "claim", "conversion"), values):
            ExperimentDailyCount.objects.create(experiment=experiment, variant=variant, day=day, kind=kind, count=value)


def quiet_campaign() -> CampaignPage:
    """A live campaign with no draft waiting, so a change may go live."""
    return next(page for page in CampaignPage.objects.live().order_by("pk") if not page.has_unpublished_changes)


@pytest.fixture
def experiment(db) -> Experiment:
    experiment = Experiment(campaign=quiet_campaign(), name="Bouquet or basket", key="bouquet-or-basket", holdout_weight=1, goal="claim")
    experiment.variants = [Variant(key="b", name="Fruit bouquet", weight=1, hook="送她一束水果花", title="水果花束")]
    experiment.save()
    return experiment


@pytest.fixture
def counted(experiment) -> Experiment:
    count(experiment, COUNTS)
    return experiment


def test_the_report_matches_the_hand_worked_numbers(counted):
    """Rates: control 98/1000 = 9.8%, b 261/1000 = 26.1%; CTR 200/1000 = 20% and 300/1000 = 30%.

    Relative uplift (Katz): ratio 0.261 / 0.098 = 2.663265, so +166.3%;
        SE(ln) = √(1/261 − 1/1000 + 1/98 − 1/1000) = √0.0120356 = 0.1097064; spread 1.959964 × 0.1097064 = 0.2150206
        low  = 2.663265 × e^−0.2150206 − 1 = +114.80%;  high = 2.663265 × e^0.2150206 − 1 = +230.21%
    z-test: pooled 359/2000 = 0.1795; SE = √(0.1795 × 0.8205 × 2/1000) = 0.0171627; z = 0.163 / 0.0171627 = 9.497320
    Sample size for 9.8% → 9.8% × 1.1 = 10.78% (mean 10.29%):
        n = (1.959964 √(2 × 0.1029 × 0.8971) + 0.841621 √(0.098 × 0.902 + 0.1078 × 0.8922))² / 0.0098² = 15,087.2 → 15,088
    Sample ratio: 1000 and 1000 assigned half and half: χ² = 0, no mismatch.
    """
    report = experiment_report(counted)
    control, b = report.results
    assert (control.key, b.key) == (CONTROL, "b")
    assert (control.impressions, control.counts["claim"], b.impressions, b.counts["claim"]) == (1000, 98, 1000, 261)
    assert (control.rates["click"], b.rates["click"], b.rates["claim"], b.rates["conversion"]) == pytest.approx((0.2, 0.3, 0.261, 0.06))
    assert (control.share, b.share) == (0.5, 0.5)
    uplift = b.comparison.uplift
    assert (uplift.value, uplift.low, uplift.high) == pytest.approx((1.663265, 1.147990, 2.302149), abs=1e-6)
    assert b.comparison.test.z == pytest.approx(9.497320, abs=1e-6)
    assert b.comparison.test.p_value < 1e-20
    assert b.comparison.chance_to_beat > 0.9999
    assert control.comparison is None
    assert (report.sample_size.needed, report.sample_size.reached) == (15088, 1000)
    assert (report.sample_ratio.chi_square, report.sample_ratio.mismatched) == (0.0, False)
    assert report.days == (DAY_ONE, DAY_TWO)
    assert [(point.day, point.rate.value) for point in b.series] == [(DAY_ONE, 0.26), (DAY_TWO, 0.262)]


def test_without_a_holdout_the_first_variant_is_the_control(db):
    experiment = Experiment(campaign=quiet_campaign(), name="No holdout", key="no-holdout", goal="claim")
    experiment.variants = [Variant(key="a", name="Plain", weight=1), Variant(key="b", name="Bouquet", weight=1)]
    experiment.save()
    count(experiment, {("a", DAY_ONE): (100, 10, 5, 1), ("b", DAY_ONE): (100, 20, 10, 2)})
    report = experiment_report(experiment)
    assert [result.key for result in report.results] == ["a", "b"]
    assert report.results[1].comparison.uplift.value == pytest.approx(1.0)  # 10% against 5%


def test_the_report_page_says_what_it_found_and_draws_its_charts(admin_client, counted):
    response = admin_client.get(url("report", counted))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fruit bouquet&#x27;s claim rate is 26.1% vs 9.8% for the control: +166% (95% CI +115% to +230%), chance to beat control &gt; 99.9%." in html
    assert "Two-proportion z-test: z = 9.50, p &lt; 0.0001. If the rates were really equal, a difference at least this large would turn up &lt; 0.1% of the time." in html
    assert "The smallest arm has 1,000 impressions of the 15,088 each arm needs to find a +10% uplift (6.6%)." in html
    assert 'data-chart="timeline"' in html and 'data-chart="bars"' in html
    assert html.count('<g data-series=') == 2 and html.count('<g data-bar=') == 2
    assert "data-sample-ratio-mismatch" not in html
    assert "cdn" not in html.lower() and "<script src=\"http" not in html

    profile = UserProfile.get_for_user(User.objects.get(username="admin"))
    profile.preferred_language = "zh-hans"
    profile.save()
    chinese = admin_client.get(url("report", counted)).content.decode()
    assert "Fruit bouquet 的领券率为 26.1%，对照组为 9.8%：+166%（95% 置信区间 +115% 至 +230%）" in chinese
    assert "claim rate is" not in chinese  # one sentence, in the admin's language


def test_a_lopsided_split_raises_the_sample_ratio_warning(admin_client, experiment):
    """1000 and 1200 impressions where half and half were assigned: χ² = (100² + 100²) / 1100 = 18.18, p = 2.0e-5."""
    count(experiment, {(CONTROL, DAY_ONE): (1000, 100, 50, 5), ("b", DAY_ONE): (1200, 120, 60, 6)})
    check = experiment_report(experiment).sample_ratio
    assert check.chi_square == pytest.approx(18.181818) and check.mismatched
    html = admin_client.get(url("report", experiment)).content.decode()
    assert "data-sample-ratio-mismatch" in html
    assert "impressions split control 45.5% / b 54.5% where control 50.0% / b 50.0% was assigned (χ² = 18.2, p &lt; 0.0001)" in html


def test_the_csv_files_hold_the_daily_table_and_the_totals(admin_client, counted):
    daily = admin_client.get(url("report_csv", counted), {"table": "daily"})
    assert daily["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(daily.content.decode("utf-8-sig"))))
    assert rows[0] == ["day", "variant", "impressions", "clicks", "claims", "conversions", "claim_rate", "rate_low_95", "rate_high_95"]
    assert rows[1][:7] == ["2026-03-02", CONTROL, "500", "100", "50", "10", "0.1"]
    assert [row[:2] for row in rows[1:]] == [["2026-03-02", CONTROL], ["2026-03-02", "b"], ["2026-03-03", CONTROL], ["2026-03-03", "b"]]

    totals = list(csv.DictReader(io.StringIO(admin_client.get(url("report_csv", counted), {"table": "totals"}).content.decode("utf-8-sig"))))
    assert [(row["variant"], row["impressions"], row["claims"], row["claim_rate"]) for row in totals] == [
        (CONTROL, "1000", "98", "0.098"), ("b", "1000", "261", "0.261"),
    ]
    assert (totals[1]["uplift"], totals[1]["uplift_low_95"], totals[1]["uplift_high_95"]) == ("1.663265", "1.14799", "2.302149")
    assert totals[0]["uplift"] == ""
    assert admin_client.get(url("report_csv", counted), {"table": "raw"}).status_code == 400


def test_starting_and_stopping_are_logged_revisions(admin_client, experiment):
    assert admin_client.get(url("start", experiment)).status_code == 200  # the confirmation
    admin_client.post(url("start", experiment))
    experiment.refresh_from_db()
    assert experiment.state == ExperimentState.RUNNING and experiment.started_at
    assert experiment.latest_revision.content["state"] == ExperimentState.RUNNING
    admin_client.post(url("stop", experiment))
    experiment.refresh_from_db()
    assert experiment.state == ExperimentState.STOPPED and experiment.stopped_at
    actions = ModelLogEntry.objects.filter(object_id=str(experiment.pk)).order_by("timestamp").values_list("action", flat=True)
    assert list(actions) == ["moments.experiment_started", "moments.experiment_stopped"]
    assert experiment.revisions.count() == 2


def test_a_second_experiment_on_a_running_campaign_is_refused_with_a_reason(admin_client, experiment):
    admin_client.post(url("start", experiment))
    other = Experiment(campaign=experiment.campaign, name="Other", key="other")
    other.variants = [Variant(key="c", name="C", weight=1)]
    other.save()
    response = admin_client.post(url("start", other), follow=True)
    other.refresh_from_db()
    assert other.state == ExperimentState.DRAFT and other.started_at is None
    assert "already runs another experiment" in response.content.decode()


def test_an_experiment_with_every_variant_paused_does_not_start(admin_client, experiment):
    experiment.variants.update(weight=0)
    response = admin_client.post(url("start", experiment), follow=True)
    experiment.refresh_from_db()
    assert experiment.state == ExperimentState.DRAFT
    assert "weight above 0" in response.content.decode()


def test_only_users_who_may_change_experiments_move_them(client, experiment, django_user_model):
    reviewer = django_user_model.objects.get(username="reviewer")
    client.force_login(reviewer)
    assert client.get(url("report", experiment)).status_code == 200  # marketing reads the report
    refused = client.post(url("start", experiment), follow=True)
    assert "Sorry, you do not have permission" in refused.content.decode()
    experiment.refresh_from_db()
    assert experiment.state == ExperimentState.DRAFT


def test_promoting_the_winner_publishes_it_into_the_campaign(admin_client, experiment):
    article = ArticlePage.objects.live().order_by("pk").first()
    experiment.variants.update(lead_article=article)
    admin_client.post(url("start", experiment))
    response = admin_client.post(url("promote", experiment), {"winner": experiment.variants.get().pk}, follow=True)
    assert "published" in response.content.decode()
    experiment.refresh_from_db()
    assert (experiment.state, experiment.winner) == (ExperimentState.PROMOTED, "b")
    campaign = CampaignPage.objects.get(pk=experiment.campaign_id)
    assert (campaign.hook, campaign.title, campaign.has_unpublished_changes) == ("送她一束水果花", "水果花束", False)
    assert campaign.slots.first().article == article
    assert PageLogEntry.objects.filter(page=campaign, action="wagtail.publish").exists()
    assert ModelLogEntry.objects.filter(object_id=str(experiment.pk), action="moments.experiment_promoted").exists()


def test_an_editor_who_may_not_publish_promotes_into_a_draft(editor_client, experiment):
    campaign = experiment.campaign
    experiment.state = ExperimentState.STOPPED
    experiment.save()
    response = editor_client.post(url("promote", experiment), {"winner": experiment.variants.get().pk}, follow=True)
    assert "publish the campaign to show it" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.hook != "送她一束水果花" and campaign.has_unpublished_changes
    assert campaign.get_latest_revision_as_object().hook == "送她一束水果花"


def test_the_edit_view_and_listing_offer_the_moves_the_state_allows(admin_client, experiment):
    edit = admin_client.get(url("edit", experiment)).content.decode()
    assert url("start", experiment) in edit and url("report", experiment) in edit and url("stop", experiment) not in edit
    listing = admin_client.get(reverse(Experiment.snippet_viewset.get_url_name("list"))).content.decode()
    assert url("start", experiment) in listing and "Bouquet or basket" in listing


def test_the_bandit_command_shifts_traffic_and_the_report_shows_it(admin_client, counted):
    """b's posterior is far above the control's, so P(b best) ≈ 1: shares 0.1 + 0.8 × P(best) = 0.1 and 0.9."""
    counted.optimise, counted.minimum_share = True, 0.1
    counted.save()
    admin_client.post(url("start", counted))
    out = io.StringIO()
    call_command("update_bandit_shares", stdout=out)
    counted.refresh_from_db()
    assert counted.bandit_shares == pytest.approx({CONTROL: 0.1, "b": 0.9})
    assert "bouquet-or-basket: control 10.0%, b 90.0%" in out.getvalue()
    assert ModelLogEntry.objects.filter(object_id=str(counted.pk), action="moments.experiment_shares_updated").exists()
    html = admin_client.get(url("report", counted)).content.decode()
    assert "data-bandit-shares" in html and "<td>90.0%</td>" in html


def test_the_calendar_marks_a_campaign_running_an_experiment_and_links_its_report(admin_client, experiment):
    admin_client.post(url("start", experiment))
    campaign = experiment.campaign
    start = campaign.go_live_at or campaign.first_published_at
    html = admin_client.get(reverse("marketing_calendar"), {"zoom": "year", "date": start.date().isoformat()}).content.decode()
    assert f'href="{url("report", experiment)}"' in html
