"""Errors the API answers with, each with its GraphQL error code and HTTP status.

- :class:`BadInput`: a mistake in what the client sent (an unknown region, a
  width off the allow-list, a bad cursor): 400, ``BAD_USER_INPUT``.
- :class:`Unauthenticated`: no valid API key or member token: 401.
- :class:`Forbidden`: the API key may not do this: 403.
- :class:`RateLimited`: too many requests; ``extensions.retryAfter`` and the
  ``Retry-After`` header say how many seconds to wait: 429.
- :class:`PersistedQueryNotFound`: a query's hash this server does not know
  (automatic persisted queries): 200, so the app sends the text.

Problems a member can fix in what they submit are not errors: they come back
in the mutation's payload (see :mod:`delivery.intake`).
"""

from graphql import GraphQLError


class ApiError(GraphQLError):
    code = "BAD_USER_INPUT"
    status = 400

    def __init__(self, message: str, **extensions):
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadInput(ApiError):
    pass


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"
    status = 401


class Forbidden(ApiError):
    code = "FORBIDDEN"
    status = 403


class RateLimited(ApiError):
    code = "RATE_LIMITED"
    status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, retryAfter=retry_after)
        self.retry_after = retry_after


class PersistedQueryNotFound(ApiError):
    """Apollo's clients send the query's text after this message; a 400 or 500 would make them stop persisting."""

    code = "PERSISTED_QUERY_NOT_FOUND"
    status = 200

    def __init__(self):
        super().__init__("PersistedQueryNotFound")
