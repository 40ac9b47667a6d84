"""The GraphQL endpoint: graphene-django's view with the API's limits and HTTP rules.

- Request bodies (and GET query strings) over ``max_body_bytes`` get 413.
- Mistakes in what the client sent (:class:`~frontend_api.errors.BadInput`)
  get 400, like syntax and validation errors; unexpected errors are logged
  and answered without internals.
- Successful GET answers may be cached by a CDN for
  ``MOMENTS_API_CACHE_SECONDS``; nothing else is cacheable.
- No CSRF cookie: the API authenticates with tokens, and a cookie would make
  every answer uncacheable.
"""

import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView
from graphql import GraphQLError, specified_rules

from frontend_api.errors import BadInput
from frontend_api.limits import QueryLimitsRule

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "Something went wrong on our side; it has been logged."


def _error_response(status: int, message: str) -> HttpResponse:
    return HttpResponse(json.dumps({"errors": [{"message": message}]}), status=status, content_type="application/json")


@method_decorator(csrf_exempt, name="dispatch")
class MomentsGraphQLView(GraphQLView):
    validation_rules = (*specified_rules, QueryLimitsRule)
    cacheable = True  # False for answers a CDN must never keep (draft previews)

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limit = settings.MOMENTS_API_LIMITS["max_body_bytes"]
        size = max(_content_length(request), len(request.META.get("QUERY_STRING", "")))
        if size > limit:
            return _error_response(413, f"The request is {size} bytes; the API accepts up to {limit}.")
        # Skip GraphQLView.dispatch's ensure_csrf_cookie decorator: see the module docstring.
        response = GraphQLView.dispatch.__wrapped__(self, request, *args, **kwargs)
        if self.cacheable and request.method == "GET" and response.status_code == 200 and response["Content-Type"] == "application/json":
            patch_cache_control(response, public=True, max_age=settings.MOMENTS_API_CACHE_SECONDS)
        else:
            patch_cache_control(response, no_store=True)
        return response

    def json_encode(self, request, data, pretty=False):
        """Chinese text as UTF-8 rather than \\u escapes: half the bytes on the wire."""
        if pretty or request.GET.get("pretty"):
            return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def execute_graphql_request(self, request, *args, **kwargs):
        result = super().execute_graphql_request(request, *args, **kwargs)
        if result and result.errors:
            request.moments_bad_input = any(isinstance(error.original_error, BadInput) for error in result.errors)
            result.errors = [_public(error) for error in result.errors]
        return result

    def get_response(self, request, data, show_graphiql=False):
        result, status = super().get_response(request, data, show_graphiql)
        if status == 200 and getattr(request, "moments_bad_input", False):
            status = 400
        return result, status


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _public(error: GraphQLError) -> GraphQLError:
    """The error as the client may see it: our own messages, never a traceback's."""
    original = getattr(error, "original_error", None)
    if original is None or isinstance(original, GraphQLError):
        return error
    logger.error("GraphQL resolver failed", exc_info=original)
    return GraphQLError(INTERNAL_ERROR, error.nodes, path=error.path, extensions={"code": "INTERNAL"})


class PreviewGraphQLView(MomentsGraphQLView):
    """The draft preview endpoint: its answers are never cached anywhere."""

    cacheable = False
