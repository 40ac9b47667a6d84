"""The calendar as tables: written to Excel (openpyxl) and CSV, and read back for imports.

A workbook has one sheet per table; a CSV file holds one table. The seasonal
entries table uses the same columns for export and import, so an exported
file can be edited and imported again.
"""

import csv
import dataclasses
import datetime
import io
import itertools
from collections.abc import Callable, Iterable, Sequence

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook

from calendars.models import SeasonalEntry
from calendars.plan import OPEN_END, Plan
from campaigns.models import PlanningStatus
from cms.models import Channel, Region
from cms.plain_text import control_characters_removed

SEASONAL_COLUMNS = (
    "Item", "English name", "Category", "Variety", "Origin",
    "Season start", "Starts at", "Start offset", "Season end", "Ends at", "End offset",
    "Peak start", "Peak end", "Tasting notes",
)
CAMPAIGN_COLUMNS = ("Campaign", "Status", "Starts", "Ends", "Priority", "Scenes", "Personas", "Regions", "Channels", "Seasonal items", "Link")
ALMANAC_COLUMNS = ("Date", "Name", "Kind")

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


@dataclasses.dataclass(frozen=True)
class Table:
    name: str  # the sheet's name, and the CSV's file name
    columns: Sequence[str]
    rows: list[tuple]


class UnreadableFile(ValueError):
    """The upload is not a spreadsheet we can read; the message says why."""


def seasonal_table(entries: Iterable[SeasonalEntry]) -> Table:
    rows = [
        (
            entry.item, entry.item_en, entry.category, entry.variety, entry.origin,
            entry.season_start, entry.season_start_anchor, entry.season_start_offset,
            entry.season_end, entry.season_end_anchor, entry.season_end_offset,
            entry.peak_start, entry.peak_end, entry.tasting_notes,
        )
        for entry in entries
    ]
    return Table("Seasonal entries", SEASONAL_COLUMNS, rows)


def campaign_table(plan: Plan, link: Callable[[int], str]) -> Table:
    """Campaigns of the plan; ``link(id)`` gives a campaign's edit address."""
    names = {
        "scenes": {item.id: item.name for item in plan.scenes},
        "personas": {item.id: item.name for item in plan.personas},
        "channels": dict(Channel.objects.values_list("pk", "name")),
        "regions": dict(Region.objects.values_list("pk", "name")),
        "entries": dict(SeasonalEntry.objects.values_list("pk", "item")),
    }

    def listed(ids, kind: str) -> str:
        return ", ".join(sorted(names[kind].get(pk, "") for pk in ids))

    rows = []
    for campaign in plan.campaigns + plan.unscheduled:
        span = campaign.span
        rows.append((
            campaign.title, str(PlanningStatus(campaign.status).label),
            span.start if span else None, span.end if span and span.end != OPEN_END else None,
            campaign.priority, listed(campaign.scenes, "scenes"), listed(campaign.personas, "personas"),
            listed((chain[0] for chain in campaign.reach.chains), "regions") or "全国 nationwide",
            listed(campaign.channels, "channels"), listed(campaign.seasonal_entries, "entries"), link(campaign.id),
        ))
    return Table("Campaigns", CAMPAIGN_COLUMNS, rows)


def almanac_table(plan: Plan) -> Table:
    return Table("Festivals & solar terms", ALMANAC_COLUMNS, [(day.date, day.name, day.kind) for day in plan.almanac_days])


def workbook_bytes(tables: Sequence[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.columns))
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
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    # A byte-order mark, so Excel opens the Chinese text as UTF-8.
    return ("\ufeff" + output.getvalue()).encode("utf-8")


@dataclasses.dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet program shows it: the header is row 1
    values: dict[str, object]


def read_rows(name: str, content: bytes, sheet_name: str = "Seasonal entries") -> list[SheetRow]:
    """Rows of an uploaded .xlsx or .csv as {header: value}; blank rows are skipped."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        rows = _xlsx_rows(content, sheet_name)
    elif lowered.endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise UnreadableFile(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    header, *body = rows or [[]]
    header = [str(cell or "").strip() for cell in header]
    if len(body) > MAX_ROWS:
        raise UnreadableFile(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
    return [
        SheetRow(number, {name: control_characters_removed(cell) for name, cell in zip(header, row)})
        for number, row in enumerate(body, start=2)
        if any(cell not in (None, "") for cell in row)
    ]


def _xlsx_rows(content: bytes, sheet_name: str) -> list[tuple]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
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
