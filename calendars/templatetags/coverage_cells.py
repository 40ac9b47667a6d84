"""The coverage matrix's cells, written in Python: a year's matrix has about a thousand, and the
template language took a fifth of the page's time looking up their attributes."""

from django import template
from django.utils.html import format_html

from calendars.coverage import Cell

register = template.Library()


@register.simple_tag
def coverage_cell(cell: Cell) -> str:
    planned = format_html(" <small>(+{})</small>", len(cell.planned)) if cell.planned else ""
    kind = "mc-cell--gap" if cell.is_gap else "mc-cell--past" if cell.past else ""
    return format_html(
        '<td{} data-week="{}" data-count="{}" title="{}">{}{}</td>',
        format_html(' class="{}"', kind) if kind else "", cell.week.iso, cell.count, cell.summary, cell.count, planned,
    )
