"""Who is asking: the app (an API key) and the member (a token from the member system).

The app sends ``X-Api-Key: <key>``; keys are created and revoked in the admin
(:class:`~frontend_api.models.ApiKey`). The member sends
``Authorization: Bearer <token>``: a JWT signed with HS256 by the brand's
member system, using ``MOMENTS_MEMBER_TOKEN_SECRET``, carrying the member id
(``sub``), their handle (``handle``), when it was issued and expires (``iat``,
``exp``, at most ``MOMENTS_MEMBER_TOKEN_MAX_TTL_SECONDS`` apart), and who
issued it for whom (``iss``, ``aud``), so a token made for another service
sharing the secret is refused.
"""

import datetime

import jwt
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from cms.text_safety import plain_text
from delivery.intake import Member
from frontend_api.errors import Forbidden, Unauthenticated
from frontend_api.models import ApiKey

ALGORITHM = "HS256"


def require_member(request: HttpRequest, scope: str) -> Member:
    """The signed-in member, if the app's key allows ``scope``; raises otherwise."""
    require_app(request, scope)
    return read_member_token(_bearer_token(request))


def require_app(request: HttpRequest, scope: str) -> ApiKey:
    """The app's key, if it allows ``scope``; raises otherwise."""
    api_key = _api_key(request)
    if not api_key.allows(scope):
        raise Forbidden(f"This API key may not do this; it needs the scope {scope}.")
    api_key.touch()
    return api_key


def signed_in_member(request: HttpRequest) -> Member | None:
    """The member if the request carries a token, which must then be valid; ``None`` for an anonymous user."""
    return read_member_token(_bearer_token(request)) if request.headers.get("Authorization") else None


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
    """The member a token names, if the member system signed it for this site, lately and for a while only."""
    try:
        claims = jwt.decode(
            token,
            settings.MOMENTS_MEMBER_TOKEN_SECRET,
            algorithms=[ALGORITHM],
            issuer=settings.MOMENTS_MEMBER_TOKEN_ISSUER,
            audience=settings.MOMENTS_MEMBER_TOKEN_AUDIENCE,
            leeway=settings.MOMENTS_MEMBER_TOKEN_LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("The member token has expired; sign the member in again.", reason="TOKEN_EXPIRED") from None
    except jwt.InvalidTokenError:
        raise Unauthenticated("The member token is not valid.", reason="TOKEN_INVALID") from None
    if claims["exp"] - claims["iat"] > settings.MOMENTS_MEMBER_TOKEN_MAX_TTL_SECONDS:
        raise Unauthenticated("The member token lasts longer than the site accepts.", reason="TOKEN_INVALID")
    member_id, handle = claims["sub"], claims.get("handle")
    handle = plain_text(handle) if isinstance(handle, str) else ""
    # The id as signed: " M300002 " is another member than "M300002", not a way to read their posts.
    if not isinstance(member_id, str) or member_id != member_id.strip() or not 0 < len(member_id) <= 64 or not 0 < len(handle) <= 80:
        raise Unauthenticated("The member token must carry a member id (sub) and a handle, both text.", reason="TOKEN_INVALID")
    return Member(id=member_id, handle=handle)


def issue_member_token(member_id: str, handle: str, ttl: datetime.timedelta | None = None) -> str:
    """A token as the member system would sign it: for trying the API and for tests."""
    now = timezone.now()
    ttl = ttl if ttl is not None else datetime.timedelta(seconds=settings.MOMENTS_MEMBER_TOKEN_TTL_SECONDS)
    claims = {
        "sub": member_id, "handle": handle, "iat": now, "exp": now + ttl,
        "iss": settings.MOMENTS_MEMBER_TOKEN_ISSUER, "aud": settings.MOMENTS_MEMBER_TOKEN_AUDIENCE,
    }
    return jwt.encode(claims, settings.MOMENTS_MEMBER_TOKEN_SECRET, algorithm=ALGORITHM)
