"""The app reports experiment events through `reportEvents`: over real HTTP, into the real tables.

Concurrent retries of one batch are not raced here with threads: a test's
transaction would have to be given up, and with it the demo world every other
test reads. What makes them safe is checked instead, a batch overlapping
events another request already stored: the database skips those
(``ON CONFLICT DO NOTHING``, behind the unique index, which makes a second
writer wait for the first on PostgreSQL; SQLite runs one write transaction at
a time), and the counts are read back by the batch's own UUID, so each event
is counted by the one request that stored it.
"""

import datetime
import io
import json
import uuid

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from campaigns.experiment_events import subject_hash
from campaigns.models import CampaignPage, Experiment, ExperimentDailyCount, ExperimentEvent, ExperimentState, Variant
from frontend_api.auth import issue_member_token
from frontend_api.models import ApiKey, Scope

pytestmark = pytest.mark.django_db

REPORT = """mutation Report($events: [ExperimentEventInput!]!) { reportEvents(events: $events) { accepted duplicates } }"""


@pytest.fixture
def experiment() -> Experiment:
    experiment = Experiment(
        campaign=CampaignPage.objects.get(slug="lychee-season"), name="荔枝季 hook", key="lychee-hook", holdout_weight=1,
        state=ExperimentState.RUNNING, started_at=timezone.now() - datetime.timedelta(days=30),
        variants=[Variant(key="same-day", name="24 小时到店", weight=1), Variant(key="three-kinds", name="三个品种", weight=1)],
    )
    experiment.save()
    return experiment


class App:
    """The mobile app, posting JSON to /graphql/ with its API key and, once a member signs in, their token."""

    def __init__(self, client, api_key: str | None, token: str | None = None):
        self.client, self.api_key, self.token = client, api_key, token

    def report(self, events: list[dict]):
        headers = {"HTTP_X_API_KEY": self.api_key} if self.api_key else {}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        body = json.dumps({"query": REPORT, "variables": {"events": events}})
        return self.client.post("/graphql/", body, content_type="application/json", **headers)

    def recorded(self, events: list[dict]) -> dict:
        response = self.report(events)
        assert response.status_code == 200, response.json()
        return response.json()["data"]["reportEvents"]


@pytest.fixture
def app(client) -> App:
    return App(client, ApiKey.issue("test app", [Scope.REPORT_EVENTS])[1])


def event(number: int, kind: str = "IMPRESSION", variant: str = "same-day", at: datetime.datetime | None = None, **more) -> dict:
    occurred_at = at or timezone.now() - datetime.timedelta(minutes=number + 1)
    return {
        "experiment": "lychee-hook", "variant": variant, "kind": kind, "clientEventId": f"event-{number}",
        "occurredAt": occurred_at.isoformat(), "subject": f"device-{number % 3}", **more,
    }


def counted(experiment: Experiment, **cell) -> int:
    return ExperimentDailyCount.objects.filter(experiment=experiment, **cell).aggregate(total=Sum("count"))["total"] or 0


def test_a_batch_is_stored_and_counted_per_variant_and_kind(app, experiment):
    batch = [event(0), event(1), event(2, kind="CLICK"), event(3, variant="control", persona="genz-foodie", region="CN-GD-GZ")]
    assert app.recorded(batch) == {"accepted": 4, "duplicates": 0}
    assert ExperimentEvent.objects.filter(experiment=experiment).count() == 4
    assert counted(experiment, variant="same-day", kind="impression") == 2
    assert counted(experiment, variant="same-day", kind="click") == 1
    assert counted(experiment, variant="control", persona="genz-foodie", region="CN-GD-GZ") == 1
    stored = ExperimentEvent.objects.filter(experiment=experiment).get(client_event_id="event-3")
    assert (stored.source, stored.subject) == ("test app", subject_hash("device-0"))  # the id as sent is not kept


def test_a_resent_batch_is_counted_once(app, experiment):
    batch = [event(number) for number in range(3)]
    assert app.recorded(batch) == {"accepted": 3, "duplicates": 0}
    assert app.recorded(batch) == {"accepted": 0, "duplicates": 3}
    assert counted(experiment) == 3


def test_a_batch_overlapping_one_another_request_stored_counts_only_its_new_events(app, experiment):
    assert app.recorded([event(number) for number in range(3)])["accepted"] == 3
    assert app.recorded([event(number) for number in range(1, 5)]) == {"accepted": 2, "duplicates": 2}
    assert app.recorded([event(7), event(7)]) == {"accepted": 1, "duplicates": 1}  # twice in one batch
    assert counted(experiment) == ExperimentEvent.objects.filter(experiment=experiment).count() == 6
    assert ExperimentEvent.objects.filter(experiment=experiment).values("batch").distinct().count() == 3


def test_the_day_is_shanghais_across_midnight_whatever_zone_the_app_sends(app, experiment):
    day = timezone.localdate() - datetime.timedelta(days=2)
    midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    utc = datetime.timezone.utc  # 16:00 UTC the day before: a UTC day would put both events on it
    batch = [event(0, at=(midnight - datetime.timedelta(minutes=30)).astimezone(utc)),
             event(1, at=(midnight + datetime.timedelta(minutes=30)).astimezone(utc))]
    app.recorded(batch)
    assert counted(experiment, day=day - datetime.timedelta(days=1)) == 1
    assert counted(experiment, day=day) == 1


def test_one_invalid_event_stores_nothing_and_each_bad_event_is_named(app, experiment):
    now = timezone.now()
    batch = [
        event(0),
        event(1, experiment="no-such-test"),
        event(2, variant="no-such-variant"),
        event(3, subject="+86 138 0013 8000"),
        event(4, subject="王小明"),
        event(5, at=now + datetime.timedelta(hours=1)),
        event(6, at=now - datetime.timedelta(days=91)),
        event(7, region="XX-NOWHERE"),
        event(8),
    ]
    response = app.report(batch)
    error = response.json()["errors"][0]
    assert response.status_code == 400 and error["extensions"]["code"] == "BAD_USER_INPUT"
    assert [problem["index"] for problem in error["extensions"]["events"]] == [1, 2, 3, 4, 5, 6, 7]
    assert "phone number" in error["extensions"]["events"][2]["message"]
    assert not ExperimentEvent.objects.filter(experiment=experiment).exists() and not ExperimentDailyCount.objects.filter(experiment=experiment).exists()


def test_a_draft_experiment_and_a_control_without_holdout_are_refused(app, experiment):
    experiment.holdout_weight = 0
    experiment.save()
    assert app.report([event(0, variant="control")]).status_code == 400
    Experiment.objects.filter(pk=experiment.pk).update(state=ExperimentState.DRAFT)
    assert app.report([event(0)]).status_code == 400
    assert not ExperimentEvent.objects.filter(experiment=experiment).exists()


@pytest.mark.parametrize(
    ("api_key", "status", "code"), [(None, 401, "UNAUTHENTICATED"), ("mk_nope_nope", 401, "UNAUTHENTICATED"), ("posts only", 403, "FORBIDDEN")],
)
def test_the_apps_key_with_the_events_scope_is_required(client, experiment, api_key, status, code):
    if api_key == "posts only":
        api_key = ApiKey.issue("posts app", [Scope.SUBMIT_POSTS])[1]
    response = App(client, api_key).report([event(0)])
    assert response.status_code == status and response.json()["errors"][0]["extensions"]["code"] == code
    assert not ExperimentEvent.objects.filter(experiment=experiment).exists()


def test_a_batch_over_the_limit_is_refused_whole(app, experiment, settings):
    settings.MOMENTS_EXPERIMENT_EVENTS = {**settings.MOMENTS_EXPERIMENT_EVENTS, "max_batch": 3}
    response = app.report([event(number) for number in range(4)])
    assert response.status_code == 400 and response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "at most 3 events" in response.json()["errors"][0]["message"]
    assert not ExperimentEvent.objects.filter(experiment=experiment).exists()


def test_a_full_batch_fits_in_one_request(app, experiment, settings):
    full = settings.MOMENTS_EXPERIMENT_EVENTS["max_batch"]
    long_ids = [event(number, clientEventId=str(uuid.UUID(int=number)), subject=str(uuid.UUID(int=number % 50)),
                      persona="urban-white-collar-woman", region="CN-GD-GZ") for number in range(full)]
    assert app.recorded(long_ids)["accepted"] == full


def test_a_signed_in_members_id_is_the_subject(app, experiment):
    app.token = issue_member_token("M300002", "小橘子")
    app.recorded([event(0, subject=None)])
    assert ExperimentEvent.objects.filter(experiment=experiment).get().subject == subject_hash("M300002")


def test_an_anonymous_event_needs_a_subject(app, experiment):
    response = app.report([event(0, subject=None)])
    assert response.status_code == 400 and "need a subject" in response.json()["errors"][0]["extensions"]["events"][0]["message"]


def test_an_invalid_member_token_is_refused_not_ignored(app, experiment):
    app.token = "not-a-token"
    assert app.report([event(0)]).status_code == 401


def test_reports_are_rate_limited_per_address(app, experiment, settings):
    settings.MOMENTS_RATE_LIMITS = {**settings.MOMENTS_RATE_LIMITS, "report_events_per_ip": (1, 60)}
    app.recorded([event(0)])
    response = app.report([event(1)])
    assert response.status_code == 429 and response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_pruning_removes_raw_events_past_retention_and_keeps_the_counts(app, experiment, settings):
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=100)):
        app.recorded([event(0), event(1)])  # received 100 days ago
    with time_machine.travel(now - datetime.timedelta(days=80)):
        app.recorded([event(2)])
    app.recorded([event(3)])
    output = io.StringIO()
    call_command("prune_experiment_events", stdout=output)
    assert sorted(ExperimentEvent.objects.filter(experiment=experiment).values_list("client_event_id", flat=True)) == ["event-2", "event-3"]
    assert counted(experiment) == 4
    assert "Deleted 2 raw experiment events received before" in output.getvalue()
