"""Unions of the types of Django models."""

import graphene


class ModelUnion(graphene.Union):
    """A union whose member is found from the model of the object answered.

    graphene's default asks each member in turn whether the object is its
    own; a moment resolves a member for each of its items on every request.
    """

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, types=None, **options):
        super().__init_subclass_with_meta__(types=types, **options)
        cls._members_by_model = {member._meta.model: member for member in types or ()}

    @classmethod
    def resolve_type(cls, instance, info):
        return cls._members_by_model.get(type(instance)) or super().resolve_type(instance, info)
