"""Answers to ``moment`` from the moment cache (:mod:`delivery.cache`), for GraphQL.

A query whose only root field is ``moment`` is answered from the cache when
the same document, with the same other variables, was answered for the same
moment as matched, in the same locale. Validation and the query limits have run
by then; a query that selects ``moment.at`` keys on the raw time, since it shows it.
"""

from django.conf import settings
from graphql import ExecutionContext, FieldNode, OperationDefinitionNode, OperationType, VariableNode, get_named_type
from graphql.execution.collect_fields import collect_fields, collect_sub_fields
from graphql.execution.values import get_argument_values

from delivery import cache
from delivery.moment import MomentQuery
from delivery.prefetch import EVERYTHING, Shown
from frontend_api.content_locale import chosen
from frontend_api.limits import check_page_size
from frontend_api.scope import RequestScope, scope_of
from search.site_search import SiteSearch

MOMENT_KINDS = ("article", "campaign", "ugc")  # what a moment ranks; seasonal items come as its `inSeason`


class MomentCachingContext(ExecutionContext):
    def execute_operation(self, operation: OperationDefinitionNode, root_value):
        request = scope_of(self.context_value)
        key = self._moment_key(operation, request)
        if key is None:
            return super().execute_operation(operation, root_value)
        answer = cache.answer(key)
        if answer is None:
            answer = super().execute_operation(operation, root_value)
            if not self.collected_errors.errors:
                cache.keep(key, answer, request.content_version, request.now)
        return answer

    def _moment_key(self, operation: OperationDefinitionNode, request: RequestScope) -> str | None:
        """The cache key of a query asking ``moment`` alone; None for anything else or arguments that fail."""
        field_nodes = self._moment_alone(operation)
        if field_nodes is None or request.content_version is None:
            return None
        field = self.schema.query_type.fields["moment"]
        try:
            arguments = get_argument_values(field, field_nodes[0], self.variable_values)
            moment = moment_for(request, arguments)
        except Exception:  # noqa: BLE001 - any argument the moment cannot take is answered as usual, with its error
            return None
        shown = collect_sub_fields(self.schema, self.fragments, self.variable_values, get_named_type(field.type), field_nodes)
        shows_time = any(nodes[0].name.value == "at" for nodes in shown.values())
        consumed = {argument.value.name.value for argument in field_nodes[0].arguments if isinstance(argument.value, VariableNode)}
        http = self.context_value  # image URLs in the answer are absolute, for this host and scheme
        document = [
            operation.loc.source.body, operation.name and operation.name.value,  # the whole document, fragments and all
            {name: value for name, value in self.variable_values.items() if name not in consumed},
            moment.at if shows_time else None, http.scheme, http.get_host(),
        ]
        return cache.moment_key(request.content_version, document, moment.at, moment.matched(), chosen(arguments.get("locale")))

    def _moment_alone(self, operation: OperationDefinitionNode) -> list[FieldNode] | None:
        """The field nodes of ``moment`` when it is the query's only root field, while the cache is on."""
        if operation.operation != OperationType.QUERY or settings.MOMENTS_MOMENT_CACHE_SECONDS <= 0:
            return None
        query_type = self.schema.query_type
        root_fields = collect_fields(self.schema, self.fragments, self.variable_values, query_type, operation.selection_set)
        only = list(root_fields.values())
        return only[0] if len(only) == 1 and only[0][0].name.value == "moment" else None


def moment_for(request: RequestScope, arguments: dict, shown: Shown = EVERYTHING) -> MomentQuery:
    """The moment the field's arguments ask for; raises the API's errors for bad ones."""
    query = arguments.get("query")
    found = None
    if query is not None:
        channel = request.taxonomy.channel(arguments.get("channel") or settings.MOMENTS_DEFAULT_CHANNEL)
        found = SiteSearch(query, channel.slug, request.now, kinds=list(MOMENT_KINDS))
    return MomentQuery(
        request.taxonomy, request.now, first=check_page_size(arguments.get("first", 20)), shown=shown, reads=request.reads,
        found=found, **{name: arguments.get(name) for name in ("at", "region", "scenes", "personas", "channel", "subject")},
    )
