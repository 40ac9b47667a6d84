"""Form widgets shared by the admin edit views."""

from django import forms


class DigitSetWidget(forms.CheckboxSelectMultiple):
    """Checkboxes for a CharField that stores its chosen values as one string.

    Used for weekdays ("12345" = Monday to Friday): readable in the database
    and the API, while editors tick boxes.
    """

    def format_value(self, value):
        if isinstance(value, str):
            return list(value)
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        return "".join(super().value_from_datadict(data, files, name) or [])
