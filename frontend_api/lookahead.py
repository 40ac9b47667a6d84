"""What a query selects below a field, so resolvers load only that."""

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, SelectionSetNode

from cms.targeting import TARGETING
from delivery.prefetch import Shown


def shown(info: GraphQLResolveInfo) -> Shown:
    """What the query shows of content below the field being resolved, for :mod:`delivery.prefetch`."""
    return Shown(
        targeting=selects(info, *TARGETING), seasonal_items=selects(info, "seasonalItems"),
        related_articles=selects(info, "relatedArticles"),
    )


def selects(info: GraphQLResolveInfo, *names: str) -> bool:
    """Whether a field called one of ``names`` appears anywhere below the field being resolved, through fragments too."""
    return any(_below(node.selection_set, set(names), info, set()) for node in info.field_nodes)


def _below(selection_set: SelectionSetNode | None, names: set[str], info: GraphQLResolveInfo, seen: set[str]) -> bool:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode) and selection.name.value in names:
            return True
        if isinstance(selection, FragmentSpreadNode):
            fragment_name = selection.name.value
            if fragment_name in seen or fragment_name not in info.fragments:
                continue
            seen.add(fragment_name)
            selection = info.fragments[fragment_name]
        if _below(selection.selection_set, names, info, seen):
            return True
    return False
