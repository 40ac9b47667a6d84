"""The app preview in the admin (:mod:`delivery.moment_preview`): one moment, or two side by side."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from delivery.cache import content_version
from delivery.moment_preview import differences, moment_form, preview
from delivery.taxonomy import taxonomy_at

VIEW_PERMISSION = "delivery.view_app_preview"
COMPARED = "b"  # the second moment's fields are prefixed with it


class AppPreviewView(WagtailAdminTemplateMixin, TemplateView):
    """Bad fields answer 400 with the form's errors, as the marketing calendar's filters do."""

    template_name = "delivery/app_preview.html"
    page_title = _("App preview")
    header_icon = "mobile-alt"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        now, taxonomy = timezone.now(), taxonomy_at(content_version())
        comparing = "compare" in request.GET
        forms = [moment_form(request.GET, taxonomy, now), moment_form(request.GET, taxonomy, now, prefix=COMPARED)]
        asked = forms if comparing else forms[:1]
        context = self.get_context_data(forms=forms, comparing=comparing)
        if not all(form.is_valid() for form in asked):
            return self.render_to_response(context, status=400)
        previews = [preview(form, now, request.user) for form in asked]
        others = [previews[1].cards, previews[0].cards] if comparing else [previews[0].cards]
        context["columns"] = [(shown, differences(shown.cards, other)) for shown, other in zip(previews, others)]
        return self.render_to_response(context)
