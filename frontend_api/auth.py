"""Who is asking: the app (an API key) and the member (a token from the member system).

The app sends ``X-Api-Key: <key>``; keys are created and revoked in the admin
(:class:`~frontend_api.models.ApiKey`). The member sends
``Authorization: Bearer <token>``: a JWT signed with HS256 by the brand's
member system, using ``MOMENTS_MEMBER_TOKEN_SECRET``, carrying the member id
(``sub``), their handle (``handle``) and an expiry (``exp``).
"""

import datetime

import jwt
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from delivery.intake import Member
from frontend_api.errors import Forbidden, Unauthenticated
from frontend_api.models import ApiKey

ALGORITHM = "HS256"


def require_member(request: HttpRequest, scope: str) -> Member:
    """The signed-in member, if the app's key allows ``scope``; raises otherwise."""
    api_key = _api_key(request)
    if not api_key.allows(scope):
        raise Forbidden(f"This API key may not do this; it needs the scope {scope}.")
    api_key.touch()
    return read_member_token(_bearer_token(request))


def _api_key(request: HttpRequest) -> ApiKey:
    key = request.headers.get("X-Api-Key", "").strip()
    if not key:
        raise Unauthenticated("Send the app's API key in the X-Api-Key header.")
    api_key = ApiKey.find(key)
    if api_key is None:
        raise Unauthenticated("The API key is not valid.")
    if not api_key.is_active:
        raise Unauthenticated("The API key has been revoked.")
    return api_key


def _bearer_token(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Sign the member in: send their token as Authorization: Bearer <token>.")
    return token.strip()


def read_member_token(token: str) -> Member:
    try:
        claims = jwt.decode(
            token,
            settings.MOMENTS_MEMBER_TOKEN_SECRET,
            algorithms=[ALGORITHM],
            leeway=settings.MOMENTS_MEMBER_TOKEN_LEEWAY_SECONDS,
            options={"require": ["exp", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("The member token has expired; sign the member in again.", reason="TOKEN_EXPIRED") from None
    except jwt.InvalidTokenError:
        raise Unauthenticated("The member token is not valid.", reason="TOKEN_INVALID") from None
    member_id, handle = str(claims["sub"]).strip(), str(claims.get("handle") or "").strip()
    if not member_id or len(member_id) > 64 or not handle or len(handle) > 80:
        raise Unauthenticated("The member token must carry a member id (sub) and a handle.", reason="TOKEN_INVALID")
    return Member(id=member_id, handle=handle)


def issue_member_token(member_id: str, handle: str, ttl: datetime.timedelta | None = None) -> str:
    """A token as the member system would sign it: for trying the API and for tests."""
    now = timezone.now()
    ttl = ttl if ttl is not None else datetime.timedelta(seconds=settings.MOMENTS_MEMBER_TOKEN_TTL_SECONDS)
    claims = {"sub": member_id, "handle": handle, "iat": now, "exp": now + ttl}
    return jwt.encode(claims, settings.MOMENTS_MEMBER_TOKEN_SECRET, algorithm=ALGORITHM)
