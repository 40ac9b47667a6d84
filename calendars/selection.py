"""What a marketing-calendar view shows: a period and the filters, read from the URL.

Every view of the calendar (timeline, coverage, clashes and gaps, exports and
the iCal feed) takes the same query string, so a view can be shared or
subscribed to exactly as it was seen.
"""

import calendar
import dataclasses
import datetime

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from campaigns.models import PlanningStatus
from cms.models import Channel, Persona, Region, Scene


class Zoom(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


DEFAULT_ZOOM = Zoom.QUARTER
ZOOM_MONTHS = {Zoom.MONTH: 1, Zoom.QUARTER: 3, Zoom.YEAR: 12}


@dataclasses.dataclass(frozen=True)
class Period:
    """A whole month, quarter or year; both ends inclusive."""

    zoom: str
    start: datetime.date
    end: datetime.date

    @classmethod
    def around(cls, zoom: str, day: datetime.date) -> "Period":
        months = ZOOM_MONTHS[Zoom(zoom)]
        first_month = (day.month - 1) // months * months + 1
        last_month = first_month + months - 1
        last_day = calendar.monthrange(day.year, last_month)[1]
        return cls(zoom, datetime.date(day.year, first_month, 1), datetime.date(day.year, last_month, last_day))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        return Period.around(self.zoom, self.start - datetime.timedelta(days=1))

    def next(self) -> "Period":
        return Period.around(self.zoom, self.end + datetime.timedelta(days=1))

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        if self.zoom == Zoom.YEAR:
            return str(self.start.year)
        if self.zoom == Zoom.QUARTER:
            return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"


@dataclasses.dataclass(frozen=True)
class Selection:
    period: Period
    region: Region | None = None
    persona: Persona | None = None
    scene: Scene | None = None
    channel: Channel | None = None
    statuses: tuple[str, ...] = ()


class SelectionForm(forms.Form):
    """The filters as GET parameters: codes and slugs, never database ids."""

    region = forms.ModelChoiceField(Region.objects.all(), to_field_name="code", required=False, label=_("Region"))
    persona = forms.ModelChoiceField(Persona.objects.all(), to_field_name="slug", required=False, label=_("Persona"))
    scene = forms.ModelChoiceField(Scene.objects.all(), to_field_name="slug", required=False, label=_("Scene"))
    channel = forms.ModelChoiceField(Channel.objects.all(), to_field_name="slug", required=False, label=_("Channel"))
    status = forms.MultipleChoiceField(
        choices=PlanningStatus.choices, required=False, label=_("Status"), widget=forms.CheckboxSelectMultiple,
    )
    zoom = forms.ChoiceField(choices=Zoom.choices, required=False, label=_("Zoom"))
    date = forms.DateField(
        required=False, label=_("Date"), help_text=_("Any day in the period to show."),
        widget=AdminDateInput(),  # WAGTAIL_DATE_FORMAT's picker: a browser's own shows its locale's mm/dd/yyyy
    )

    def selection(self) -> Selection:
        """The selection; call only once ``is_valid()`` is true."""
        data = self.cleaned_data
        day = data["date"] or timezone.localdate()
        return Selection(
            period=Period.around(data["zoom"] or DEFAULT_ZOOM, day),
            region=data["region"],
            persona=data["persona"],
            scene=data["scene"],
            channel=data["channel"],
            statuses=tuple(data["status"]),
        )

    @classmethod
    def showing(cls, selection: Selection) -> "SelectionForm":
        """A form filled in with what is shown, defaults included."""
        return cls(QueryDict(query_string(selection)))

    def error_text(self) -> str:
        return "; ".join(f"{name}: {' '.join(errors)}" for name, errors in self.errors.items())


def query_string(selection: Selection, **changes) -> str:
    """The selection as a query string, with ``changes`` (e.g. ``date=…``) applied."""
    query = QueryDict(mutable=True)
    values = {
        "region": selection.region.code if selection.region else None,
        "persona": selection.persona.slug if selection.persona else None,
        "scene": selection.scene.slug if selection.scene else None,
        "channel": selection.channel.slug if selection.channel else None,
        "zoom": selection.period.zoom,
        "date": selection.period.start.isoformat(),
    }
    values.update(changes)  # a change to None drops the parameter
    for name, value in values.items():
        if value:
            query[name] = str(value)
    query.setlist("status", list(changes.get("status", selection.statuses)))
    return query.urlencode()
