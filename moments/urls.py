from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from calendars.views import feed as calendar_feed
from frontend_api.preview_schema import preview_schema
from frontend_api.views import MomentsGraphQLView, PreviewGraphQLView

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", MomentsGraphQLView.as_view(graphiql=settings.DEBUG)),
    path("calendar-feeds/<slug:token>.ics", calendar_feed, name="calendar_feed"),
    path("graphql/preview/", PreviewGraphQLView.as_view(schema=preview_schema, graphiql=settings.DEBUG)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
