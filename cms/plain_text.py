"""Text without control characters: they are invisible, PostgreSQL refuses NUL, and Excel's file format
refuses the rest (openpyxl raises), so one in a tasting note broke the calendar's export for everyone."""

import re

from django.db import models

# Control characters other than tab and newlines.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def control_characters_removed(value: object) -> object:
    """``value`` without control characters if it is text; anything else (a date, a number) as it is."""
    return without_control_characters(value) if isinstance(value, str) else value


class ControlCharactersRemoved:
    """A model mixin: ``clean()``, which every admin form runs, removes control characters from its text fields."""

    def clean(self) -> None:
        super().clean()
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                setattr(self, field.attname, control_characters_removed(getattr(self, field.attname)))
