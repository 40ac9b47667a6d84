"""Draft previews in the app, through a signed and expiring token.

An editor asks the admin for an app preview of a page; the token names the
page's latest revision and is signed with the site's secret, so it cannot be
forged or pointed at another page, and it stops working after
``MOMENTS_PREVIEW_TTL_SECONDS``. The app sends it to the separate preview
endpoint (``/graphql/preview/``); the public schema never reads revisions.
"""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from frontend_api.errors import BadInput

SALT = "moments.app-preview"


def issue_token(page: Page) -> str:
    """A token for the page's latest revision (saving a draft makes one)."""
    revision = page.latest_revision or page.save_revision()
    return signing.dumps({"page": page.pk, "revision": revision.pk}, salt=SALT, compress=True)


def preview_url(token: str) -> str:
    return settings.MOMENTS_APP_PREVIEW_URL.format(token=token)


def revision_for(token: str) -> Revision:
    try:
        claims = signing.loads(token, salt=SALT, max_age=settings.MOMENTS_PREVIEW_TTL_SECONDS)
    except signing.SignatureExpired:
        raise BadInput(_("This preview link has expired; ask the editor for a new one.")) from None
    except signing.BadSignature:
        raise BadInput(_("This is not a valid preview token.")) from None
    revision = Revision.page_revisions.filter(pk=claims["revision"], object_id=str(claims["page"])).first()
    if revision is None:
        raise BadInput(_("The previewed draft no longer exists."))
    return revision


def previewed_page(token: str) -> Page:
    """The page as its draft stands in the token's revision, never saved."""
    return revision_for(token).as_object()
