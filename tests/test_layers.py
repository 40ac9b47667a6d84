"""The house's floors: each app imports only the apps below it, and only the URLconf imports the API.

From the bottom: ``cms`` (content, taxonomy, what is live, targeting),
``campaigns``, ``calendars`` (taste calendars and the marketing calendar),
``delivery`` (what fits a moment and how it ranks), ``webhooks`` (telling
other systems what changed), ``frontend_api`` (GraphQL
only), ``demo`` (uses everything, nothing uses it) and the project package
``moments`` (settings and the URLconf).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ["cms", "campaigns", "calendars", "delivery", "search", "webhooks", "frontend_api", "demo", "moments"]


def imported_apps(path: Path) -> set[str]:
    """Our apps that the module imports, at any depth of the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(FLOORS)


@pytest.mark.parametrize("app", FLOORS)
def test_each_app_imports_only_the_apps_below_it(app):
    allowed = set(FLOORS[: FLOORS.index(app) + 1])
    if app not in ("frontend_api", "moments"):
        allowed.discard("frontend_api")
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) - allowed
    }
    assert wrong == {}
