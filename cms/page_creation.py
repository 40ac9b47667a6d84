"""One editing form, one page.

Wagtail's autosave creates the page with the form's first background save, and
only when that answer arrives does the form point at the page's edit view. A
request sent from the create form before then (Save draft clicked while the
autosave is on its way, a double click, a retry) went to the create view again:
it made a second page, or failed because the first had taken the slug.

So every create form carries a random key (:class:`cms.page_form.PageForm`).
The request that creates the page claims the key in the transaction that
creates it; a later request carrying the same key edits that page instead, as
the form would have if it had known. Two at once are serialised by the key's
uniqueness: the second waits for the first and then finds its page.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.urls import resolve, reverse
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageViewSet

from cms.models.page_creation import PageCreation


def creation_key(data) -> uuid.UUID | None:
    try:
        return uuid.UUID(data.get("creation_key", ""))
    except ValueError:
        return None


class OnePagePerFormCreateView(CreateView):
    def post(self, request) -> HttpResponse:
        key = creation_key(request.POST)
        if key is None:
            return super().post(request)
        with transaction.atomic():
            creation, first = PageCreation.objects.get_or_create(key=key, defaults={"user": request.user})
            if first:
                response = super().post(request)
                if self.page.pk:
                    creation.page = self.page
                    creation.save(update_fields=["page"])
                else:
                    transaction.set_rollback(True)  # nothing was created: the key stays free
                return response
        return self.edit_created_page(creation)

    def form_valid(self, form) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ValidationError as error:  # another form took the slug since this one was checked
            form.add_error(None, error)
            return self.form_invalid(form)

    def edit_created_page(self, creation: PageCreation) -> HttpResponse:
        """Answer as the page's edit view would have, had the form already pointed at it."""
        if creation.user_id != self.request.user.pk or creation.page_id is None:
            raise PermissionDenied
        edit = resolve(reverse("wagtailadmin_pages:edit", args=[creation.page_id]))
        return edit.func(self.request, *edit.args, **edit.kwargs)


class OnePagePerFormViewSet(PageViewSet):
    add_view_class = OnePagePerFormCreateView
