"""A member's post from the app, from upload to the moderation queue.

Everything that can be checked in milliseconds is checked before anything
is stored, and every problem is reported at once, so the member can fix them
all in one go. A post is then stored whole in one transaction, or not at all:
no row, no file. It is stored *processing*, its photos as sent, and a task
decodes and cleans them (:mod:`delivery.incoming_photos`): that takes seconds,
which the member's request does not wait for.

Idempotency: the app sends a key with each submission and the same key again
when it retries. A retry of a stored post returns that post (``replayed``)
instead of a second one, and costs no rate limit; a retry that arrives while
the first is still storing waits for it; the same key with different
content is refused.
"""

import contextlib
import datetime
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import CampaignPage
from cms import task_queue
from cms.models import Channel, FlagKind, IncomingPhoto, ModerationSettings, ModerationState, Region, Scene, UGCFlag, UGCPost
from cms.orphan_files import removed_on_failure
from cms.photo_safety import PhotoRejected, about_photo, check_photo
from cms.text_safety import CheckedText, TextRejected, check_text
from delivery.tasks import clean_incoming_photos

MAX_IDEMPOTENCY_KEY_LENGTH = UGCPost._meta.get_field("idempotency_key").max_length
SAME_KEY_WAIT_SECONDS = 30  # a retry waits this long at most for the first request with its key (writing 90 MB of photos)


@dataclass(frozen=True)
class Member:
    """Who sends a post: the brand's member id and handle, as their member token says."""

    id: str
    handle: str


@dataclass(frozen=True)
class Photo:
    name: str
    data: bytes


@dataclass(frozen=True)
class Submission:
    member: Member
    idempotency_key: str
    text: str = ""
    photos: tuple[Photo, ...] = ()
    scenes: tuple[str, ...] = ()
    region: str | None = None
    campaign: str | None = None
    consent_channels: tuple[str, ...] = ()
    consent_until: datetime.date | None = None

    @cached_property
    def digest(self) -> str:
        """A fingerprint of what was sent, to tell a retry from a different post under the same key."""
        content = {
            "text": self.text,
            "photos": [hashlib.sha256(photo.data).hexdigest() for photo in self.photos],
            "scenes": sorted(self.scenes),
            "region": self.region,
            "campaign": self.campaign,
            "consent_channels": sorted(self.consent_channels),
            "consent_until": self.consent_until.isoformat() if self.consent_until else None,
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Problem:
    field: str  # the input field, e.g. "text" or "photos.2"
    message: str
    file: str | None = None  # the photo's file name as the app sent it


@dataclass
class Outcome:
    post: UGCPost | None = None
    problems: list[Problem] = field(default_factory=list)
    replayed: bool = False


def read_photo(upload: object, index: int) -> Photo | Problem:
    """The bytes of an uploaded file, or the problem if ``upload`` is not a file."""
    if not isinstance(upload, UploadedFile):
        return Problem(f"photos.{index}", _("Photo %(number)d is not a file: send photos as multipart uploads.") % {"number": index + 1})
    upload.seek(0)  # the request's size limit bounds what this reads
    return Photo(name=upload.name or f"photo-{index + 1}", data=upload.read())


def replay_of(submission: Submission) -> Outcome | None:
    """The first result for this idempotency key, if the member already sent it."""
    earlier = UGCPost.objects.filter(member_id=submission.member.id, idempotency_key=submission.idempotency_key).first()
    if earlier is None:
        return None
    if earlier.submission_digest != submission.digest:
        message = _("This idempotency key was already used for a different post; use a new key for a new post.")
        return Outcome(problems=[Problem("idempotencyKey", message)])
    return Outcome(post=earlier, replayed=True)


def submit(submission: Submission, now: datetime.datetime, admit: Callable[[], None] = lambda: None) -> Outcome:
    """Check the submission and store it as a post processing, its photos queued for cleaning, or report every problem.

    ``admit`` runs only for a post not sent before, so a replay costs the
    member nothing (it raises to refuse, e.g. past a rate limit).
    """
    with _one_at_a_time(submission):
        if replay := replay_of(submission):
            return replay
        admit()
        checked = _Checked(submission, now)
        if checked.problems:
            return Outcome(problems=checked.problems)
        try:
            return Outcome(post=_store(submission, checked))
        except IntegrityError:
            # The same key arrived at once in another process, which stored it first.
            return replay_of(submission) or Outcome(problems=[Problem("idempotencyKey", _("Please retry."))])


@contextlib.contextmanager
def _one_at_a_time(submission: Submission) -> Iterator[None]:
    """Requests with one idempotency key one after the other: a retry sent while the first is still
    storing waits for it, then answers as its replay. The lock is in the cache, so it spans processes
    when that is Redis; without it, the database's unique key on the idempotency key still holds."""
    lock = f"moments:intake:{hashlib.sha256(f'{submission.member.id} {submission.idempotency_key}'.encode()).hexdigest()}"
    held = _wait_for(lock)
    try:
        yield
    finally:
        if held:
            cache.delete(lock)


def _wait_for(lock: str) -> bool:
    """Take ``lock``; False if the cache cannot hold one (Redis away) or after ``SAME_KEY_WAIT_SECONDS``."""
    deadline = time.monotonic() + SAME_KEY_WAIT_SECONDS
    while time.monotonic() < deadline:
        if cache.add(lock, True, timeout=SAME_KEY_WAIT_SECONDS):
            return True
        if not cache.get(lock):  # neither free nor taken: the cache is away
            return False
        time.sleep(0.05)
    return False


class _Checked:
    """Every field of a submission checked, resolved to model objects, with the problems found."""

    def __init__(self, submission: Submission, now: datetime.datetime):
        self.problems: list[Problem] = []
        self.today = timezone.localdate(now)
        self._check_key(submission.idempotency_key)
        self.text = self._check_text(submission.text)
        self._check_photos(submission.photos)
        self.scenes = self._resolve("scenes", Scene, "slug", submission.scenes)
        self.channels = self._resolve("consentChannels", Channel, "slug", submission.consent_channels)
        self.region = self._resolve("region", Region, "code", [submission.region] if submission.region else [])
        self.campaign = self._check_campaign(submission.campaign, now)
        self.consent_until = submission.consent_until
        if self.consent_until and self.consent_until < self.today:
            self._problem("consentUntil", _("Consent cannot end in the past (%(date)s).") % {"date": self.consent_until})

    def _problem(self, field_name: str, message: str, file: str | None = None) -> None:
        self.problems.append(Problem(field_name, message, file))

    def _check_key(self, key: str) -> None:
        if not key.strip() or len(key) > MAX_IDEMPOTENCY_KEY_LENGTH:
            self._problem("idempotencyKey", _("Send a unique key of 1 to %(limit)d characters with each new post.") % {"limit": MAX_IDEMPOTENCY_KEY_LENGTH})

    def _check_text(self, text: str) -> CheckedText | None:
        words = ModerationSettings.load().word_list()
        try:
            return check_text(text, settings.MOMENTS_UGC["max_text_chars"], words)
        except TextRejected as error:
            self._problem("text", str(error))
            return None

    def _check_photos(self, photos: tuple[Photo, ...]) -> None:
        limits = settings.MOMENTS_UGC
        if not 1 <= len(photos) <= limits["max_photos"]:
            message = _("Send 1 to %(limit)d photos; this post has %(count)d.") % {"limit": limits["max_photos"], "count": len(photos)}
            self._problem("photos", message)
            return
        for index, photo in enumerate(photos):
            try:
                check_photo(photo.data, limits["max_photo_bytes"], limits["max_photo_pixels"])
            except PhotoRejected as error:
                self._problem(f"photos.{index}", about_photo(index, photo.name, error), file=photo.name)

    def _resolve(self, field_name: str, model, key: str, values) -> list:
        found = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": values})}
        unknown = [value for value in values if value not in found]
        if unknown:
            self._problem(field_name, _("Unknown %(what)s: %(values)s.") % {"what": model._meta.verbose_name, "values": ", ".join(unknown)})
        return [found[value] for value in dict.fromkeys(values) if value in found]

    def _check_campaign(self, slug: str | None, now: datetime.datetime) -> CampaignPage | None:
        if not slug:
            return None
        campaign = CampaignPage.objects.live_at(now).filter(slug=slug).first()
        if campaign is None:
            self._problem("campaign", _("The campaign %(slug)s is not running, so the post cannot answer it.") % {"slug": slug})
        return campaign


def _store(submission: Submission, checked: _Checked) -> UGCPost:
    member = submission.member
    post = UGCPost(
        member_id=member.id,
        member_handle=member.handle,
        text=checked.text.text,
        region=checked.region[0] if checked.region else None,
        campaign=checked.campaign,
        consent_until=checked.consent_until,
        moderation_state=ModerationState.PROCESSING,
        idempotency_key=submission.idempotency_key,
        submission_digest=submission.digest,
    )
    post.scenes.set(checked.scenes)
    post.consent_channels.set(checked.channels)
    post.flags.set(_flags(checked.text))
    files = []
    with removed_on_failure(files), transaction.atomic():
        post.save()
        for position, photo in enumerate(submission.photos):
            incoming = IncomingPhoto(post=post, position=position, name=photo.name[:255], file=ContentFile(photo.data, name=f"ugc-{uuid.uuid4().hex}"))
            files.append(incoming.file)
            incoming.save()  # the file is written before its row
        task_queue.after_commit(task_queue.ahead_of_other_work(clean_incoming_photos), post.pk)  # a member is waiting
    return post


def _flags(text: CheckedText) -> list[UGCFlag]:
    flags = []
    if text.sensitive_words:
        flags.append(UGCFlag(kind=FlagKind.SENSITIVE_WORDS, detail=", ".join(text.sensitive_words)[:500]))
    if text.markup_removed:
        flags.append(UGCFlag(kind=FlagKind.MARKUP_REMOVED))
    return flags
