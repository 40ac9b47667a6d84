"""Limits that keep one query from costing the server too much.

Before a query runs, :class:`QueryLimitsRule` measures each operation, with
fragments expanded, and refuses it with a clear GraphQL error when it is too
deep, has too many aliases or field selections, or costs too much. Limits
come from ``settings.MOMENTS_API_LIMITS``.

Cost counts the objects and values the response could contain: a field
costs 1 plus its children, times the number of items when it returns a list
of objects. A list's size is the ``first`` argument of the field that pages
it (``articles(first: 50) { edges … }`` counts 50 edges); a ``first`` given as
a variable counts as the largest page, and a list with no ``first`` (a
page's scenes, say) as ``LIST_SIZE_ESTIMATE``. Lists of plain values cost 1.

Every field counts, ``__typename`` and introspection's included, and
measuring stops as soon as a query has more fields than allowed: a document
whose fragments spread each other twice over, or that aliases an
introspection query hundreds of times, is refused after at most
``max_fields`` fields are seen, in milliseconds, however large its expansion.
Introspection's nesting (``ofType { ofType … }``) adds no depth: GraphiQL's
own introspection query is 15 levels deep, and its fields count like any.
"""

import dataclasses

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

from frontend_api.errors import BadInput

LIST_SIZE_ESTIMATE = 10
META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef, "__typename": TypeNameMetaFieldDef}


def check_page_size(first: int | None) -> int:
    """``first`` as given; an explicit ``null`` replaces the default in GraphQL, so it is refused like 0."""
    limit = settings.MOMENTS_API_LIMITS["max_page_size"]
    if first is None or not 0 < first <= limit:
        raise BadInput(f"`first` must be between 1 and {limit}, got {'null' if first is None else first}.")
    return first


class _TooLarge(Exception):
    """Stops measuring a query that already has more fields than allowed."""


@dataclasses.dataclass
class QueryShape:
    depth: int = 0
    fields: int = 0
    aliases: int = 0
    cost: int = 0

    measured_whole: bool = True  # False when measuring stopped at the field limit: the figures are then lower bounds

    def problems(self, limits: dict) -> list[str]:
        at_least = "" if self.measured_whole else "at least "
        checks = [
            (self.depth, limits["max_depth"], "Query is {2}{0} levels deep; the limit is {1}."),
            (self.aliases, limits["max_aliases"], "Query uses {2}{0} aliases; the limit is {1}."),
            (self.fields, limits["max_fields"], "Query selects {2}{0} fields; the limit is {1}."),
            (self.cost, limits["max_cost"], "Query could return up to {0} values; the limit is {1}. Ask for smaller pages."),
        ]
        return [message.format(value, limit, at_least) for value, limit, message in checks if value > limit]


class _Measure:
    def __init__(self, context, max_fields: int, max_page_size: int):
        self.context = context
        self.max_fields = max_fields
        self.max_page_size = max_page_size
        self.shape = QueryShape()

    def page_size(self, field: FieldNode) -> int | None:
        for argument in field.arguments or ():
            if argument.name.value == "first":
                value = argument.value
                return int(value.value) if isinstance(value, IntValueNode) else self.max_page_size
        return None

    def selections(self, selection_set: SelectionSetNode, parent_type, page: int | None, depth: int, fragments: frozenset) -> int:
        cost = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                cost += self.field(selection, parent_type, page, depth)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                fragment_type = self.context.schema.get_type(condition.name.value) if condition else parent_type
                cost += self.selections(selection.selection_set, fragment_type, page, depth, fragments)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in fragments:
                    continue  # unknown or cyclic: the spec rules report it
                fragment_type = self.context.schema.get_type(fragment.type_condition.name.value)
                cost += self.selections(fragment.selection_set, fragment_type, page, depth, fragments | {name})
        return cost

    def field(self, field: FieldNode, parent_type, page: int | None, depth: int) -> int:
        self.shape.fields += 1
        if self.shape.fields > self.max_fields:
            raise _TooLarge
        self.shape.aliases += field.alias is not None
        introspecting = field.name.value.startswith("__") or getattr(parent_type, "name", "").startswith("__")
        if not introspecting:
            self.shape.depth = max(self.shape.depth, depth)
        definition = META_FIELDS.get(field.name.value) or getattr(parent_type, "fields", {}).get(field.name.value)
        if definition is None:
            return 0  # unknown field: the spec rules report it
        own_page = self.page_size(field)
        if is_list_type(get_nullable_type(definition.type)) and field.selection_set:
            size, child_page = own_page or page or LIST_SIZE_ESTIMATE, None
        else:
            size, child_page = 1, own_page
        children = 0
        if field.selection_set:
            children = self.selections(field.selection_set, get_named_type(definition.type), child_page, depth + (not introspecting), frozenset())
        return size * (1 + children)


def measure(context, operation: OperationDefinitionNode, limits: dict) -> QueryShape:
    root_types = {
        OperationType.QUERY: context.schema.query_type,
        OperationType.MUTATION: context.schema.mutation_type,
        OperationType.SUBSCRIPTION: context.schema.subscription_type,
    }
    measuring = _Measure(context, limits["max_fields"], limits["max_page_size"])
    try:
        measuring.shape.cost = measuring.selections(operation.selection_set, root_types[operation.operation], None, 1, frozenset())
    except _TooLarge:
        measuring.shape.measured_whole = False
    return measuring.shape


class QueryLimitsRule(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *args) -> None:
        limits = settings.MOMENTS_API_LIMITS
        for problem in measure(self.context, node, limits).problems(limits):
            self.report_error(GraphQLError(problem, node, extensions={"code": "QUERY_TOO_LARGE"}))
