"""Form widgets shared by the admin edit views."""

from django import forms


class ChoiceSetWidget(forms.CheckboxSelectMultiple):
    """Checkboxes for a CharField that stores its chosen values as one string.

    Weekdays are stored as digits ("12345" = Monday to Friday, no separator),
    API key scopes as words separated by spaces: readable in the database and
    the API, while editors tick boxes.
    """

    def __init__(self, *args, separator: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.separator = separator

    def format_value(self, value):
        if isinstance(value, str):
            return value.split(self.separator) if self.separator else list(value)
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        return self.separator.join(super().value_from_datadict(data, files, name) or [])
