"""Events the app reports on experiments: a batch is checked whole, stored raw once, and counted per day.

A batch is all or nothing: one bad event refuses the batch, naming every bad
event by its index, and nothing is stored (an app that gets that answer drops
or fixes the batch; retrying it unchanged cannot succeed).

Retries are free: each event carries the app's own id, unique per app
(``source``), and an event already stored is skipped by the database itself
(``INSERT … ON CONFLICT DO NOTHING``). Every row inserted carries the batch's
fresh UUID, so reading the batch back finds exactly the events this call
stored, not those a concurrent retry of the same batch stored; only those are
added to the daily counts, in the same transaction. A resent or doubly sent
event is therefore counted once, however the requests interleave.

Subjects are pseudonymous ids (a member id, or a device id for anonymous
users), stored as a keyed hash: the raw table never holds the id as sent, and
ids that look like phone numbers, e-mail addresses or names are refused.

Raw events are kept for ``retention_days`` (``MOMENTS_EXPERIMENT_EVENTS``):
:func:`prune`, run daily by ``manage.py prune_experiment_events``, deletes
older ones, and the daily counts, which reports read, stay.
"""

import dataclasses
import datetime
import re
import uuid
import zoneinfo
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.crypto import salted_hmac

from campaigns.models import CONTROL, EventKind, Experiment, ExperimentDailyCount, ExperimentEvent, ExperimentState
from cms.models import Persona, Region

FUTURE_TOLERANCE = datetime.timedelta(minutes=5)  # phones' clocks run a little fast
_SUBJECT = re.compile(r"[A-Za-z0-9._:-]{1,64}")  # opaque ids: no spaces, no "@", no Chinese names
_PHONE_NUMBER = re.compile(r"(\+|00)?\d{7,15}")
_PHONE_SEPARATORS = re.compile(r"[\s().-]")
_SUBJECT_HASH_SALT = "moments.experiment-events.subject"
_COUNTED_BY = ["experiment_id", "variant", "day", "kind", "persona", "region"]


@dataclasses.dataclass(frozen=True)
class ReportedEvent:
    """One event as the app sends it; ``subject`` may be left out when a member is signed in."""

    experiment: str
    variant: str
    kind: str
    client_event_id: str
    occurred_at: datetime.datetime
    subject: str | None = None
    persona: str = ""
    region: str = ""


@dataclasses.dataclass(frozen=True)
class Problem:
    index: int  # of the event in the batch, from 0
    message: str


class BatchRefused(Exception):
    """The batch was not stored; ``problems`` name each bad event (none when the batch itself is too large)."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)


@dataclasses.dataclass(frozen=True)
class Recorded:
    accepted: int  # stored and counted by this call
    duplicates: int  # already stored, by an earlier call or earlier in this batch


def max_batch() -> int:
    return settings.MOMENTS_EXPERIMENT_EVENTS["max_batch"]


def retention() -> datetime.timedelta:
    return datetime.timedelta(days=settings.MOMENTS_EXPERIMENT_EVENTS["retention_days"])


def record(events: Sequence[ReportedEvent], source: str, now: datetime.datetime, member_id: str | None = None) -> Recorded:
    """Store and count a batch from the app ``source``, or raise :class:`BatchRefused` having stored nothing.

    ``member_id``, the signed-in member, is the subject of every event that names none."""
    if len(events) > max_batch():
        raise BatchRefused(f"Send at most {max_batch()} events a request; this one had {len(events)}.")
    rows = _checked_rows(events, source, now, member_id)
    batch = uuid.uuid4()
    for row in rows:
        row.batch, row.received_at = batch, now
    with transaction.atomic():
        # Sorted, so two batches sharing events take the unique index's locks in the same order on PostgreSQL.
        ExperimentEvent.objects.bulk_create(sorted(rows, key=lambda row: row.client_event_id), ignore_conflicts=True)
        accepted = _add_to_daily_counts(batch)
    return Recorded(accepted=accepted, duplicates=len(rows) - accepted)


def prune(received_before: datetime.datetime, chunk: int = 10_000) -> Iterator[int]:
    """Delete raw events received before the date, ``chunk`` at a time, yielding how many each took.

    Short transactions, so events keep arriving while a large backlog goes; the daily counts stay."""
    old = ExperimentEvent.objects.filter(received_at__lt=received_before)
    while pks := list(old.order_by("pk").values_list("pk", flat=True)[:chunk]):
        deleted, _ = ExperimentEvent.objects.filter(pk__in=pks).delete()
        yield deleted


def subject_hash(subject: str) -> str:
    """The stored form of a subject id: keyed with SECRET_KEY, so the raw table alone cannot be matched to members."""
    return salted_hmac(_SUBJECT_HASH_SALT, subject, algorithm="sha256").hexdigest()


def _checked_rows(events: Sequence[ReportedEvent], source: str, now: datetime.datetime, member_id: str | None) -> list[ExperimentEvent]:
    experiments = {
        experiment.key: experiment
        for experiment in Experiment.objects.filter(key__in={event.experiment for event in events}).prefetch_related("variants")
    }
    personas = set(Persona.objects.filter(slug__in={event.persona for event in events if event.persona}).values_list("slug", flat=True))
    regions = set(Region.objects.filter(code__in={event.region for event in events if event.region}).values_list("code", flat=True))
    problems, rows = [], []
    for index, event in enumerate(events):
        occurred_at = event.occurred_at if timezone.is_aware(event.occurred_at) else timezone.make_aware(event.occurred_at)
        message = (
            _experiment_problem(event, experiments.get(event.experiment))
            or _event_problem(event, occurred_at, now, personas, regions)
            or _subject_problem(event.subject, member_id)
        )
        if message:
            problems.append(Problem(index, message))
        else:
            rows.append(ExperimentEvent(
                experiment=experiments[event.experiment], variant=event.variant, kind=event.kind,
                subject=subject_hash(event.subject or member_id), source=source, client_event_id=event.client_event_id,
                occurred_at=occurred_at, persona=event.persona, region=event.region,
            ))
    if problems:
        raise BatchRefused(f"{len(problems)} of {len(events)} events are not valid; none were stored.", problems)
    return rows


def _experiment_problem(event: ReportedEvent, experiment: Experiment | None) -> str:
    if experiment is None or experiment.state == ExperimentState.DRAFT:
        return f"No experiment {event.experiment!r} has started."
    variants = {variant.key for variant in experiment.variants.all()} | ({CONTROL} if experiment.holdout_weight else set())
    if event.variant not in variants:
        return f"Experiment {event.experiment!r} has no variant {event.variant!r}; it has {', '.join(sorted(variants))}."
    return ""


def _event_problem(event: ReportedEvent, occurred_at: datetime.datetime, now: datetime.datetime, personas: set, regions: set) -> str:
    if event.kind not in EventKind.values:
        return f"Unknown kind {event.kind!r}; use one of {', '.join(EventKind.values)}."
    if not 0 < len(event.client_event_id) <= 64:
        return "The client event id must be 1 to 64 characters."
    if occurred_at > now + FUTURE_TOLERANCE:
        return "occurredAt is in the future: check the device's clock."
    if occurred_at < now - retention():
        return f"occurredAt is more than {retention().days} days ago, older than events are kept."
    if event.persona and event.persona not in personas:
        return f"Unknown persona {event.persona!r}: send a persona slug."
    if event.region and event.region not in regions:
        return f"Unknown region {event.region!r}: send a region code."
    return ""


def _subject_problem(subject: str | None, member_id: str | None) -> str:
    if subject is None:
        return "" if member_id else "Anonymous events need a subject: the device's pseudonymous id."
    if _PHONE_NUMBER.fullmatch(_PHONE_SEPARATORS.sub("", subject)):
        return "The subject looks like a phone number: send a pseudonymous id."
    if not _SUBJECT.fullmatch(subject):
        return "A subject is an opaque id of up to 64 letters, digits and . _ : - (never a name or an e-mail address)."
    return ""


def _add_to_daily_counts(batch: uuid.UUID) -> int:
    """Add the events stored under ``batch`` to their days' counts; returns how many there were."""
    day = TruncDate("occurred_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))  # the day as the brand's staff see it
    adapt_day = connection.ops.adapt_datefield_value
    cells = sorted(  # the same lock order for every batch, as above
        (row["experiment_id"], row["variant"], adapt_day(row["day"]), row["kind"], row["persona"], row["region"], row["events"])
        for row in ExperimentEvent.objects.filter(batch=batch)
        .values("experiment_id", "variant", "kind", "persona", "region", day=day)
        .annotate(events=Count("pk"))
        .order_by()
    )
    if cells:
        with connection.cursor() as cursor:
            cursor.execute(_upsert_sql(len(cells)), [value for cell in cells for value in cell])
    return sum(cell[-1] for cell in cells)


def _upsert_sql(rows: int) -> str:
    """One statement for all the cells that both SQLite (3.24+) and PostgreSQL run: new cells, or counts increased."""
    quote = connection.ops.quote_name
    table = quote(ExperimentDailyCount._meta.db_table)
    columns = ", ".join(quote(column) for column in [*_COUNTED_BY, "count"])
    row = f"({', '.join(['%s'] * (len(_COUNTED_BY) + 1))})"
    return (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * rows)} "
        f"ON CONFLICT ({', '.join(quote(column) for column in _COUNTED_BY)}) "
        f"DO UPDATE SET {quote('count')} = {table}.{quote('count')} + excluded.{quote('count')}"
    )
