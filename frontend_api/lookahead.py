"""What a query selects below a field, so resolvers load only that."""

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, SelectionSetNode


def selects(info: GraphQLResolveInfo, name: str) -> bool:
    """Whether a field called ``name`` appears anywhere below the field being resolved, through fragments too."""
    return any(_below(node.selection_set, name, info, set()) for node in info.field_nodes)


def _below(selection_set: SelectionSetNode | None, name: str, info: GraphQLResolveInfo, seen: set[str]) -> bool:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode) and selection.name.value == name:
            return True
        if isinstance(selection, FragmentSpreadNode):
            fragment_name = selection.name.value
            if fragment_name in seen or fragment_name not in info.fragments:
                continue
            seen.add(fragment_name)
            selection = info.fragments[fragment_name]
        if _below(selection.selection_set, name, info, seen):
            return True
    return False
