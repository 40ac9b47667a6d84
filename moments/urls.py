from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from calendars.views import feed as calendar_feed
from frontend_api.preview_schema import preview_schema
from frontend_api.views import MomentsGraphQLView, PreviewGraphQLView
from moments.health import health
from moments.media import serve_public_media

urlpatterns = [
    path("healthz/", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", MomentsGraphQLView.as_view(graphiql=settings.DEBUG)),
    path("calendar-feeds/<slug:token>.ics", calendar_feed, name="calendar_feed"),
    path("graphql/preview/", PreviewGraphQLView.as_view(schema=preview_schema, graphiql=settings.DEBUG)),
]

if settings.MOMENTS_SERVE_MEDIA:
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_public_media)]

urlpatterns += [path("", include(wagtail_urls))]
