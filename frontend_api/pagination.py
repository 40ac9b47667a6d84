"""Cursor connections (``first``/``after``, ``pageInfo``, ``totalCount``, ``edges { node }``).

Cursors are opaque offsets, as in graphql-relay's array connections, so any
sliceable source works: a queryset or a merged list of search hits.
"""

from collections.abc import Sequence
from functools import partial

import graphene
from django.db.models import QuerySet
from graphene.relay.connection import connection_adapter, page_info_adapter
from graphql_relay import connection_from_array_slice, cursor_to_offset

from frontend_api.errors import BadInput
from frontend_api.limits import check_page_size

DEFAULT_PAGE_SIZE = 20
MAX_OFFSET = 10_000_000  # past any list here; larger offsets overflow the database's integers


class CountedConnection(graphene.relay.Connection):
    total_count = graphene.Int(required=True, description="All items matching, across pages.")

    class Meta:
        abstract = True

    def resolve_total_count(connection, info):
        return connection.count()


def connection_of(node_type) -> type[CountedConnection]:
    meta = type("Meta", (), {"node": node_type, "name": f"{node_type._meta.name}Connection"})
    return type(f"{node_type._meta.name}Connection", (CountedConnection,), {"Meta": meta})


def connection_field(connection_type: type[CountedConnection], description: str, **arguments) -> graphene.Field:
    return graphene.Field(
        graphene.NonNull(connection_type),
        description=description,
        first=graphene.Int(default_value=DEFAULT_PAGE_SIZE),
        after=graphene.String(description="The endCursor of the previous page."),
        **arguments,
    )


def paginate(source: Sequence, first: int, after: str | None, connection_type: type[CountedConnection]):
    """One page of ``source``, sliced and never loaded whole.

    One row past the page tells whether there is a next one, so the source is
    counted only when a query asks for ``totalCount``.
    """
    check_page_size(first)
    start = 0
    if after is not None:
        offset = cursor_to_offset(after)
        if offset is None or not 0 <= offset < MAX_OFFSET:
            raise BadInput("`after` is not a cursor from this API.")
        start = offset + 1
    rows = list(source[start : start + first + 1])
    page, more = rows[:first], len(rows) > first
    connection = connection_from_array_slice(
        page, {"first": first, "after": after}, slice_start=start, array_length=start + len(page) + more,
        connection_type=partial(connection_adapter, connection_type), edge_type=connection_type.Edge,
        page_info_type=page_info_adapter,
    )
    connection.count = lambda: source.count() if isinstance(source, QuerySet) else len(source)
    return connection
