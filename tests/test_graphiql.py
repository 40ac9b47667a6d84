"""GraphiQL loads its assets from our own static files, never from a CDN: it works offline and from mainland China."""

import base64
import hashlib
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from frontend_api.views import MomentsGraphQLView

pytestmark = pytest.mark.usefixtures("db", "graphiql")


@pytest.fixture
def graphiql(monkeypatch):
    """GraphiQL switched on, as DEBUG does: moments/urls.py reads DEBUG once, when it builds the views, so the settings fixture cannot."""
    monkeypatch.setattr(MomentsGraphQLView, "graphiql", True)


class AssetParser(HTMLParser):
    """Collects the attributes of every script and stylesheet a page loads."""

    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" in attrs:
            self.assets.append({"url": attrs["src"], "integrity": attrs.get("integrity")})
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.assets.append({"url": attrs["href"], "integrity": attrs.get("integrity")})


def graphiql_assets(client, path="/graphql/") -> list[dict]:
    response = client.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert b'id="editor"' in response.content and b"graphene_django/graphiql.js" in response.content
    parser = AssetParser()
    parser.feed(response.content.decode())
    return parser.assets


def sri(content: bytes, algorithm: str) -> str:
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, content).digest()).decode()}"


def test_graphiql_loads_nothing_from_another_site(client):
    assets = graphiql_assets(client)
    assert len(assets) == 9  # React, ReactDOM, GraphiQL and its CSS, fetch, graphql-ws, the explorer and its CSS, graphene's script
    for asset in assets:
        assert not asset["url"].startswith(("http://", "https://", "//")), asset
        assert asset["url"].startswith(settings.STATIC_URL), asset


def test_graphiql_assets_are_our_static_files_and_match_their_integrity(client):
    assets = graphiql_assets(client)
    checked = 0
    for asset in assets:
        path = finders.find(asset["url"].removeprefix(settings.STATIC_URL))
        assert path, f"{asset['url']} is not a static file"
        if asset["integrity"]:
            algorithm = asset["integrity"].partition("-")[0]
            with open(path, "rb") as file:
                assert sri(file.read(), algorithm) == asset["integrity"], asset["url"]
            checked += 1
    assert checked == 8  # all but graphene-django's own script


def test_the_preview_endpoint_serves_the_same_graphiql(client):
    assert graphiql_assets(client, "/graphql/preview/") == graphiql_assets(client)
