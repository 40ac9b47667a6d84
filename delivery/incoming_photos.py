"""A member's photos cleaned after their post is stored: the task's half of the intake (delivery.intake).

Decoding and re-encoding nine phone photos takes seconds, so the request that
received them only checked their headers and kept them as sent. Here each is
cleaned (:func:`cms.photo_safety.clean_photo`) and the post becomes pending,
in the moderation queue, with its photos. A photo that turns out unreadable
rejects the post, naming the photo, so the member sees why in ``myPosts``;
none of its photos is kept. Running again is harmless: only a post still
processing is cleaned, and while one run stores, another waits for its row.
"""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cms import moderation
from cms.models import IncomingPhoto, ModerationState, MomentsImage, UGCPhoto, UGCPost, collection_named
from cms.orphan_files import removed_on_failure
from cms.photo_safety import CleanPhoto, PhotoRejected, about_photo, clean_photo


def clean_incoming_photos(post_pk: int) -> None:
    """Clean the photos of the post if it is still processing; it ends pending, or rejected if a photo cannot be read.

    A rejection's reason is written in the app's default language: the request that sent the photos is gone."""
    with translation.override(settings.MOMENTS_API_LANGUAGES[0]):
        _clean(post_pk)


def _clean(post_pk: int) -> None:
    incoming = list(IncomingPhoto.objects.filter(post_id=post_pk, post__moderation_state=ModerationState.PROCESSING))
    cleaned, problems = [], []
    for photo in incoming:  # outside any transaction: the seconds of decoding hold no lock
        try:
            cleaned.append(_cleaned(photo))
        except PhotoRejected as error:
            problems.append(about_photo(photo.position, photo.name, error))
    if problems:
        _reject(post_pk, incoming, problems)
    elif incoming:
        _keep(post_pk, incoming, cleaned)


def _cleaned(photo: IncomingPhoto) -> CleanPhoto:
    limits = settings.MOMENTS_UGC
    try:
        with photo.file.open("rb") as file:
            data = file.read()
    except FileNotFoundError:  # another run has just cleaned the post (it then finds it done), or the file was lost
        raise PhotoRejected(_("The photo was lost before it could be checked.")) from None
    return clean_photo(data, limits["max_photo_bytes"], limits["max_photo_pixels"], limits["max_photo_side"])


def _keep(post_pk: int, incoming: list[IncomingPhoto], cleaned: list[CleanPhoto]) -> None:
    files = []
    with removed_on_failure(files), transaction.atomic():
        post = _still_processing(post_pk)
        if post is None:
            return
        collection = collection_named(settings.MOMENTS_UGC["collection"])
        for position, photo in enumerate(cleaned):
            image = MomentsImage(
                title=f"@{post.member_handle} {position + 1}/{len(cleaned)}",
                credit=f"@{post.member_handle}",
                collection=collection,
                file=ContentFile(photo.content, name=f"ugc-{uuid.uuid4().hex}.{photo.extension}"),
            )
            image._set_image_file_metadata()
            files.append(image.file)
            image.save()  # the file is written before its row
            UGCPhoto.objects.create(post=post, image=image, sort_order=position)
        post.moderation_state = ModerationState.PENDING
        post.save(update_fields=["moderation_state"])
        _forget(incoming)


def _reject(post_pk: int, incoming: list[IncomingPhoto], problems: list[str]) -> None:
    with transaction.atomic():
        post = _still_processing(post_pk)
        if post is None:
            return
        moderation.reject_unreadable(post, _("%(problems)s Send the post again with other photos.") % {"problems": " ".join(problems)})
        _forget(incoming)


def _still_processing(post_pk: int) -> UGCPost | None:
    """The post, its row locked until the transaction ends, unless another run has cleaned it meanwhile."""
    return UGCPost.objects.select_for_update().filter(pk=post_pk, moderation_state=ModerationState.PROCESSING).first()


def _forget(incoming: list[IncomingPhoto]) -> None:
    """Delete the photos as sent; their files go once that commits (cms.orphan_files.delete_file_after_commit)."""
    IncomingPhoto.objects.filter(pk__in=[photo.pk for photo in incoming]).delete()
