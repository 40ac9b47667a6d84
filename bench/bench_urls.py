"""The project's URLs plus what bench/delivery.py compares the GraphQL API with.

- ``api/v2/``: Wagtail's REST API v2, as a user would mount it instead;
- ``bench/articles/``: a plain view reading rows by primary key, the floor
  under any API on the same middleware.

Only the benchmark's process uses this URLconf, with ``wagtail.api.v2`` and
``rest_framework`` installed; the project does not serve either.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.models import ArticlePage
from moments.urls import urlpatterns as moments_urlpatterns

# What a site on Wagtail's API declares to list an article's summary and hero image.
ArticlePage.api_fields = [APIField("intro"), APIField("hero_image")]

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)


def bare_articles(request: HttpRequest) -> JsonResponse:
    """The articles ``?ids=1,2,3`` names, as plain rows."""
    ids = [int(pk) for pk in request.GET["ids"].split(",")]
    rows = ArticlePage.objects.filter(pk__in=ids).values("id", "slug", "title", "intro", "hero_image_id", "first_published_at")
    return JsonResponse({"items": list(rows)})


urlpatterns = [
    path("api/v2/", wagtail_api.urls),
    path("bench/articles/", bare_articles),
    *moments_urlpatterns,  # last: it ends with Wagtail's catch-all page route
]
