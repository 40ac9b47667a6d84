"""Rich text for the app: internal links resolved, and routable without parsing URLs.

Wagtail stores links to pages as ``<a linktype="page" id="42">``. The site's
own templates turn them into the page's URL; the app also needs to know what
it links to, so API HTML carries the page type and slug as data attributes:
``<a href="https://…/articles/crab/" data-page-type="cms.articlepage" data-slug="crab">``.
Only public pages are linked to.
"""

from functools import cache

from django.utils.html import format_html
from wagtail.models import Page
from wagtail.rich_text import features
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.rich_text.rewriters import LinkRewriter

from cms.visibility import live_pages


class AppPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        """Links to public pages; a link to a draft, a private or an expired page keeps its text and loses its
        target, so a published article never tells the app the slug or address of what it may not see."""
        pages = cls.get_many(attrs_list)
        public = set(live_pages(Page.objects.filter(pk__in=[page.pk for page in pages if page])).values_list("pk", flat=True))
        return [
            format_html('<a href="{}" data-page-type="{}" data-slug="{}">', page.full_url, page._meta.label_lower, page.slug)
            if page and page.pk in public
            else "<a>"
            for page in pages
        ]


@cache
def _rewriter() -> LinkRewriter:
    handlers = {**features.get_link_types(), "page": AppPageLinkHandler}
    return LinkRewriter(bulk_rules={linktype: handler.expand_db_attributes_many for linktype, handler in handlers.items()})


def to_app_html(source: str) -> str:
    """Database rich text as HTML for the app."""
    return _rewriter()(source)
