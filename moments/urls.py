from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from calendars.views import feed as calendar_feed
from frontend_api.preview_schema import preview_schema
from frontend_api.views import MomentsGraphQLView, PreviewGraphQLView
from moments.health import health

urlpatterns = [
    path("healthz/", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", MomentsGraphQLView.as_view(graphiql=settings.DEBUG)),
    path("calendar-feeds/<slug:token>.ics", calendar_feed, name="calendar_feed"),
    path("graphql/preview/", PreviewGraphQLView.as_view(schema=preview_schema, graphiql=settings.DEBUG)),
]

# Images only: documents go through Wagtail's view, which checks their privacy, and
# members' photos as sent (incoming/, metadata and all) are never served.
if settings.MOMENTS_SERVE_MEDIA:
    serve_media = cache_control(public=True, max_age=settings.MOMENTS_MEDIA_CACHE_SECONDS)(serve)
    media = settings.MEDIA_URL.strip("/")
    urlpatterns += [re_path(rf"^{media}/(?!documents/|incoming/)(?P<path>.+)$", serve_media, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]
