"""Changes made for an editor by a tool (placing posts, importing rows) land as revisions.

A tool's change is saved as a new revision of the page, like any edit, and
goes live at once only when the user may publish the page and the page had
no other unpublished changes: nobody's draft is published by surprise.
"""

from wagtail.models import Page


def save_change(page: Page, draft: Page, user) -> bool:
    """Save ``draft`` (``page``'s latest revision as an object, edited) and publish it if allowed.

    Returns whether the change went live.
    """
    publish = page.live and not page.has_unpublished_changes and page.permissions_for_user(user).can_publish()
    revision = draft.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return publish
