"""The project's URLs plus what the benchmarks compare the GraphQL API with.

- ``api/v2/``: Wagtail's REST API v2, as a user would mount it instead
  (bench/delivery.py);
- ``bench/articles/``: a plain view reading rows by primary key, the floor
  under any API on the same middleware (bench/delivery.py: the rows a
  moment showed, of each kind);
- ``bench/graphql-stock/``: graphene-django's own view on the API's schema,
  as a user would mount it instead of ours (bench/hostile_queries.py).

Only the benchmarks' processes use this URLconf, with ``wagtail.api.v2`` and
``rest_framework`` installed; the project serves none of these.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from campaigns.models import CampaignPage
from cms.models import ArticlePage, UGCPost
from frontend_api.schema import schema
from moments.urls import urlpatterns as moments_urlpatterns

# What a site on Wagtail's API declares to list an article's summary and hero image.
ArticlePage.api_fields = [APIField("intro"), APIField("hero_image")]

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)


# The columns a moment's card shows of each kind, by the query parameter naming its ids.
BARE_ROWS = {
    "ids": (ArticlePage, ("id", "slug", "title", "intro", "hero_image_id", "first_published_at")),
    "posts": (UGCPost, ("id", "member_handle", "text", "created_at")),
    "campaigns": (CampaignPage, ("id", "slug", "title", "hook", "hero_image_id")),
}


def bare_articles(request: HttpRequest) -> JsonResponse:
    """The articles ``?ids=1,2,3`` names (and the posts and campaigns ``posts`` and ``campaigns`` name), as plain rows."""
    items = []
    for parameter, (model, columns) in BARE_ROWS.items():
        if ids := [int(pk) for pk in request.GET.get(parameter, "").split(",") if pk]:
            items += model.objects.filter(pk__in=ids).values(*columns)
    return JsonResponse({"items": items})


urlpatterns = [
    path("api/v2/", wagtail_api.urls),
    path("bench/articles/", bare_articles),
    path("bench/graphql-stock/", csrf_exempt(GraphQLView.as_view(schema=schema))),
    *moments_urlpatterns,  # last: it ends with Wagtail's catch-all page route
]
