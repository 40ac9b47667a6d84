"""Errors the API answers with.

:class:`BadInput` is a mistake in what the client sent (an unknown region, a
width off the allow-list, a bad cursor). The view answers it with HTTP 400;
the GraphQL error carries ``extensions.code = "BAD_USER_INPUT"``.
"""

from graphql import GraphQLError


class BadInput(GraphQLError):
    def __init__(self, message: str):
        super().__init__(message, extensions={"code": "BAD_USER_INPUT"})
