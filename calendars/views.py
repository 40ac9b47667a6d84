"""The marketing calendar in the admin: timeline, coverage, clashes and gaps, feeds and files.

Every view reads the same filters from the query string (see
:mod:`calendars.selection`); bad filters answer 400 with the form's errors.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.users.models import UserProfile

from calendars import findings, seasonal_import, spreadsheets
from calendars.coverage import coverage
from calendars.feeds import build_feed
from calendars.models import CalendarFeed, SeasonalEntry, TasteCalendarPage
from calendars.plan import load_plan
from calendars.selection import SelectionForm, Zoom, query_string
from calendars.spreadsheets import SheetRow
from calendars.timeline import timeline
from campaigns.models import CampaignIndexPage, CampaignPage, PlanningStatus
from cms.links import page_edit_url
from cms.models import ArticleIndexPage, ArticlePage

VIEW_PERMISSION = "calendars.view_marketing_calendar"


def require_calendar_access(user) -> None:
    if not user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied


def editable_page_ids(user, page_ids) -> set[int]:
    """The pages the user may edit; the calendar links only to those."""
    return {page.pk for page in Page.objects.filter(pk__in=set(page_ids)) if page.permissions_for_user(user).can_edit()}


def editable_calendars(user):
    """Taste calendars the user may edit, and so import into; newest first."""
    pages = TasteCalendarPage.objects.order_by("-year", "title")
    return pages.filter(pk__in=[page.pk for page in pages if page.permissions_for_user(user).can_edit()])


CALENDAR_TABS = [
    ("marketing_calendar", _("Timeline")),
    ("marketing_calendar_coverage", _("Coverage")),
    ("marketing_calendar_report", _("Clashes & gaps")),
]


def calendar_tabs(current: str, query: str) -> list[dict]:
    """The views of the calendar, each keeping the current filters."""
    return [{"url": f"{reverse(name)}?{query}", "label": label, "active": name == current} for name, label in CALENDAR_TABS]


class CalendarAdminView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page under the marketing calendar. Each one checks access first in ``dispatch``."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("marketing_calendar"), "label": _("Marketing calendar")}]


class MarketingCalendarView(CalendarAdminView):
    """Base of the calendar's pages: checks access, reads the filters, loads the plan."""

    url_name = ""
    header_icon = "date"
    needs_content = False  # coverage and gaps count live content; the timeline does not

    def dispatch(self, request, *args, **kwargs):
        require_calendar_access(request.user)
        self.form = SelectionForm(request.GET)
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        self.selection = self.form.selection()
        self.plan = load_plan(self.selection, content=self.needs_content)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        selection = getattr(self, "selection", None)
        if selection is None:
            return context
        query = query_string(selection)
        period = selection.period
        context.update(
            form=SelectionForm.showing(selection),
            selection=selection,
            plan=self.plan,
            query=query,
            tabs=calendar_tabs(self.url_name, query),
            previous_query=query_string(selection, date=period.previous().start.isoformat()),
            next_query=query_string(selection, date=period.next().start.isoformat()),
            today_query=query_string(selection, date=timezone.localdate().isoformat()),
            zoom_queries=[(label, value == period.zoom, query_string(selection, zoom=value)) for value, label in Zoom.choices],
            export_url=f"{reverse('marketing_calendar_export')}?{query}",
            can_import=editable_calendars(self.request.user).exists(),
            feed_url=CalendarFeed.for_user(self.request.user).url(query_string(selection, zoom=None, date=None)),
            **self.get_calendar_context(),
        )
        return context

    def get_calendar_context(self) -> dict:
        """What the view draws from ``self.plan``."""
        return {}


class TimelineView(MarketingCalendarView):
    template_name = "calendars/admin/timeline.html"
    page_title = _("Marketing calendar")
    url_name = "marketing_calendar"

    def get_calendar_context(self) -> dict:
        layout = timeline(self.plan, timezone.localdate())
        page_ids = [bar.page_id for bar in layout.campaigns + layout.seasons]
        page_ids += [campaign.id for campaign in self.plan.unscheduled]
        return {
            "timeline": layout,
            "statuses": PlanningStatus.choices,
            "editable": editable_page_ids(self.request.user, page_ids),
            "experiment_reports": self.request.user.has_perm("campaigns.view_experiment"),
        }


class CoverageView(MarketingCalendarView):
    template_name = "calendars/admin/coverage.html"
    page_title = _("Coverage")
    url_name = "marketing_calendar_coverage"
    needs_content = True

    def get_calendar_context(self) -> dict:
        matrix = coverage(self.plan, timezone.localdate())
        tables = [(_("Scenes × weeks"), matrix.scenes), (_("Personas × weeks"), matrix.personas)]
        return {
            "coverage": matrix,
            "coverage_tables": [(title, rows) for title, rows in tables if rows],
            "gaps": findings.gaps(matrix),  # the report's own list, so both count the same
        }


class ReportView(MarketingCalendarView):
    template_name = "calendars/admin/report.html"
    page_title = _("Clashes & gaps")
    url_name = "marketing_calendar_report"
    needs_content = True

    def get_calendar_context(self) -> dict:
        report = findings.report(self.plan, coverage(self.plan, timezone.localdate()))
        page_ids = [c.first.id for c in report.clashes] + [c.second.id for c in report.clashes]
        page_ids += [f.campaign.id for f in report.out_of_season] + [f.season.calendar_id for f in report.out_of_season]
        page_ids += [campaign.id for gap in report.gaps for campaign in gap.planned]
        return {
            "report": report,
            "editable": editable_page_ids(self.request.user, page_ids),
            "add_links": new_content_links(self.request.user),
        }


def new_content_links(user) -> dict[str, str]:
    """Where to start a new article or campaign, for a user allowed to add one."""
    links = {}
    for key, index, page in (("article", ArticleIndexPage, ArticlePage), ("campaign", CampaignIndexPage, CampaignPage)):
        parent = index.objects.first()
        if parent and parent.permissions_for_user(user).can_add_subpage():
            links[key] = reverse("wagtailadmin_pages:add", args=[page._meta.app_label, page._meta.model_name, parent.pk])
    return links


def reset_feed(request) -> HttpResponse:
    """Give the user a new secret feed address; the old one stops working at once."""
    require_calendar_access(request.user)
    if request.method != "POST":
        return HttpResponse(status=405)
    CalendarFeed.for_user(request.user).reset()
    messages.success(request, _("Your calendar feed has a new address. Subscribe again with the new one; the old one no longer works."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("marketing_calendar")  # never off the site: a crafted form would send the user anywhere
    return redirect(back)



FEED_TOUCH_INTERVAL = datetime.timedelta(minutes=5)


def feed(request, token: str) -> HttpResponse:
    """A user's iCal feed. The token is the only credential: calendar apps send no cookies."""
    subscription = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if subscription is None or not subscription.user.is_active or not subscription.user.has_perm(VIEW_PERMISSION):
        raise Http404
    form = SelectionForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.error_text(), status=400, content_type="text/plain; charset=utf-8")
    now = timezone.now()
    if subscription.last_fetched_at is None or now - subscription.last_fetched_at > FEED_TOUCH_INTERVAL:
        CalendarFeed.objects.filter(pk=subscription.pk).update(last_fetched_at=now)
    with translation.override(UserProfile.get_for_user(subscription.user).get_preferred_language()):  # the feed's owner reads it
        calendar = build_feed(form.selection()).to_ical()
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="moments-calendar.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


EXPORT_TABLES = ("campaigns", "seasons", "almanac")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_calendar(request) -> HttpResponse:
    """The filtered calendar as an Excel workbook (all tables) or a CSV file (one table)."""
    require_calendar_access(request.user)
    form = SelectionForm(request.GET)
    file_format, table_name = request.GET.get("format", "xlsx"), request.GET.get("table", "campaigns")
    if not form.is_valid() or file_format not in ("xlsx", "csv") or table_name not in EXPORT_TABLES:
        problem = form.error_text() if form.errors else _("Choose format=xlsx or csv, and table=campaigns, seasons or almanac.")
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    selection = form.selection()
    plan = load_plan(selection)
    tables = {
        "campaigns": spreadsheets.campaign_table(plan, page_edit_url),
        "seasons": spreadsheets.seasonal_table(SeasonalEntry.objects.filter(pk__in=[s.id for s in plan.edition_seasons]).order_by("season_start", "item")),
        "almanac": spreadsheets.almanac_table(plan),
    }
    stem = f"moments-calendar-{selection.period}{'-' + selection.region.code if selection.region else ''}".replace(" ", "")
    if file_format == "xlsx":
        body, content_type, filename = spreadsheets.workbook_bytes(list(tables.values())), XLSX_TYPE, f"{stem}.xlsx"
    else:
        body, content_type, filename = spreadsheets.csv_bytes(tables[table_name]), "text/csv; charset=utf-8", f"{stem}-{table_name}.csv"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


IMPORT_SESSION_KEY = "calendars.seasonal_import"


class ImportForm(forms.Form):
    calendar = forms.ModelChoiceField(TasteCalendarPage.objects.none(), label=_("Taste calendar"))
    file = forms.FileField(label=_("Spreadsheet"), help_text=_("Excel (.xlsx, the “Seasonal entries” sheet or the first one) or CSV, with the columns of the export."))

    def __init__(self, *args, calendars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = calendars


def _storable(rows: list[SheetRow]) -> list[dict]:
    """Rows as JSON for the session: dates as ISO text, which the import reads back the same."""
    def plain(value):
        if isinstance(value, datetime.datetime):
            value = value.date()
        return value.isoformat() if isinstance(value, datetime.date) else value

    return [{"number": row.number, "values": {k: plain(v) for k, v in row.values.items()}} for row in rows]


class ImportView(CalendarAdminView):
    """Upload, preview (a dry run, with every row's errors), then apply from the stored rows."""

    template_name = "calendars/admin/import.html"
    page_title = _("Import seasonal entries")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        require_calendar_access(request.user)
        self.calendars = editable_calendars(request.user)
        if not self.calendars.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = ImportForm(initial={"calendar": request.GET.get("calendar")}, calendars=self.calendars)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "apply":
            return self.apply()
        form = ImportForm(request.POST, request.FILES, calendars=self.calendars)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            rows = spreadsheets.read_rows(upload.name, upload.read())
        except spreadsheets.UnreadableFile as problem:
            form.add_error("file", str(problem))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = seasonal_import.preview(form.cleaned_data["calendar"], rows)
        request.session.pop(IMPORT_SESSION_KEY, None)
        if result.is_valid and result.has_changes:
            request.session[IMPORT_SESSION_KEY] = {"calendar": result.calendar.pk, "rows": _storable(rows)}
        return self.render_to_response(self.get_context_data(form=form, preview=result), status=200 if result.is_valid else 400)

    def apply(self):
        stored = self.request.session.pop(IMPORT_SESSION_KEY, None)
        calendar = self.calendars.filter(pk=(stored or {}).get("calendar")).first()
        if calendar is None:
            messages.error(self.request, _("There is no checked import to apply; upload the file again."))
            return redirect("marketing_calendar_import")
        rows = [SheetRow(row["number"], row["values"]) for row in stored["rows"]]
        result = seasonal_import.preview(calendar, rows)
        if not result.is_valid:  # the calendar changed since the dry run
            form = ImportForm(initial={"calendar": calendar.pk}, calendars=self.calendars)
            return self.render_to_response(self.get_context_data(form=form, preview=result), status=409)
        published = seasonal_import.apply(result, self.request.user)
        summary = _("%(added)s entries added and %(changed)s changed in %(calendar)s") % {
            "added": result.added, "changed": result.changed, "calendar": calendar.title,
        }
        if published:
            messages.success(self.request, summary + _(", and published."))
        else:
            messages.success(self.request, summary + _(", saved as a draft for review."))
        return redirect(f"{reverse('marketing_calendar')}?region={calendar.region.code}&zoom=year&date={calendar.year}-01-01")
