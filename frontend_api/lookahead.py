"""What a query selects below a field, so resolvers load only that."""

from collections.abc import Iterator

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, SelectionSetNode
from graphql.execution.values import get_argument_values

from cms.targeting import TARGETING
from delivery.prefetch import Shown
from frontend_api.types.images import specs_asked

IMAGE_TYPE = "Image"
RENDITION_FIELDS = ("rendition", "srcSet")  # an Image's fields that read renditions


def shown(info: GraphQLResolveInfo) -> Shown:
    """What the query shows of content below the field being resolved, for :mod:`delivery.prefetch`."""
    return Shown(
        targeting=selects(info, *TARGETING), body=selects(info, "body"), seasonal_items=selects(info, "seasonalItems"),
        related_articles=selects(info, "relatedArticles"), renditions=rendition_specs(info),
    )


def selects(info: GraphQLResolveInfo, *names: str) -> bool:
    """Whether a field called one of ``names`` appears anywhere below the field being resolved, through fragments too."""
    return next(_fields_below(info, set(names)), None) is not None


def rendition_specs(info: GraphQLResolveInfo) -> frozenset[str]:
    """The filter spec of every rendition an image below the field being resolved is asked for, with the resolvers' defaults."""
    fields = info.schema.get_type(IMAGE_TYPE).fields
    specs = set()
    for node in _fields_below(info, set(RENDITION_FIELDS)):
        specs.update(specs_asked(node.name.value, get_argument_values(fields[node.name.value], node, info.variable_values)))
    return frozenset(specs)


def _fields_below(info: GraphQLResolveInfo, names: set[str]) -> Iterator[FieldNode]:
    for node in info.field_nodes:
        yield from _below(node.selection_set, names, info, set())


def _below(selection_set: SelectionSetNode | None, names: set[str], info: GraphQLResolveInfo, seen: set[str]) -> Iterator[FieldNode]:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode) and selection.name.value in names:
            yield selection
            continue
        if isinstance(selection, FragmentSpreadNode):
            fragment_name = selection.name.value
            if fragment_name in seen or fragment_name not in info.fragments:
                continue
            seen.add(fragment_name)
            selection = info.fragments[fragment_name]
        yield from _below(selection.selection_set, names, info, seen)
