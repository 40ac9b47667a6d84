"""Renditions are made by the task queue when an image is saved; no request renders one."""

import io

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from PIL import Image as PillowImage

from cms import renditions
from cms.models import ArticlePage, MomentsImage, MomentsRendition
from tests.conftest import jpeg_bytes, renditions_made, run_database_worker

HERO = """{ article(slug: "hairy-crab-same-day") { heroImage { width height
    rendition(width: 320) { url width height format } webp: rendition(width: 1280, format: WEBP) { width format } } } }"""


def new_image(size=(1600, 900)) -> MomentsImage:
    return MomentsImage.objects.create(title="新图", file=ImageFile(io.BytesIO(jpeg_bytes(size, (30, 140, 60))), name="new.jpg"))


def test_saving_an_image_queues_every_offered_size_which_a_worker_makes(database_queue, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = new_image()
    assert not image.renditions.exists()
    queued = DBTaskResult.objects.ready().filter(task_path="cms.tasks.make_renditions")
    assert list(queued.values_list("args_kwargs", flat=True)) == [{"args": [image.pk], "kwargs": {}}]
    run_database_worker()  # with Wagtail's own: the search index and reference index updates
    made = set(image.renditions.values_list("filter_spec", flat=True))
    crops = len(settings.MOMENTS_IMAGE_CROPS) * len(settings.MOMENTS_IMAGE_CROP_WIDTHS)
    assert made == set(renditions.offered_specs()) and len(made) == 2 * (len(settings.MOMENTS_IMAGE_WIDTHS) + crops)
    image.refresh_from_db()
    shown = [int(image.placeholder_color[start:start + 2], 16) for start in (1, 3, 5)]
    assert all(abs(channel - painted) <= 4 for channel, painted in zip(shown, (30, 140, 60)))  # JPEG shifts a few levels
    assert image.renditions.get(filter_spec="width-750|format-webp").width == 750


def test_no_request_renders_an_image_it_is_given_the_nearest_made_size_and_the_rest_are_queued(database_queue, graphql, django_capture_on_commit_callbacks):
    hero = ArticlePage.objects.get(slug="hairy-crab-same-day").hero_image
    hero.renditions.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        first, second = graphql.data(HERO)["article"]["heroImage"], graphql.data(HERO)["article"]["heroImage"]
    assert MomentsRendition.objects.filter(image=hero).count() == 0
    assert first["rendition"] == {**first["rendition"], "width": hero.width, "height": hero.height, "format": "JPEG"}
    assert first["rendition"]["url"].endswith(hero.file.name.rsplit("/", 1)[-1]) and second == first
    assert DBTaskResult.objects.ready().filter(task_path="cms.tasks.make_renditions").count() == 1  # once per image, however many requests found it lacking

    hero.get_renditions(renditions.spec(480, "jpeg"), renditions.spec(160, "webp"))
    made = graphql.data(HERO)["article"]["heroImage"]
    assert (made["rendition"]["width"], made["rendition"]["format"]) == (480, "JPEG")  # the narrowest wider one
    assert made["webp"] == {"width": 160, "format": "WEBP"}  # the widest one made, in the format asked for

    run_database_worker()
    done = graphql.data(HERO)["article"]["heroImage"]
    assert done["rendition"]["width"] == 320 and done["rendition"]["height"] == round(320 * hero.height / hero.width)
    assert done["webp"] == {"width": min(1280, hero.width), "format": "WEBP"}


def test_the_backfill_makes_what_older_images_lack_and_shows_progress(db):
    with override_settings(MOMENTS_RENDITIONS_ON_SAVE=False):
        image = new_image((800, 600))
    MomentsImage.objects.exclude(pk=image.pk).delete()  # the demo's would take a minute
    image.get_renditions(renditions.spec(160, "jpeg"))
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(renditions.offered_specs())
    assert f"1/1 images, {len(renditions.offered_specs()) - 1} renditions made" in out.getvalue() and "Renditions done for 1 images" in out.getvalue()
    again = io.StringIO()
    call_command("make_renditions", stdout=again)
    assert "1/1 images, 0 renditions made" in again.getvalue()


def test_a_crop_fills_its_shape_around_the_focal_point(graphql):
    halves = PillowImage.new("RGB", (1600, 800), (220, 30, 30))
    halves.paste((30, 30, 220), (800, 0, 1600, 800))
    buffer = io.BytesIO()
    halves.save(buffer, format="JPEG")
    image = MomentsImage.objects.create(
        title="左红右蓝", file=ImageFile(buffer, name="halves.jpg"), focal_point_x=150, focal_point_y=350, focal_point_width=100, focal_point_height=100,
    )
    article = ArticlePage.objects.get(slug="hairy-crab-same-day")
    article.hero_image = image
    article.save_revision().publish()
    renditions_made(image)
    shown = graphql.data("""{ article(slug: "hairy-crab-same-day") { heroImage {
        square: rendition(width: 320, crop: SQUARE) { url width height }
        portrait: rendition(width: 480, crop: PORTRAIT, format: WEBP) { width height format }
        srcSet(crop: WIDE) } } }""")["article"]["heroImage"]
    assert (shown["square"]["width"], shown["square"]["height"]) == (320, 320)
    assert shown["portrait"] == {"width": 480, "height": 640, "format": "WEBP"}
    assert shown["srcSet"].count("w, ") == len(settings.MOMENTS_IMAGE_CROP_WIDTHS) - 1
    square = image.renditions.get(filter_spec=renditions.spec(320, "jpeg", "square"))
    with square.file.open() as file, PillowImage.open(file) as pixels:
        red, green, blue = pixels.convert("RGB").resize((1, 1), PillowImage.Resampling.BOX).getpixel((0, 0))
    assert red > 180 and blue < 70  # the red half, where the focal point is, not the middle
    too_wide = graphql.post('{ article(slug: "hairy-crab-same-day") { heroImage { rendition(width: 1080, crop: SQUARE) { url } } } }')
    assert too_wide.status_code == 400 and "not offered cropped; use one of 160, 320, 480, 750" in too_wide.json()["errors"][0]["message"]


@pytest.mark.parametrize("width", [4000, 300])
def test_only_offered_widths_may_be_asked_for(graphql, width):
    response = graphql.post(f'{{ article(slug: "hairy-crab-same-day") {{ heroImage {{ rendition(width: {width}) {{ url }} }} }} }}')
    assert response.status_code == 400 and "750, 960, 1080" in response.json()["errors"][0]["message"]
