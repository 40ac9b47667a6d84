"""The calendar as tables: written to Excel (openpyxl) and CSV, and read back for imports.

A workbook has one sheet per table; a CSV file holds one table. The seasonal
entries table uses the same columns for export and import, so an exported
file can be edited and imported again.

Sheet names, headers and values are written in the admin user's language
(categories, statuses and kinds by their labels, not their codes). Reading a
file back accepts the headers in any admin language, so a file exported in
Chinese imports as well as one exported in English.
"""

import csv
import dataclasses
import datetime
import io
import itertools
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _, gettext_lazy
from openpyxl import Workbook, load_workbook

from calendars.models import ItemCategory, SeasonalEntry
from calendars.plan import OPEN_END, Plan
from campaigns.models import PlanningStatus, Priority
from cms.models import Channel, Region
from cms.plain_text import control_characters_removed

SEASONAL_SHEET = gettext_lazy("Seasonal entries")
SEASONAL_COLUMNS = (
    gettext_lazy("Item"), gettext_lazy("English name"), gettext_lazy("Category"), gettext_lazy("Variety"), gettext_lazy("Origin"),
    gettext_lazy("Season start"), gettext_lazy("Starts at"), gettext_lazy("Start offset"),
    gettext_lazy("Season end"), gettext_lazy("Ends at"), gettext_lazy("End offset"),
    gettext_lazy("Peak start"), gettext_lazy("Peak end"), gettext_lazy("Tasting notes"),
)
CAMPAIGN_COLUMNS = (
    gettext_lazy("Campaign"), gettext_lazy("Status"), gettext_lazy("Starts"), gettext_lazy("Ends"), gettext_lazy("Priority"),
    gettext_lazy("Scenes"), gettext_lazy("Personas"), gettext_lazy("Regions"), gettext_lazy("Channels"),
    gettext_lazy("Seasonal items"), gettext_lazy("Link"),
)
ALMANAC_COLUMNS = (gettext_lazy("Date"), gettext_lazy("Name"), gettext_lazy("Kind"))

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


@dataclasses.dataclass(frozen=True)
class Table:
    name: Promise  # the sheet's name, translated when written
    columns: Sequence[Promise]
    rows: list[tuple]


def source(text: Promise) -> str:
    """A translatable text as written in the code: the English a column is known by, whatever the file's language."""
    with translation.override(None):
        return str(text)


def seasonal_header(column: str) -> str:
    """A seasonal entries column, known by its :func:`source`, in the user's language."""
    return str({source(header): header for header in SEASONAL_COLUMNS}[column])


def spellings(texts: Iterable[Promise]) -> dict[str, str]:
    """Each text as every admin language writes it, mapped to its :func:`source`."""
    found = {}
    for language, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES:
        with translation.override(language):
            found.update({str(text): source(text) for text in texts})
    return found


class UnreadableFile(ValueError):
    """The upload is not a spreadsheet we can read; the message says why."""


def seasonal_table(entries: Iterable[SeasonalEntry]) -> Table:
    rows = [
        (
            entry.item, entry.item_en, str(ItemCategory(entry.category).label), entry.variety, entry.origin,
            entry.season_start, entry.season_start_anchor, entry.season_start_offset,
            entry.season_end, entry.season_end_anchor, entry.season_end_offset,
            entry.peak_start, entry.peak_end, entry.tasting_notes,
        )
        for entry in entries
    ]
    return Table(SEASONAL_SHEET, SEASONAL_COLUMNS, rows)


def edition_item(item: str, variety: str, region: str, year: int) -> str:
    """A seasonal item named with its edition, e.g. 大闸蟹（阳澄湖，上海版 2026）: a campaign can link the same item
    in several regions' or years' editions."""
    if variety:
        return _("%(item)s (%(variety)s, %(region)s edition %(year)s)") % {"item": item, "variety": variety, "region": region, "year": year}
    return _("%(item)s (%(region)s edition %(year)s)") % {"item": item, "region": region, "year": year}


def _linked_items(plan: Plan) -> dict[int, str]:
    linked = {pk for campaign in plan.campaigns + plan.unscheduled for pk in campaign.seasonal_entries}
    rows = SeasonalEntry.objects.filter(pk__in=linked).values_list("pk", "item", "variety", "calendar__region__name", "calendar__year")
    return {pk: edition_item(item, variety, region, year) for pk, item, variety, region, year in rows}


def campaign_table(plan: Plan, link: Callable[[int], str]) -> Table:
    """Campaigns of the plan; ``link(id)`` gives a campaign's edit address."""
    names = {
        "scenes": {item.id: item.name for item in plan.scenes},
        "personas": {item.id: item.name for item in plan.personas},
        "channels": dict(Channel.objects.values_list("pk", "name")),
        "regions": dict(Region.objects.values_list("pk", "name")),
        "entries": _linked_items(plan),
    }

    def listed(ids, kind: str) -> str:
        return ", ".join(sorted(names[kind].get(pk, "") for pk in ids))

    rows = []
    for campaign in plan.campaigns + plan.unscheduled:
        span = campaign.span
        rows.append((
            campaign.title, str(PlanningStatus(campaign.status).label),
            span.start if span else None, span.end if span and span.end != OPEN_END else None,
            str(Priority(campaign.priority).label), listed(campaign.scenes, "scenes"), listed(campaign.personas, "personas"),
            listed((chain[0] for chain in campaign.reach.chains), "regions") or _("Nationwide"),
            listed(campaign.channels, "channels"), listed(campaign.seasonal_entries, "entries"), link(campaign.id),
        ))
    return Table(gettext_lazy("Campaigns"), CAMPAIGN_COLUMNS, rows)


def almanac_table(plan: Plan) -> Table:
    rows = [(day.date, day.name, day.kind_label) for day in plan.almanac_days]
    return Table(gettext_lazy("Festivals & solar terms"), ALMANAC_COLUMNS, rows)


def workbook_bytes(tables: Sequence[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(str(table.name))
        sheet.append([str(column) for column in table.columns])
        for row in table.rows:
            sheet.append([control_characters_removed(value) for value in row])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                elif cell.data_type == "f":  # text such as "=SUM(…)" stays text, never a formula
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@")


def csv_cell(value) -> object:
    """A value for CSV. Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(value: str) -> str:
    """Undo :func:`csv_cell`'s apostrophe when a file comes back."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def csv_bytes(table: Table) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([str(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    # A byte-order mark, so Excel opens the Chinese text as UTF-8.
    return ("\ufeff" + output.getvalue()).encode("utf-8")


@dataclasses.dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet program shows it: the header is row 1
    values: dict[str, object]


def read_rows(name: str, content: bytes) -> list[SheetRow]:
    """Rows of an uploaded seasonal entries .xlsx or .csv as {header: value}; blank rows are skipped.

    Headers in any admin language come back as their English :func:`source`, as the import knows them.
    """
    if len(content) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        rows = _xlsx_rows(content, spellings([SEASONAL_SHEET]))
    elif lowered.endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise UnreadableFile(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    header, *body = rows or [[]]
    known = spellings(SEASONAL_COLUMNS)
    header = [known.get(text, text) for text in (str(cell or "").strip() for cell in header)]
    if len(body) > MAX_ROWS:
        raise UnreadableFile(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
    return [
        SheetRow(number, {name: control_characters_removed(cell) for name, cell in zip(header, row)})
        for number, row in enumerate(body, start=2)
        if any(cell not in (None, "") for cell in row)
    ]


def _xlsx_rows(content: bytes, sheet_names: Iterable[str]) -> list[tuple]:
    """The rows of the first sheet called one of ``sheet_names``, or else of the first sheet."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = next((book[name] for name in book.sheetnames if name in sheet_names), book.worksheets[0])
        # Stop past the row limit: a small zipped file can unpack to millions of rows.
        rows = [tuple(row) for row in itertools.islice(sheet.iter_rows(values_only=True), MAX_ROWS + 2)]
        book.close()
    # A damaged or foreign file fails deep inside zipfile, the XML parser or
    # openpyxl, each with exceptions of its own; all of them mean "unreadable".
    except Exception as error:  # noqa: BLE001
        raise UnreadableFile(_("This is not an Excel workbook that can be read (%(error)s).") % {"error": error}) from None
    return rows


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("Save the CSV file as UTF-8.")) from None
    if "\x00" in text:
        raise UnreadableFile(_("This is not a CSV text file."))
    try:
        return [[csv_text(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise UnreadableFile(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
