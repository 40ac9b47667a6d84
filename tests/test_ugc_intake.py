"""Members submit posts from the app: multipart uploads through the real HTTP stack.

Every photo is made here with Pillow (or made broken on purpose), sent as a
GraphQL multipart request with an API key and a member token, and what the
database and the media folder hold afterwards is checked. The task that
cleans a post's photos runs once the request has answered, as a worker would.
"""

import datetime
import io
import json
import os
import struct
import zlib
from pathlib import Path

import django_rq
import jwt
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import ExifTags, Image

from cms.models import FlagKind, ModerationSettings, ModerationState, MomentsImage, Scene, UGCPost
from frontend_api.auth import issue_member_token
from frontend_api.models import ApiKey, Scope
from tests.conftest import jpeg_bytes, needs_redis, run_next_database_task, run_rq_worker

pytestmark = pytest.mark.django_db

SUBMIT = """
mutation Submit($input: SubmitPostInput!) {
  submitPost(input: $input) {
    post { id text moderationState memberHandle photos { width height } scenes { slug } region { code } campaign { slug }
           consentChannels { slug } consentUntil }
    errors { field message file }
    replayed
  }
}
"""
MY_POSTS = "query Mine($state: ModerationState) { myPosts(state: $state) { totalCount edges { node { id text moderationState rejectionReason } } } }"
MY_PHOTOS = "{ myPosts { edges { node { id moderationState rejectionReason photos { width height } } } } }"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_key():
    return ApiKey.issue("test app", [Scope.SUBMIT_POSTS, Scope.READ_OWN_POSTS])[1]


@pytest.fixture
def app(client, api_key, django_capture_on_commit_callbacks):
    return App(client, api_key, issue_member_token("m-2001", "小橘子"), django_capture_on_commit_callbacks)


class App:
    """The mobile app: sends multipart GraphQL requests as a signed-in member, in English (Chinese is the default:
    tests/test_translations.py)."""

    def __init__(self, client, api_key: str, token: str, on_commit):
        self.client, self.api_key, self.token, self.on_commit = client, api_key, token, on_commit

    def headers(self) -> dict:
        headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
        if self.api_key:
            headers["HTTP_X_API_KEY"] = self.api_key
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        return headers

    def submit(self, photos: list[tuple[str, bytes]], **fields):
        """Sends the post; the tasks it queues (cleaning its photos) then run, after the answer."""
        with self.on_commit(execute=True):
            return self.client.post("/graphql/", self.multipart(photos, **fields), **self.headers())

    def multipart(self, photos: list[tuple[str, bytes]], **fields) -> dict:
        """``photos`` (name, bytes) with the post's other input fields, following the multipart spec."""
        variables = {"input": {"text": "", "idempotencyKey": "key-1", **fields, "photos": [None] * len(photos)}}
        data = {
            "operations": json.dumps({"query": SUBMIT, "variables": variables}),
            "map": json.dumps({str(index): [f"variables.input.photos.{index}"] for index in range(len(photos))}),
        }
        for index, (name, content) in enumerate(photos):
            data[str(index)] = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return data

    def submitted(self, photos, **fields) -> dict:
        response = self.submit(photos, **fields)
        assert response.status_code == 200, response.content
        return response.json()["data"]["submitPost"]

    def my_post(self, post_id: str) -> dict:
        """The post as the member now sees it in ``myPosts``, photos and all."""
        response = self.query(MY_PHOTOS)
        assert response.status_code == 200, response.content
        [post] = [edge["node"] for edge in response.json()["data"]["myPosts"]["edges"] if edge["node"]["id"] == post_id]
        return post

    def query(self, query: str, variables: dict | None = None):
        body = json.dumps({"query": query, "variables": variables or {}})
        return self.client.post("/graphql/", body, content_type="application/json", **self.headers())


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def jpeg_cut_off(size: tuple[int, int]) -> bytes:
    """A JPEG's headers and the start of its scan, then its end marker: 600 bytes claiming ``size``."""
    whole = jpeg_bytes(size)
    return whole[: whole.find(b"\xff\xda") + 14] + b"\xff\xd9"


def jpeg_with_gps_and_orientation() -> bytes:
    """A 60 × 30 photo, stored sideways with EXIF orientation 6 (rotate 90° clockwise), carrying GPS and a comment."""
    image = Image.new("RGB", (60, 30), (250, 250, 250))
    image.paste((10, 10, 200), (0, 0, 30, 30))  # the left half is blue
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (31.0, 13.0, 48.0)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (121.0, 28.0, 12.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"shot at home", quality=95)
    return buffer.getvalue()


def stored_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


@pytest.fixture
def nothing_stored():
    """Asserts the test's submissions left no post, image or file behind."""
    before = UGCPost.objects.count(), MomentsImage.objects.count(), stored_files()
    yield
    assert (UGCPost.objects.count(), MomentsImage.objects.count(), stored_files()) == before


# Submitting ---------------------------------------------------------------------


def test_a_photo_is_stored_upright_without_any_metadata(app):
    original = jpeg_with_gps_and_orientation()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does carry GPS

    result = app.submitted(
        [("IMG_0001.JPG", original)], text="秋天第一只大闸蟹 🦀", scenes=["weekend-home-cooking"], region="CN-SH",
        consentChannels=["app-home", "social"], consentUntil="2027-12-31",
    )

    assert result["errors"] == [] and result["replayed"] is False
    post = result["post"]
    assert post["moderationState"] == "PROCESSING" and post["memberHandle"] == "小橘子"
    assert post["photos"] == []  # the answer does not wait for them
    assert [s["slug"] for s in post["scenes"]] == ["weekend-home-cooking"] and post["region"] == {"code": "CN-SH"}
    assert {c["slug"] for c in post["consentChannels"]} == {"app-home", "social"} and post["consentUntil"] == "2027-12-31"
    assert app.my_post(post["id"]) == {"id": post["id"], "moderationState": "PENDING", "rejectionReason": None, "photos": [{"width": 30, "height": 60}]}

    stored = UGCPost.objects.get(pk=post["id"])
    assert (stored.member_id, stored.text, stored.moderation_state) == ("m-2001", "秋天第一只大闸蟹 🦀", ModerationState.PENDING)
    image = stored.photos.get().image
    assert image.collection.name == settings.MOMENTS_UGC["collection"] and image.credit == "@小橘子"
    with image.open_file() as file:
        data = file.read()
    clean = Image.open(io.BytesIO(data))
    assert clean.format == "JPEG" and clean.size == (30, 60)
    assert not clean.getexif() and not {"exif", "comment", "icc_profile", "xmp"} & set(clean.info)
    assert b"shot at home" not in data and b"Exif" not in data
    red, green, blue = clean.getpixel((15, 5))  # turned clockwise, the blue left half is now on top
    assert blue > 150 and red < 80


def test_the_answer_does_not_wait_for_the_photos_a_worker_cleans_them(app, database_queue):
    """Decoding takes seconds a photo: the request keeps the photo as sent, privately, and the task queue cleans it,
    ahead of work queued before it (an image's sizes), since the member is waiting."""
    with app.on_commit(execute=True):
        MomentsImage.objects.create(title="编辑刚上传", file=ContentFile(jpeg_bytes(), name="editor.jpg"))
    original = jpeg_with_gps_and_orientation()
    post = app.submitted([("IMG_0002.JPG", original)], text="排队中的照片")["post"]
    assert (post["moderationState"], post["photos"]) == ("PROCESSING", [])
    stored = UGCPost.objects.get(pk=post["id"])
    [sent] = stored.incoming_photos.all()
    assert sent.name == "IMG_0002.JPG" and (Path(settings.MEDIA_ROOT) / sent.file.name).read_bytes() == original
    assert not stored.photos.exists()
    queued = DBTaskResult.objects.ready().filter(task_path="delivery.tasks.clean_incoming_photos")
    assert list(queued.values_list("args_kwargs", flat=True)) == [{"args": [stored.pk], "kwargs": {}}]
    if settings.MOMENTS_SERVE_MEDIA:
        assert app.client.get(f"{settings.MEDIA_URL}{sent.file.name}", follow=True).status_code == 404  # GPS and all: never served

    with app.on_commit(execute=True):
        run_next_database_task()
    assert DBTaskResult.objects.ready().filter(task_path="cms.tasks.make_renditions").exists()  # still waiting

    assert app.my_post(post["id"]) == {"id": post["id"], "moderationState": "PENDING", "rejectionReason": None, "photos": [{"width": 30, "height": 60}]}
    assert not stored.incoming_photos.exists() and not (Path(settings.MEDIA_ROOT) / sent.file.name).exists()


@needs_redis
def test_on_rq_a_members_photos_wait_on_the_queue_the_worker_empties_first(app, rq_queue):
    """RQ has no priorities: the photos go on the queue its worker takes before the others."""
    with app.on_commit(execute=True):
        MomentsImage.objects.create(title="编辑刚上传", file=ContentFile(jpeg_bytes(), name="editor.jpg"))
    post = app.submitted([("IMG_0003.JPG", jpeg_bytes((40, 30)))], text="在 Redis 上排队")["post"]
    assert post["moderationState"] == "PROCESSING"
    waiting = django_rq.get_queue(settings.MEMBERS_TASK_QUEUE)
    assert [job.func_name for job in waiting.get_jobs()] == ["delivery.tasks.clean_incoming_photos"]
    queued_before = rq_queue.get_jobs()
    assert "cms.tasks.make_renditions" in [job.func_name for job in queued_before]  # beside search and reference updates

    with app.on_commit(execute=True):
        run_rq_worker(max_jobs=1)
    assert app.my_post(post["id"])["moderationState"] == "PENDING"
    assert waiting.count == 0 and {job.id for job in queued_before} <= set(rq_queue.job_ids)  # all of that still waits


def test_a_photo_damaged_past_its_header_rejects_the_post_naming_it_and_keeps_no_photo(app):
    """What the header cannot tell, decoding finds: the member sees why, and none of the post's photos is kept."""
    before = MomentsImage.objects.count(), stored_files()
    damaged = png_declaring(300, 200)  # a whole header, then too little data for its pixels
    post = app.submitted([("good.jpg", jpeg_bytes()), ("damaged.png", damaged)], text="第二张坏了")["post"]
    assert post["moderationState"] == "PROCESSING"

    seen = app.my_post(post["id"])
    assert (seen["moderationState"], seen["photos"]) == ("REJECTED", [])
    # Written by the task, after the request: in the app's default language.
    assert seen["rejectionReason"].startswith("第 2 张照片（damaged.png）：图片已损坏或不完整")
    assert (MomentsImage.objects.count(), stored_files()) == before
    assert not UGCPost.objects.get(pk=post["id"]).incoming_photos.exists()


def test_a_photo_whose_metadata_cannot_be_read_rejects_the_post_rather_than_leave_it_processing(app):
    """A broken EXIF block is only read while cleaning: the post must not wait, undecidable, forever."""
    broken = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 0)).save(broken, "WEBP", exif=b"Exif\0\0garbagegarbage")
    post = app.submitted([("sticker.webp", broken.getvalue())])["post"]
    seen = app.my_post(post["id"])
    assert seen["moderationState"] == "REJECTED" and seen["rejectionReason"].startswith("第 1 张照片（sticker.webp）：图片已损坏")


def test_deleting_a_post_still_processing_deletes_its_photos_as_sent(app, database_queue):
    """A post deleted for privacy must not leave the member's photo, GPS and all, on disk."""
    post = UGCPost.objects.get(pk=app.submitted([("home.jpg", jpeg_with_gps_and_orientation())])["post"]["id"])
    [sent] = [Path(settings.MEDIA_ROOT) / photo.file.name for photo in post.incoming_photos.all()]
    assert sent.exists()
    with app.on_commit(execute=True):
        post.delete()
    assert not sent.exists()


def test_a_png_and_a_webp_keep_their_format(app):
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 200, 0, 128)).save(buffer, "PNG")
    webp = io.BytesIO()
    Image.new("RGB", (12, 12), (200, 0, 0)).save(webp, "WEBP")
    result = app.submitted([("bouquet.png", buffer.getvalue()), ("cake.webp", webp.getvalue())])
    assert result["errors"] == []
    formats = []
    for photo in UGCPost.objects.get(pk=result["post"]["id"]).photos.all():
        with photo.image.open_file() as file:
            formats.append(Image.open(file).format)
    assert formats == ["PNG", "WEBP"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("huge.png", png_declaring(50_000, 50_000), "pixels"),
        ("truncated.jpg", jpeg_bytes((200, 200))[:300], "damaged or incomplete"),
        ("cut-off.jpg", jpeg_cut_off((6000, 4000)), "damaged or incomplete"),  # the decoder would fill it with grey
        ("6000x6000.png", png_declaring(6_000, 6_000), "up to 24 megapixels"),
        ("notes.jpg", "这不是照片，是一段文字。".encode(), "not a JPEG, PNG or WebP"),
        ("empty.jpg", b"", "empty"),
    ],
)
def test_a_bad_photo_is_named_and_nothing_at_all_is_stored(app, nothing_stored, name, content, reason):
    good = jpeg_bytes()
    result = app.submitted([("good-1.jpg", good), (name, content), ("good-2.jpg", good)], text="有一张坏图")
    assert result["post"] is None
    [error] = result["errors"]
    assert error["field"] == "photos.1" and error["file"] == name
    assert name in error["message"] and reason in error["message"]


def refusing_inserts_into(table: str):
    """The database refusing every INSERT into ``table``, as a locked or read-only one would."""

    def refuse(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{table}"'):
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(refuse)


@pytest.mark.parametrize("table", ["cms_ugcpost", "cms_incomingphoto"])
def test_a_write_the_database_refuses_leaves_no_file_behind(app, nothing_stored, table):
    """The photo is written before its row: a locked or read-only database at any INSERT must take it away again."""
    with refusing_inserts_into(table):
        response = app.submit([("one.jpg", jpeg_bytes()), ("two.jpg", jpeg_bytes())])
    assert response.status_code == 500
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL"


@pytest.mark.parametrize("table", ["cms_momentsimage", "cms_ugcphoto"])
def test_cleaning_that_the_database_refuses_keeps_the_photos_as_sent_for_the_next_run(app, table):
    """The task's own writes fail whole: no cleaned file is left, and the post waits, processing, for a later run."""
    before = MomentsImage.objects.count(), stored_files()
    with refusing_inserts_into(table):
        result = app.submitted([("one.jpg", jpeg_bytes()), ("two.jpg", jpeg_bytes())])
    post = UGCPost.objects.get(pk=result["post"]["id"])
    assert post.moderation_state == ModerationState.PROCESSING and post.incoming_photos.count() == 2
    sent = {Path(settings.MEDIA_ROOT) / photo.file.name for photo in post.incoming_photos.all()}
    assert (MomentsImage.objects.count(), stored_files()) == (before[0], before[1] | sent)

    with app.on_commit(execute=True):
        call_command("clean_incoming_photos", "--older-than", "0")  # what a lost task leaves, this command finishes

    post.refresh_from_db()
    assert post.moderation_state == ModerationState.PENDING and post.photos.count() == 2
    assert not post.incoming_photos.exists() and not sent & stored_files()


def test_files_no_row_names_are_found_and_removed(app, tmp_path):
    kept = app.submitted([("tea.jpg", jpeg_bytes())])["post"]
    assert kept
    strays = [Path(settings.MEDIA_ROOT) / folder / "ugc-left-by-a-killed-process.jpg" for folder in ("original_images", "incoming")]
    half_a_minute_ago = timezone.now().timestamp() - 30  # by the test's clock, which may be travelling
    for stray in strays:
        stray.parent.mkdir(exist_ok=True)
        stray.write_bytes(jpeg_bytes())
        os.utime(stray, (half_a_minute_ago, half_a_minute_ago))
    call_command("remove_orphan_files", "--older-than", "60")
    assert all(stray.exists() for stray in strays)  # too young: their rows may be on their way
    out = io.StringIO()
    call_command("remove_orphan_files", "--older-than", "0", stdout=out)  # (and what rolled-back tests left)
    assert {"original_images/ugc-left-by-a-killed-process.jpg", "incoming/ugc-left-by-a-killed-process.jpg"} <= set(out.getvalue().split())
    assert not any(stray.exists() for stray in strays)
    named = {Path(settings.MEDIA_ROOT) / image.file.name for image in MomentsImage.objects.all()}
    assert named and named <= stored_files()


def test_a_phone_jpeg_with_more_pictures_inside_keeps_the_first(app):
    """Phones add a Multi-Picture Format segment (a depth map, a preview): Pillow sees frames, but it is one photo."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (32, 24))])
    result = app.submitted([("portrait.jpg", buffer.getvalue())])
    assert result["errors"] == [] and app.my_post(result["post"]["id"])["photos"] == [{"width": 64, "height": 48}]
    with UGCPost.objects.get(pk=result["post"]["id"]).photos.get().image.open_file() as file:
        stored = Image.open(file)
        assert (stored.format, getattr(stored, "n_frames", 1)) == ("JPEG", 1)


def test_a_gif_is_refused_even_though_pillow_reads_it(app, nothing_stored):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "GIF")
    [error] = app.submitted([("anim.gif", buffer.getvalue())])["errors"]
    assert "not a JPEG, PNG or WebP" in error["message"]


def test_a_photo_over_the_byte_limit_is_refused(app, nothing_stored, settings):
    settings.MOMENTS_UGC = {**settings.MOMENTS_UGC, "max_photo_bytes": 2_000}
    [error] = app.submitted([("big.jpg", jpeg_bytes((300, 300), colour=(10, 200, 90)) + b"\0" * 2_000)])["errors"]
    assert "big.jpg" in error["message"] and "photos may be up to 2 KB" in error["message"]


@pytest.mark.parametrize("count", [0, 10])
def test_one_to_nine_photos(app, nothing_stored, count):
    [error] = app.submitted([(f"{n}.jpg", jpeg_bytes()) for n in range(count)])["errors"]
    assert error["field"] == "photos" and f"this post has {count}" in error["message"]


def test_every_fixable_problem_is_reported_at_once(app, nothing_stored):
    result = app.submitted(
        [("notes.jpg", b"plain text")], text="长" * 1001, scenes=["moon-walking"], region="XX", campaign="no-such-campaign",
        consentChannels=["fax"], consentUntil="2020-01-01", idempotencyKey=" ",
    )
    fields = sorted(error["field"] for error in result["errors"])
    assert fields == ["campaign", "consentChannels", "consentUntil", "idempotencyKey", "photos.0", "region", "scenes", "text"]
    messages = " ".join(error["message"] for error in result["errors"])
    assert "1001 characters" in messages and "moon-walking" in messages and "fax" in messages


@pytest.mark.date_sensitive
def test_a_post_can_answer_a_live_campaign(app):
    result = app.submitted([("crab.jpg", jpeg_bytes())], campaign="crab-by-high-speed-rail")
    assert result["post"]["campaign"] == {"slug": "crab-by-high-speed-rail"}


def test_a_photo_sent_as_a_string_instead_of_a_file_is_an_error_not_a_crash(app, nothing_stored):
    variables = {"input": {"photos": ["https://example.com/a.jpg"], "idempotencyKey": "k"}}
    response = app.query(SUBMIT, variables)
    assert response.status_code == 200
    [error] = response.json()["data"]["submitPost"]["errors"]
    assert error["field"] == "photos.0" and "multipart" in error["message"]


# Text ---------------------------------------------------------------------------


def test_a_sensitive_word_flags_the_post_and_changes_nothing(app):
    ModerationSettings.objects.update_or_create(pk=ModerationSettings.load().pk, defaults={"sensitive_words": "代购\nWeChat\nass"})
    text = "蟹很好吃！需要的私信 代 购，加ｗｅｃｈａｔ。First class service."
    result = app.submitted([("crab.jpg", jpeg_bytes())], text=text)
    post = UGCPost.objects.get(pk=result["post"]["id"])
    assert post.text == text and post.moderation_state == ModerationState.PENDING
    [flag] = post.flags.all()
    assert flag.kind == FlagKind.SENSITIVE_WORDS and flag.detail == "代购, WeChat"  # "class" does not match "ass"


def test_html_is_removed_and_the_post_flagged(app):
    result = app.submitted([("a.jpg", jpeg_bytes())], text='<b>好吃</b><script>alert("x")</script> 5 < 6\x07')
    post = UGCPost.objects.get(pk=result["post"]["id"])
    assert post.text == '好吃alert("x") 5 < 6'  # tags go, their text stays, a lone "<" is text
    assert [flag.kind for flag in post.flags.all()] == [FlagKind.MARKUP_REMOVED]


# Idempotency --------------------------------------------------------------------


def test_a_retry_with_the_same_key_returns_the_first_post(app):
    photos = [("crab.jpg", jpeg_bytes())]
    first = app.submitted(photos, text="重试", idempotencyKey="retry-7")
    again = app.submitted(photos, text="重试", idempotencyKey="retry-7")
    assert again["replayed"] is True and again["post"]["id"] == first["post"]["id"] and again["errors"] == []
    assert UGCPost.objects.filter(member_id="m-2001", idempotency_key="retry-7").count() == 1


def test_the_same_key_with_different_content_is_refused(app):
    app.submitted([("crab.jpg", jpeg_bytes())], text="第一条", idempotencyKey="retry-8")
    result = app.submitted([("crab.jpg", jpeg_bytes())], text="第二条", idempotencyKey="retry-8")
    assert result["post"] is None and result["errors"][0]["field"] == "idempotencyKey"
    assert UGCPost.objects.filter(idempotency_key="retry-8").count() == 1


def test_keys_are_per_member(app, client, api_key):
    app.submitted([("a.jpg", jpeg_bytes())], idempotencyKey="shared")
    other = App(client, api_key, issue_member_token("m-2002", "小柚子"), app.on_commit).submitted([("a.jpg", jpeg_bytes())], idempotencyKey="shared")
    assert other["replayed"] is False and other["post"]["memberHandle"] == "小柚子"


# Authentication -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"api_key": ""}, "X-Api-Key"),
        ({"api_key": "mk_deadbeef_not-a-real-key"}, "API key is not valid"),
        ({"token": ""}, "Bearer"),
        ({"token": "not.a.jwt"}, "member token is not valid"),
        ({"token": issue_member_token("m-2001", "小橘子", ttl=datetime.timedelta(minutes=-5))}, "expired"),
    ],
)
def test_unauthenticated_requests_are_refused(app, nothing_stored, change, message):
    for name, value in change.items():
        setattr(app, name, value)
    response = app.submit([("a.jpg", jpeg_bytes())])
    assert response.status_code == 401
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and message in error["message"]
    assert response["Cache-Control"] == "no-store"


def test_a_token_signed_with_another_secret_is_refused(app, nothing_stored, settings):
    ours = settings.MOMENTS_MEMBER_TOKEN_SECRET
    settings.MOMENTS_MEMBER_TOKEN_SECRET = "a-different-secret-of-sufficient-length-0123456789"
    app.token = issue_member_token("m-2001", "小橘子")
    settings.MOMENTS_MEMBER_TOKEN_SECRET = ours
    assert app.submit([("a.jpg", jpeg_bytes())]).status_code == 401


def signed(settings, **claims) -> str:
    """A token as a member system might sign it: the site's usual claims, then ``claims`` over them (None drops one)."""
    now = int(timezone.now().timestamp())
    usual = {"sub": "m-2001", "handle": "小橘子", "iat": now, "exp": now + 3600,
             "iss": settings.MOMENTS_MEMBER_TOKEN_ISSUER, "aud": settings.MOMENTS_MEMBER_TOKEN_AUDIENCE}
    merged = {name: value for name, value in {**usual, **claims}.items() if value is not None}
    return jwt.encode(merged, settings.MOMENTS_MEMBER_TOKEN_SECRET, algorithm="HS256")


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": int(timezone.now().timestamp()) + 10**10},  # "valid" for three centuries
        {"iss": "another-service"},
        {"aud": "another-site"},
        {"iss": None},
        {"aud": None},
        {"iat": None},
        {"sub": "  m-2001  "},  # another member's id with spaces around it
        {"sub": 2001},
        {"handle": {"name": "小橘子"}},
    ],
    ids=["three centuries", "other issuer", "other audience", "no issuer", "no audience", "no iat", "padded id", "number id", "object handle"],
)
def test_tokens_the_member_system_would_not_sign_are_refused(app, settings, claims):
    app.token = signed(settings, **claims)
    response = app.submit([("a.jpg", jpeg_bytes())])
    assert response.status_code == 401 and response.json()["errors"][0]["extensions"]["reason"] == "TOKEN_INVALID"
    app.token = signed(settings)
    assert app.submit([("a.jpg", jpeg_bytes())]).status_code == 200


def test_handles_and_text_lose_encoded_markup_and_invisible_characters(app, settings):
    app.token = signed(settings, handle="&lt;b&gt;小橘子&lt;/b&gt;\u202e")
    result = app.submitted([("a.jpg", jpeg_bytes())], text="&lt;script&gt;好吃&lt;/script&gt;\u202e\u200b！👩\u200d👩\u200d👧")
    post = UGCPost.objects.get(pk=result["post"]["id"])
    assert (post.member_handle, post.text) == ("小橘子", "好吃！👩\u200d👩\u200d👧")  # the family emoji keeps its joiners
    assert [flag.kind for flag in post.flags.all()] == [FlagKind.MARKUP_REMOVED]


def test_sensitive_words_are_found_through_zero_width_spaces_and_look_alike_letters(app):
    ModerationSettings.objects.update_or_create(pk=ModerationSettings.load().pk, defaults={"sensitive_words": "代购\nWeChat"})
    text = "私信代\u200b购，加 wе\u200bсhаt"  # Cyrillic е, с, а
    result = app.submitted([("a.jpg", jpeg_bytes())], text=text)
    post = UGCPost.objects.get(pk=result["post"]["id"])
    assert post.flags.get().detail == "代购, WeChat"


def test_a_revoked_key_is_refused(app, nothing_stored):
    ApiKey.objects.update(is_active=False)
    response = app.submit([("a.jpg", jpeg_bytes())])
    assert response.status_code == 401 and "revoked" in response.json()["errors"][0]["message"]


def test_a_key_without_the_scope_is_forbidden(app, client, nothing_stored):
    app.api_key = ApiKey.issue("read only", [Scope.READ_OWN_POSTS])[1]
    response = app.submit([("a.jpg", jpeg_bytes())])
    assert response.status_code == 403 and response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


# Rate limits --------------------------------------------------------------------


def test_the_member_rate_limit_trips_with_a_clear_error(app, settings):
    settings.MOMENTS_RATE_LIMITS = {**settings.MOMENTS_RATE_LIMITS, "submit_post_per_member": (2, 3600)}
    for number in range(2):
        assert app.submitted([("a.jpg", jpeg_bytes())], idempotencyKey=f"k{number}")["errors"] == []
    assert app.submitted([("a.jpg", jpeg_bytes())], idempotencyKey="k0")["replayed"] is True  # a retry is not counted

    response = app.submit([("a.jpg", jpeg_bytes())], idempotencyKey="k2")
    assert response.status_code == 429
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED" and "up to 2 in 1 hour" in error["message"]
    assert 0 < int(response["Retry-After"]) <= 3600 and error["extensions"]["retryAfter"] == int(response["Retry-After"])
    assert UGCPost.objects.filter(member_id="m-2001").count() == 2


def test_the_address_rate_limit_counts_every_member(app, client, api_key, settings):
    settings.MOMENTS_RATE_LIMITS = {**settings.MOMENTS_RATE_LIMITS, "submit_post_per_ip": (3, 600)}
    for number in range(3):
        app.token = issue_member_token(f"m-30{number}", f"会员{number}")
        assert app.submit([("a.jpg", jpeg_bytes())]).status_code == 200
    app.token = issue_member_token("m-399", "新会员")
    response = app.submit([("a.jpg", jpeg_bytes())])
    assert response.status_code == 429 and "network address" in response.json()["errors"][0]["message"]


def test_behind_a_proxy_the_address_it_appended_is_counted_not_what_the_client_wrote(app, settings):
    settings.MOMENTS_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.MOMENTS_RATE_LIMITS = {**settings.MOMENTS_RATE_LIMITS, "submit_post_per_ip": (2, 600)}
    answers = []
    for number in range(3):
        app.token = issue_member_token(f"m-31{number}", f"会员{number}")
        forged = {"HTTP_X_FORWARDED_FOR": f"10.9.9.{number}, 203.0.113.7"}  # a new address of its own each time, then the proxy's
        answers.append(app.client.post("/graphql/", app.multipart([("a.jpg", jpeg_bytes())]), **app.headers(), **forged))
    assert [answer.status_code for answer in answers] == [200, 200, 429]


# The member's own posts ---------------------------------------------------------


def test_my_posts_shows_the_members_own_posts_with_their_state(app, moderator):
    from cms import moderation

    first = app.submitted([("a.jpg", jpeg_bytes())], text="我的第一条", idempotencyKey="a", consentChannels=["app-home"])
    second = app.submitted([("b.jpg", jpeg_bytes())], text="我的第二条", idempotencyKey="b")
    moderation.reject(UGCPost.objects.get(pk=second["post"]["id"]), moderator, "照片与活动无关")
    moderation.approve(UGCPost.objects.get(pk=first["post"]["id"]), moderator)

    response = app.query(MY_POSTS)
    assert response["Cache-Control"] == "no-store"
    mine = response.json()["data"]["myPosts"]
    assert mine["totalCount"] == 2
    assert [edge["node"] for edge in mine["edges"]] == [
        {"id": second["post"]["id"], "text": "我的第二条", "moderationState": "REJECTED", "rejectionReason": "照片与活动无关"},
        {"id": first["post"]["id"], "text": "我的第一条", "moderationState": "APPROVED", "rejectionReason": None},
    ]
    rejected = app.query(MY_POSTS, {"state": "REJECTED"}).json()["data"]["myPosts"]
    assert rejected["totalCount"] == 1


def test_my_posts_needs_a_member(app):
    app.token = ""
    response = app.query(MY_POSTS)
    assert response.status_code == 401


def test_a_get_with_credentials_is_never_cached(app):
    response = app.client.get("/graphql/", {"query": MY_POSTS}, **app.headers())
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"


# Malformed requests -------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"operations": "{not json", "map": "{}"},
        {"operations": json.dumps({"query": SUBMIT, "variables": {"input": {"photos": [None]}}}), "map": "[1, 2]"},
        {"operations": json.dumps({"query": SUBMIT, "variables": {"input": {"photos": [None]}}}), "map": json.dumps({"0": ["variables.input.photos.0"]})},
        {"operations": json.dumps({"query": SUBMIT, "variables": {}}), "map": json.dumps({"0": ["variables.nowhere.9"]}), "0": b"x"},
    ],
    ids=["operations not json", "map not an object", "map names a missing file", "map points nowhere"],
)
def test_a_malformed_multipart_request_is_a_400_not_a_500(app, nothing_stored, data):
    data = {name: SimpleUploadedFile("x.jpg", value) if isinstance(value, bytes) else value for name, value in data.items()}
    response = app.client.post("/graphql/", data, **app.headers())
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize("field", ["scenes", "text", "idempotencyKey"])
def test_a_nul_character_anywhere_is_a_400(app, nothing_stored, field):
    value = ["post-workout\x00"] if field == "scenes" else "nul\x00"
    response = app.submit([("a.jpg", jpeg_bytes())], **{field: value})
    assert response.status_code == 400 and "NUL" in response.json()["errors"][0]["message"]
    query = '{ articles(region: "CN\\u0000") { totalCount } }'
    assert app.query(query).status_code == 400


def test_a_request_over_the_upload_limit_is_refused_before_it_is_read(app, nothing_stored, settings):
    settings.MOMENTS_UGC = {**settings.MOMENTS_UGC, "max_photos": 1, "max_photo_bytes": 1_000}
    response = app.submit([("a.jpg", jpeg_bytes((400, 400)) + b"\0" * 70_000)])
    assert response.status_code == 413


# Public visibility --------------------------------------------------------------


@pytest.mark.date_sensitive
def test_a_submitted_post_stays_out_of_every_public_root_field_until_approved(app, graphql, moderator, settings):
    from cms import moderation
    from tests.test_api_visibility import ROOT_FIELDS, everything_query

    settings.MOMENTS_API_LIMITS = {**settings.MOMENTS_API_LIMITS, "max_cost": 10**8, "max_fields": 1000}
    marker = "投稿榴莲"
    scenes = list(Scene.objects.values_list("slug", flat=True))
    result = app.submitted(
        [("durian.jpg", jpeg_bytes())], text=f"{marker} 好吃", scenes=scenes, region="CN-ZJ-HZ",
        campaign="crab-by-high-speed-rail", consentChannels=["app-home"],
    )
    post = UGCPost.objects.get(pk=result["post"]["id"])

    def public_answers() -> str:
        answers = ""
        for root_field in ROOT_FIELDS:
            response = graphql.post(everything_query(root_field), {"scenes": scenes} if root_field == "moment" else {})
            assert response.status_code == 200 and "errors" not in response.json(), response.content
            answers += response.content.decode()
        return answers

    assert marker not in public_answers()  # pending
    moderation.reject(post, moderator, "测试拒绝")
    assert marker not in public_answers()  # rejected
    post.moderation_state = ModerationState.PENDING
    moderation.approve(post, moderator)
    assert marker in public_answers()  # the control: once approved, the same queries find it


def test_a_photo_larger_than_kept_is_stored_at_the_longest_side(app):
    [photo] = app.my_post(app.submitted([("big.jpg", jpeg_bytes((5000, 3000)))])["post"]["id"])["photos"]
    assert (photo["width"], photo["height"]) == (4096, 2458)


def test_a_photo_over_the_megapixel_limit_is_refused_from_its_header(app, nothing_stored, settings):
    settings.MOMENTS_UGC = {**settings.MOMENTS_UGC, "max_photo_pixels": 1_000_000}
    [error] = app.submitted([("wide.png", png_declaring(2_000, 1_000))])["errors"]
    assert "2000 × 1000 pixels" in error["message"] and "up to 1 megapixels" in error["message"]
