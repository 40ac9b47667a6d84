"""Our translatable strings and our catalogues, read with Python alone.

``makemessages`` needs GNU xgettext, which a CI machine may lack; the
completeness test collects the same msgids the way xgettext would (the
keywords Django passes it, and Django's own ``templatize`` for templates) and
reads the committed ``.po`` and ``.mo`` files directly.
"""

import ast
import gettext
import io
import tokenize
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
APPS = ["cms", "campaigns", "calendars", "delivery", "search", "webhooks", "frontend_api"]
LANGUAGE = "zh_Hans"
# Function name: positions of (context, singular, plural) among its arguments, as makemessages tells xgettext.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def catalogue_path(app: str, suffix: str = "po") -> Path:
    return ROOT / app / "locale" / LANGUAGE / "LC_MESSAGES" / f"django.{suffix}"


def message_key(context: str | None, msgid: str) -> str:
    """The key GNU gettext gives a message: its context, EOT, then the msgid."""
    return f"{context}\x04{msgid}" if context else msgid


def python_messages(source: str, path: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source, path)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in KEYWORDS:
            continue
        context, singular, _plural = KEYWORDS[name]
        args = node.args
        literal = [isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in args]
        if len(args) <= singular or not literal[singular]:
            raise ValueError(f"{path}:{node.lineno}: {name}() needs a literal string, or xgettext skips it")
        found.add(message_key(args[context].value if context is not None else None, args[singular].value))
    return found


def template_messages(source: str, path: str) -> set[str]:
    """The msgids of a template, from the Python-like text Django's templatize writes for xgettext."""
    text = "\n".join(line.lstrip() for line in templatize(source, path).splitlines())  # indentation means nothing here
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    found = set()
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in KEYWORDS or tokens[index + 1].string != "(":
            continue
        strings, position = [], index + 2
        while tokens[position].type == tokenize.STRING:
            strings.append(ast.literal_eval(tokens[position].string))
            position += 2 if tokens[position + 1].string == "," else 1
        context, singular, _plural = KEYWORDS[token.string]
        found.add(message_key(strings[context] if context is not None else None, strings[singular]))
    return found


def source_messages(app: str) -> set[str]:
    """Every msgid marked for translation in the app's modules and templates."""
    found = set()
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            found |= python_messages(path.read_text(), str(path))
    for path in sorted((ROOT / app).rglob("templates/**/*.html")):
        found |= template_messages(path.read_text(), str(path))
    return found


def po_messages(path: Path) -> dict[str, list[str]]:
    """The catalogue's live entries: key to translations (one, or one per plural form); fuzzy ones have none."""
    entries, entry, field = {}, {}, None

    def close():
        if "msgid" in entry and entry["msgid"] and not entry.get("obsolete"):
            forms = [value for name, value in sorted(entry.items()) if name.startswith("msgstr")]
            entries[message_key(entry.get("msgctxt"), entry["msgid"])] = [] if entry.get("fuzzy") else forms

    for line in path.read_text().splitlines() + [""]:
        line = line.strip()
        if not line:
            close()
            entry, field = {}, None
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            field = field.replace("[", "_").replace("]", "")
            entry[field] = ast.literal_eval(value)
    return entries


def mo_messages(path: Path) -> dict[str, list[str]]:
    """The compiled catalogue, in :func:`po_messages`' shape."""
    with path.open("rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog
    entries = {}
    for key, value in catalog.items():
        msgid, form = key if isinstance(key, tuple) else (key, 0)
        if msgid:
            entries.setdefault(msgid, []).insert(form, value)
    return entries
