"""Where the timeline's labels go, so that none covers another or is cut off, at any width.

The timeline places things in percent of its track, and the browser decides how
wide the track is; the stylesheet keeps it at least ``TRACK_REM`` wide. A label
keeps its width in rem however wide the track grows, while the distance
between two points grows with it. So labels laid out clear of each other on
the narrowest track stay clear on every wider one, and the layout is worked
out here, from an estimate of each label's width, with nothing measured in the
browser.
"""

import dataclasses
import unicodedata
from collections.abc import Sequence

TRACK_REM = 48  # the narrowest the track gets (its min-width)
SPACING_REM = 0.25  # between two labels in a lane, and between a bar and a label beside it
MARKER_FONT_REM = 0.75
MARKER_PADDING_REM = 0.4  # the line's offset and the label's padding, both sides together
BAR_FONT_REM = 0.8125
BAR_PADDING_REM = 0.7
MAX_LANES = 6  # a year's 50 or so names need that many on the narrowest track

INSIDE, AFTER, BEFORE, HIDDEN = "inside", "after", "before", ""


def text_rem(text: str, font_rem: float) -> float:
    """A generous width for ``text``: a wide (CJK) character takes a whole em, any other at most 0.7 of one."""
    return font_rem * sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.7 for char in text)


@dataclasses.dataclass(frozen=True)
class Box:
    start: float  # in rem from the track's start
    end: float

    def clear_of(self, other: "Box") -> bool:
        return self.end + SPACING_REM <= other.start or other.end + SPACING_REM <= self.start


@dataclasses.dataclass(frozen=True)
class LabelPlace:
    lane: int | None  # None: no lane has room, so the name is only the marker's tooltip
    flipped: bool = False  # the label ends at its point instead of starting there: too near the track's end


def marker_box(left: float, name: str) -> tuple[Box, bool]:
    """The label's box on the narrowest track, and whether it is flipped to stay on the track."""
    at = left / 100 * TRACK_REM
    width = text_rem(name, MARKER_FONT_REM) + MARKER_PADDING_REM
    if at + width <= TRACK_REM:
        return Box(at, at + width), False
    return Box(at - width, at), True


def lanes(points: Sequence[tuple[float, str]], max_lanes: int = MAX_LANES) -> list[LabelPlace]:
    """A lane for each ``(left percent, name)`` label: the first one where it is clear of the labels already there.

    Labels are placed in the order given, so give the ones that matter most
    first: when no lane has room, later ones are left to their tooltips.
    """
    taken: list[list[Box]] = []
    places = []
    for left, name in points:
        box, flipped = marker_box(left, name)
        lane = next((number for number, boxes in enumerate(taken) if all(box.clear_of(other) for other in boxes)), None)
        if lane is None and len(taken) < max_lanes:
            lane = len(taken)
            taken.append([])
        if lane is not None:
            taken[lane].append(box)
        places.append(LabelPlace(lane, flipped))
    return places


def bar_text(left: float, width: float, label: str) -> str:
    """Where a bar's label fits: inside it, after or before it, or nowhere (its tooltip and row label name it)."""
    needed = text_rem(label, BAR_FONT_REM) + BAR_PADDING_REM
    start, end = left / 100 * TRACK_REM, (left + width) / 100 * TRACK_REM
    if end - start >= needed:
        return INSIDE
    if end + SPACING_REM + needed <= TRACK_REM:
        return AFTER
    if start - SPACING_REM - needed >= 0:
        return BEFORE
    return HIDDEN
