"""What the app sends: members' posts (``submitPost``) and experiment events (``reportEvents``).

Authentication, the rate limits and the GraphQL shapes live here; checking
and storing a post is :mod:`delivery.intake`, recording events
:mod:`campaigns.experiment_events`.
"""

from functools import partial

import graphene
from django.utils.translation import gettext as _
from graphene_file_upload.scalars import Upload

from campaigns import experiment_events
from campaigns.models import EventKind
from cms.models import UGCPost
from delivery import intake, prefetch
from frontend_api import rate_limits
from frontend_api.auth import require_app, require_member, signed_in_member
from frontend_api.errors import BadInput
from frontend_api.models import Scope
from frontend_api.scope import scope
from frontend_api.types.content import MyPostType


class SubmitPostInput(graphene.InputObjectType):
    text = graphene.String(default_value="", description="Plain text; HTML is removed.")
    photos = graphene.List(graphene.NonNull(Upload), required=True, description="1 to 9 JPEG, PNG or WebP photos, as multipart uploads.")
    scenes = graphene.List(graphene.NonNull(graphene.String), default_value=[], description="Scene slugs.")
    region = graphene.String(description="Region code where the member posts from.")
    campaign = graphene.String(description="Slug of the live campaign the post answers.")
    consent_channels = graphene.List(
        graphene.NonNull(graphene.String), default_value=[], description="Channels on which the member agrees the post may be reused."
    )
    consent_until = graphene.Date(description="When that consent ends; omit if it does not.")
    idempotency_key = graphene.String(required=True, description="Unique per new post, and the same on every retry of it.")


class SubmissionError(graphene.ObjectType):
    """Something the member can fix, in words to show them."""

    field = graphene.String(required=True, description='The input field, e.g. "text" or "photos.2" (counted from 0).')
    message = graphene.String(required=True)
    file = graphene.String(description="The photo's file name, as sent.")


class SubmitPost(graphene.Mutation):
    """Send a member's post to moderation. It answers at once with the post PROCESSING while its photos are cleaned,
    which then turns PENDING, or REJECTED if a photo cannot be read (see `myPosts`). It stays private until approved."""

    class Arguments:
        input = SubmitPostInput(required=True)

    post = graphene.Field(MyPostType, description="The stored post; null if there are errors.")
    errors = graphene.List(graphene.NonNull(SubmissionError), required=True)
    replayed = graphene.Boolean(required=True, description="True when this retried an earlier request with the same idempotency key.")

    def mutate(root, info, input):
        request = info.context
        member = require_member(request, Scope.SUBMIT_POSTS)
        photos = [intake.read_photo(upload, index) for index, upload in enumerate(input.photos)]
        not_files = [problem for problem in photos if isinstance(problem, intake.Problem)]
        if not_files:
            return SubmitPost(errors=not_files, replayed=False)
        submission = intake.Submission(
            member=member,
            idempotency_key=input.idempotency_key,
            text=input.text,
            photos=tuple(photos),
            scenes=tuple(input.scenes),
            region=input.region,
            campaign=input.campaign,
            consent_channels=tuple(input.consent_channels),
            consent_until=input.consent_until,
        )
        outcome = intake.submit(submission, scope(info).now, admit=partial(_count_against_limits, request, member))
        post = outcome.post and prefetch.my_posts(UGCPost.objects.filter(pk=outcome.post.pk), scope(info).now).get()
        return SubmitPost(post=post, errors=outcome.problems, replayed=outcome.replayed)


def _count_against_limits(request, member: intake.Member) -> None:
    rate_limits.hit("submit_post_per_member", member.id, _("posts from this member"))
    rate_limits.hit("submit_post_per_ip", rate_limits.client_ip(request), _("posts from this network address"))


ExperimentEventKind = graphene.Enum(
    "ExperimentEventKind", [(kind.name, kind.value) for kind in EventKind], description="What happened, in funnel order.",
)


class ExperimentEventInput(graphene.InputObjectType):
    experiment = graphene.String(required=True, description="The experiment's key.")
    variant = graphene.String(required=True, description='The key of the variant shown; "control" for the holdout.')
    kind = ExperimentEventKind(required=True)
    client_event_id = graphene.String(required=True, description="Unique per event for this app, the same on every retry (up to 64 characters).")
    occurred_at = graphene.DateTime(required=True, description="When it happened on the device; without a time zone, local time.")
    subject = graphene.String(description="The device's pseudonymous id; required unless a member is signed in, whose id is used. "
                                          "Never a phone number or a name.")
    persona = graphene.String(description="The persona slug the member was matched to, if any.")
    region = graphene.String(description="The region code the event happened in, if known.")


class ReportEvents(graphene.Mutation):
    """Report what people did with experiments' variants: all the batch is stored, or none of it (BAD_USER_INPUT
    lists each bad event by index). Resending a batch is safe: events already stored are counted as duplicates."""

    class Arguments:
        events = graphene.List(graphene.NonNull(ExperimentEventInput), required=True)

    accepted = graphene.Int(required=True, description="Events stored by this request.")
    duplicates = graphene.Int(required=True, description="Events stored before, by an earlier try of the same batch.")

    def mutate(root, info, events):
        request = info.context
        api_key = require_app(request, Scope.REPORT_EVENTS)
        member = signed_in_member(request)
        if member:
            rate_limits.hit("report_events_per_member", member.id, "event reports from this member")
        rate_limits.hit("report_events_per_ip", rate_limits.client_ip(request), "event reports from this network address")
        reported = [_reported(event) for event in events]
        try:
            recorded = experiment_events.record(reported, api_key.name, scope(info).now, member_id=member and member.id)
        except experiment_events.BatchRefused as refused:
            raise BadInput(str(refused), events=[{"index": problem.index, "message": problem.message} for problem in refused.problems]) from None
        return ReportEvents(accepted=recorded.accepted, duplicates=recorded.duplicates)


def _reported(event) -> experiment_events.ReportedEvent:
    return experiment_events.ReportedEvent(
        experiment=event.experiment, variant=event.variant, kind=event.kind.value, client_event_id=event.client_event_id,
        occurred_at=event.occurred_at, subject=event.subject, persona=event.persona or "", region=event.region or "",
    )


class Mutation(graphene.ObjectType):
    submit_post = SubmitPost.Field()
    report_events = ReportEvents.Field()
