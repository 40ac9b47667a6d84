"""What the app sends: members' posts (``submitPost``).

Authentication, the rate limits and the GraphQL shapes live here; checking
and storing a post is :mod:`delivery.intake`.
"""

from functools import partial

import graphene
from graphene_file_upload.scalars import Upload

from cms.models import UGCPost
from delivery import intake, prefetch
from frontend_api import rate_limits
from frontend_api.auth import require_member
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
    rate_limits.hit("submit_post_per_member", member.id, "posts from this member")
    rate_limits.hit("submit_post_per_ip", rate_limits.client_ip(request), "posts from this network address")


class Mutation(graphene.ObjectType):
    submit_post = SubmitPost.Field()
