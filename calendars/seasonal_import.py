"""Import seasonal entries from a spreadsheet into a taste calendar.

Rows are matched to the calendar's entries by item and variety: a new pair
adds an entry, a known pair updates it, and entries the file does not name are
left alone. Every row is checked by the same rules as the editor's form
first; a preview lists what would change and every row's errors, and nothing
is written unless every row is valid. The import lands as one revision of the
calendar (see :mod:`cms.revisions`), so it can be reviewed and rolled back.
"""

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from calendars.models import ItemCategory, SeasonalEntry, TasteCalendarPage
from calendars.spreadsheets import SheetRow, seasonal_header
from cms.revisions import save_change

# Spreadsheet column, by its English source (spreadsheets.SEASONAL_COLUMNS) -> SeasonalEntry field.
COLUMNS = {
    "Item": "item",
    "English name": "item_en",
    "Category": "category",
    "Variety": "variety",
    "Origin": "origin",
    "Season start": "season_start",
    "Starts at": "season_start_anchor",
    "Start offset": "season_start_offset",
    "Season end": "season_end",
    "Ends at": "season_end_anchor",
    "End offset": "season_end_offset",
    "Peak start": "peak_start",
    "Peak end": "peak_end",
    "Tasting notes": "tasting_notes",
}
REQUIRED_COLUMNS = ("Item", "Category", "Origin")
DATE_FIELDS = ("season_start", "season_end", "peak_start", "peak_end")
OFFSET_FIELDS = ("season_start_offset", "season_end_offset")
ANCHORED_DATES = {"season_start": "season_start_anchor", "season_end": "season_end_anchor"}
SKIP_ON_CLEAN = ["calendar", "image", "related_articles", "sort_order"]


class BadValue(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclasses.dataclass(frozen=True)
class RowChange:
    row: int
    name: str
    action: str  # "add", "change" or "same"
    changes: tuple[tuple[str, object, object], ...] = ()  # (field label, old, new)


@dataclasses.dataclass
class Preview:
    calendar: TasteCalendarPage
    changes: list[RowChange]
    errors: list[RowError]
    values: dict[int, dict]  # row number -> cleaned field values

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def _count(self, action: str) -> int:
        return sum(change.action == action for change in self.changes)

    @property
    def added(self) -> int:
        return self._count("add")

    @property
    def changed(self) -> int:
        return self._count("change")

    @property
    def unchanged(self) -> int:
        return self._count("same")

    @property
    def has_changes(self) -> bool:
        return any(change.action != "same" for change in self.changes)


def _category(value: str) -> str:
    """The category a cell names by code or by its label in any admin language, whichever the file was written in."""
    for choice, label in ItemCategory.choices:
        names = {choice}
        for language in dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES):
            with translation.override(language):
                names |= {str(label).lower(), *str(label).lower().split()}
        if value.lower() in names:
            return choice
    raise BadValue(_("“%(value)s” is not a category; use one of: %(choices)s")
                   % {"value": value, "choices": ", ".join(ItemCategory.values)})


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().replace("/", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadValue(_("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": value}) from None


def _offset(value) -> int:
    if value in (None, ""):
        return 0
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not number.is_integer():
        raise BadValue(_("“%(value)s” is not a whole number of days.") % {"value": value})
    return int(number)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _convert(field: str, value):
    if field in DATE_FIELDS:
        return _date(value)
    if field in OFFSET_FIELDS:
        return _offset(value)
    text = _text(value)
    return _category(text) if field == "category" and text else text


def _label(field: str) -> str:
    return str(SeasonalEntry._meta.get_field(field).verbose_name)


def clean_row(row: SheetRow, calendar: TasteCalendarPage) -> tuple[dict | None, list[RowError]]:
    """The row's field values, checked like the editor's form does, or its errors."""
    values, errors = {}, []
    for column, field in COLUMNS.items():
        try:
            values[field] = _convert(field, row.values.get(column))
        except BadValue as problem:
            errors.append(RowError(row.number, f"{seasonal_header(column)}: {problem}"))
    if errors:
        return None, errors
    entry = SeasonalEntry(calendar=calendar, **values)
    try:
        entry.full_clean(exclude=SKIP_ON_CLEAN)
    except ValidationError as invalid:
        return None, [RowError(row.number, message) for message in _describe(invalid)]
    for field, anchor in ANCHORED_DATES.items():
        given = values[field]
        if values[anchor] and given and given != getattr(entry, field):
            errors.append(RowError(row.number, _(
                "%(column)s %(given)s does not match %(anchor)s (%(date)s); clear one of the two."
            ) % {"column": _label(field), "given": given, "anchor": values[anchor], "date": getattr(entry, field)}))
    return {field: getattr(entry, field) for field in COLUMNS.values()}, errors


def _describe(invalid: ValidationError) -> list[str]:
    if not hasattr(invalid, "error_dict"):
        return list(invalid.messages)
    row = _("row")  # outside the f-string, where xgettext finds it
    return [
        f"{_label(field) if field != '__all__' else row}: {message}"
        for field, messages in invalid.message_dict.items()
        for message in messages
    ]


def _key(values: dict) -> tuple[str, str]:
    """Rows and entries are matched by item and variety."""
    return (values["item"], values["variety"])


def _entry_key(entry: SeasonalEntry) -> tuple[str, str]:
    return (entry.item, entry.variety)


def _compare(row: int, values: dict, existing: SeasonalEntry | None) -> RowChange:
    name = f"{values['item']} ({values['variety']})" if values["variety"] else values["item"]
    if existing is None:
        return RowChange(row, name, "add")
    changes = tuple(
        (_label(field), getattr(existing, field), value)
        for field, value in values.items()
        if getattr(existing, field) != value
    )
    return RowChange(row, name, "change" if changes else "same", changes)


def preview(calendar: TasteCalendarPage, rows: list[SheetRow]) -> Preview:
    """What importing ``rows`` would change, and every row's errors. Writes nothing."""
    result = Preview(calendar, [], [], {})
    if not rows:
        result.errors.append(RowError(1, _("The file has no rows below its header.")))
        return result
    missing = [column for column in REQUIRED_COLUMNS if column not in rows[0].values]
    if missing:
        names = ", ".join(seasonal_header(column) for column in missing)
        result.errors.append(RowError(1, _("Missing columns: %(columns)s") % {"columns": names}))
        return result
    existing = {_entry_key(entry): entry for entry in calendar.get_latest_revision_as_object().entries.all()}
    seen = {}
    for row in rows:
        values, errors = clean_row(row, calendar)
        result.errors += errors
        if values is None or errors:
            continue
        key = _key(values)
        if key in seen:
            result.errors.append(RowError(row.number, _("%(item)s is already on row %(row)s.") % {"item": " ".join(filter(None, key)), "row": seen[key]}))
            continue
        seen[key] = row.number
        result.values[row.number] = values
        result.changes.append(_compare(row.number, values, existing.get(key)))
    return result


@transaction.atomic
def apply(result: Preview, user) -> bool:
    """Write a valid preview's changes as one revision of the calendar. Returns whether it went live."""
    if not result.is_valid:
        raise ValueError("Only a preview without errors can be applied.")
    calendar = result.calendar
    draft = calendar.get_latest_revision_as_object()
    entries = list(draft.entries.all())
    by_key = {_entry_key(entry): entry for entry in entries}
    for change in result.changes:
        if change.action == "same":
            continue
        values = result.values[change.row]
        entry = by_key.get(_key(values))
        if entry is None:
            entry = SeasonalEntry(calendar=draft)
            entries.append(entry)
        for field, value in values.items():
            setattr(entry, field, value)
    draft.entries = entries
    return save_change(calendar, draft, user)
