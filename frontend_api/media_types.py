"""The media types of the GraphQL-over-HTTP specification: what a request is sent as, and what its answer is.

- A POST is read as JSON, a query as ``application/graphql``, a form, or a
  multipart upload (photos), in UTF-8; anything else answers 415.
- The answer is ``application/graphql-response+json`` when the client's
  ``Accept`` prefers it, and ``application/json`` otherwise: for clients that
  name neither (no ``Accept``, ``*/*``), the app's own among them. A client
  that accepts neither gets 406.
- Both carry the same statuses (400 for the client's mistakes, 401, 403,
  429, 500 for ours), except that an ``application/graphql-response+json``
  answer holding data is 200 whatever errors come with it, as the
  specification requires: such a client reads the errors from the body.
"""

from django.http import HttpRequest
from django.http.request import MediaType

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
READABLE = ("application/json", "application/graphql", "application/x-www-form-urlencoded", "multipart/form-data")
UTF8 = ("utf-8", "utf8")
OFFERED = (JSON, GRAPHQL_RESPONSE)  # in this order: ``*/*`` gets application/json


def unreadable(request: HttpRequest) -> str | None:
    """Why the request's body cannot be read (answered 415), or None."""
    if request.method != "POST":
        return None
    if request.content_type not in READABLE:
        return f"Send GraphQL as application/json (multipart/form-data with photos), not {request.content_type or 'no Content-Type'}."
    charset = request.content_params.get("charset")
    if charset and charset.lower() not in UTF8:
        return f"Send GraphQL in UTF-8, not {charset}."
    return None


def answer_type(request: HttpRequest) -> str | None:
    """The media type to answer in, the client's first choice; None when ``Accept`` allows neither.

    Parameters are ignored (clients send ``application/json; charset=utf-8``,
    which Django's ``get_preferred_type`` would not match): every answer is UTF-8.
    """
    for accepted in request.accepted_types:  # best first
        bare = MediaType(f"{accepted.main_type}/{accepted.sub_type}")
        if accepted.quality and (offered := next((offer for offer in OFFERED if bare.match(offer)), None)):
            return offered
    return None
