"""The GraphQL endpoint: graphene-django's view with the API's limits and HTTP rules.

- Photos come as multipart requests (the GraphQL multipart request spec,
  parsed by graphene-file-upload); a malformed one gets 400.
- Request bodies (and GET query strings) over ``max_body_bytes`` get 413;
  multipart requests may carry up to ``max_photos`` photos on top, and
  requests with an API key a batch of experiment events.
- Media types follow the GraphQL-over-HTTP specification (:mod:`frontend_api.media_types`).
- Documents are parsed and validated once per process (:mod:`frontend_api.documents`).
- The API's own errors (:mod:`frontend_api.errors`) get their HTTP status,
  like syntax and validation errors get 400; unexpected errors are logged
  and answered without internals, with 500 so clients retry.
- Successful GET answers without credentials may be cached by a CDN for
  ``MOMENTS_API_CACHE_SECONDS``; nothing else is cacheable, and no answer
  with errors.
- Messages are in the language Accept-Language asks for (:mod:`frontend_api.languages`):
  answers with them say ``Content-Language`` and vary by Accept-Language. Cacheable
  answers hold content, none of our words, so they are one copy for every language.
- Queries may be sent by hash (:mod:`frontend_api.persisted_queries`).
- No CSRF cookie: the API authenticates with tokens, and a cookie would make
  every answer uncacheable.
"""

import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import HttpError
from graphene_file_upload.django import FileUploadGraphQLView
from graphql import DocumentNode, ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast, specified_rules

from delivery.moment import TimeOutOfRange
from delivery.taxonomy import UnknownTerm
from search.site_search import BadQuery
from frontend_api import documents, languages, media_types, persisted_queries
from frontend_api.errors import ApiError, BadInput, RateLimited
from frontend_api.limits import QueryLimitsRule
from frontend_api.moment_cache import MomentCachingContext

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "Something went wrong on our side; it has been logged."
CREDENTIALS = ("Authorization", "X-Api-Key")  # headers that make an answer one client's
MAX_NESTING = 100  # levels of lists and objects in variables: far past any input type here
UNUSABLE_TEXT = "Text in a request may not contain NUL characters (\\u0000) or lone surrogates (\\ud800 to \\udfff)."


def _error_response(status: int, message: str) -> HttpResponse:
    return HttpResponse(json.dumps({"errors": [{"message": message}]}), status=status, content_type="application/json")


@method_decorator(csrf_exempt, name="dispatch")
class MomentsGraphQLView(FileUploadGraphQLView):
    graphiql_template = "frontend_api/graphiql.html"  # graphene-django's, with its assets served from here, not a CDN
    validation_passes = ((QueryLimitsRule,), tuple(specified_rules))  # see frontend_api/documents.py
    execution_context_class = MomentCachingContext
    cacheable = True  # False for answers a CDN must never keep (draft previews)

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override(languages.requested(request)):
            response = self._refused_unread(request) or self._answered(request, *args, **kwargs)
        patch_vary_headers(response, ("Accept",))
        return response

    def _refused_unread(self, request: HttpRequest) -> HttpResponse | None:
        """A request refused before its body is read: too large, in a media type we cannot read, or asking for one we do not send."""
        limit = _body_limit(request)
        size = max(_content_length(request), len(request.META.get("QUERY_STRING", "")))
        if size > limit:
            return _error_response(413, f"The request is {size} bytes; the API accepts up to {limit}.")
        if problem := media_types.unreadable(request):
            return _error_response(415, problem)
        request.moments_answer_type = media_types.answer_type(request)
        if request.moments_answer_type is None and not (self.graphiql and self.request_wants_html(request)):
            return _error_response(406, f"The API answers in {media_types.GRAPHQL_RESPONSE} or {media_types.JSON}.")
        return None

    def _answered(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Skip GraphQLView.dispatch's ensure_csrf_cookie decorator: see the module docstring.
        response = FileUploadGraphQLView.dispatch.__wrapped__(self, request, *args, **kwargs)
        is_json = response["Content-Type"] == media_types.JSON
        if (
            self.cacheable and _is_anonymous_get(request) and response.status_code == 200
            and is_json and not getattr(request, "moments_has_errors", False)
        ):
            patch_cache_control(response, public=True, max_age=settings.MOMENTS_API_CACHE_SECONDS)
            # A shared cache may answer a request carrying credentials from a public entry: not this one's.
            patch_vary_headers(response, CREDENTIALS)
        else:
            patch_cache_control(response, no_store=True)
            patch_vary_headers(response, ("Accept-Language",))
            response["Content-Language"] = translation.get_language()
        if is_json and request.moments_answer_type == media_types.GRAPHQL_RESPONSE:
            response["Content-Type"] = f"{media_types.GRAPHQL_RESPONSE}; charset=utf-8"
        if getattr(request, "moments_retry_after", None):
            response["Retry-After"] = str(request.moments_retry_after)
        return response

    def parse_body(self, request):
        try:
            data = super().parse_body(request)
        except HttpError:
            raise
        except RecursionError:
            raise HttpError(HttpResponse(status=400), "The request's JSON is nested too deeply.") from None
        except (MultiPartParserError, ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
            # graphene-file-upload walks `operations` along `map` trusting both: any shape mismatch lands here.
            raise _malformed_multipart(str(error)) from None
        if request.content_type == "multipart/form-data" and not isinstance(data, dict):
            raise _malformed_multipart("`operations` must be one operation, an object; batches are not accepted")
        return data

    def json_encode(self, request, data, pretty=False):
        """Chinese text as UTF-8 rather than \\u escapes: half the bytes on the wire."""
        if pretty or request.GET.get("pretty"):
            return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if problem := _unusable_request(query, variables, operation_name):
            return ExecutionResult(errors=[BadInput(problem)])
        try:
            persisted = persisted_queries.requested_hash(request, data)
            sent = query
            query = persisted_queries.query_for(persisted, query) if persisted else query
        except ApiError as error:
            return self._refused(request, error)
        if not query:
            return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)
        try:
            document, errors = documents.checked(self.schema.graphql_schema, query, self.validation_passes), None
            if persisted and sent:
                persisted_queries.keep(persisted, query)
        except documents.InvalidDocument as invalid:
            document, errors = invalid.document, invalid.errors
        operation = document and get_operation_ast(document, operation_name)
        if request.method == "GET" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            message = f"Can only perform a {operation.operation.value} operation from a POST request."
            raise HttpError(HttpResponseNotAllowed(["POST"], message))
        result = ExecutionResult(errors=errors) if errors else self._execute(request, document, variables, operation_name)
        request.moments_has_data = result.data is not None
        if result.errors:
            result.errors = self._public_errors(request, result.errors)
        return result

    def _execute(self, request, document: DocumentNode, variables, operation_name) -> ExecutionResult:
        """graphene-django's execution of a checked document: a failure becomes the answer's error.

        graphene-django's ``ATOMIC_MUTATIONS`` is not read: each mutation keeps its own transaction (delivery/intake.py).
        """
        try:
            return execute(
                self.schema.graphql_schema, document, root_value=self.get_root_value(request), context_value=self.get_context(request),
                variable_values=variables, operation_name=operation_name, middleware=self.get_middleware(request),
                execution_context_class=self.execution_context_class,
            )
        except Exception as error:  # noqa: BLE001 - see the docstring
            return ExecutionResult(errors=[GraphQLError(str(error), original_error=error)])

    def _refused(self, request, error: ApiError) -> ExecutionResult:
        """An answer with the API's error alone, refused before any parsing."""
        wrapped = GraphQLError(error.message, original_error=error, extensions=error.extensions)
        return ExecutionResult(errors=self._public_errors(request, [wrapped]))

    def _public_errors(self, request, errors: list[GraphQLError]) -> list[GraphQLError]:
        """The errors as the client sees them; the API's own set the answer's HTTP status (and Retry-After)."""
        request.moments_has_errors = True
        errors = [_as_api_error(error) for error in errors]
        api_errors = [error.original_error for error in errors if isinstance(getattr(error, "original_error", None), ApiError)]
        if api_errors:
            request.moments_error_status = api_errors[0].status
            request.moments_retry_after = next((e.retry_after for e in api_errors if isinstance(e, RateLimited)), None)
        public = [_public(error) for error in errors]
        if any((error.extensions or {}).get("code") == "INTERNAL" for error in public):
            request.moments_error_status = 500  # our failure, whatever else went wrong: clients retry a 5xx
        return public

    def get_response(self, request, data, show_graphiql=False):
        result, status = super().get_response(request, data, show_graphiql)
        if getattr(request, "moments_has_data", False) and request.moments_answer_type == media_types.GRAPHQL_RESPONSE:
            return result, 200  # see frontend_api/media_types.py
        return result, getattr(request, "moments_error_status", None) or status


def _malformed_multipart(problem: str) -> HttpError:
    return HttpError(HttpResponse(status=400), f"Malformed multipart request ({problem}); see the GraphQL multipart request spec.")


def _unusable_request(query, variables, operation_name) -> str | None:
    """Why the request's parts cannot be used, checked before anything reads them (the persisted-query hash included)."""
    if query is not None and not isinstance(query, str):
        return f"`query` must be a string of GraphQL, not {type(query).__name__}."
    if not isinstance(variables, dict | None) or not isinstance(operation_name, str | None):
        return "`variables` must be an object of names and values, `operationName` a string."
    try:
        unusable = any(map(_unusable_text, (query, variables, operation_name)))
    except RecursionError:
        return f"`variables` are nested too deeply; the API accepts up to {MAX_NESTING} levels."
    return UNUSABLE_TEXT if unusable else None


def _unusable_text(value, depth: int = 0) -> bool:
    """Text holding NUL, which PostgreSQL can neither store nor compare, or a lone surrogate, which is not
    Unicode and would break the answer's UTF-8 when an error message quotes it, in values and names alike."""
    if depth > MAX_NESTING:
        raise RecursionError
    if isinstance(value, str):
        return "\x00" in value or "\\u0000" in value or not value.isascii() and _has_lone_surrogate(value)
    if isinstance(value, dict):
        return any(_unusable_text(item, depth + 1) for item in (*value, *value.values()))
    if isinstance(value, list):
        return any(_unusable_text(item, depth + 1) for item in value)
    return False


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _body_limit(request: HttpRequest) -> int:
    limit = settings.MOMENTS_API_LIMITS["max_body_bytes"]
    if request.content_type == "multipart/form-data":
        limit += settings.MOMENTS_UGC["max_photos"] * settings.MOMENTS_UGC["max_photo_bytes"]
    elif request.headers.get("X-Api-Key"):  # a batch of experiment events (reportEvents); the key is checked later
        limit = max(limit, settings.MOMENTS_EXPERIMENT_EVENTS["max_body_bytes"])
    return limit


def _is_anonymous_get(request: HttpRequest) -> bool:
    """A GET carrying no credentials: its answer is the same for everyone, so a CDN may keep it."""
    return request.method == "GET" and not any(request.headers.get(header) for header in CREDENTIALS)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _as_api_error(error: GraphQLError) -> GraphQLError:
    """Domain errors that are the client's mistake (an unknown region) as the API's ``BAD_USER_INPUT``."""
    if not isinstance(getattr(error, "original_error", None), (UnknownTerm, BadQuery, TimeOutOfRange)):
        return error
    bad_input = BadInput(str(error.original_error))
    return GraphQLError(bad_input.message, error.nodes, path=error.path, original_error=bad_input, extensions=bad_input.extensions)


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
    execution_context_class = None
