"""Query documents parsed and validated once per process, not once per request.

The app sends the same few documents on every screen with other variables.
Parsing and validating one costs more than answering it from the moment
cache, so each process keeps the last ``KEPT`` documents that passed. What
validation depends on is the key: the schema, the document's text, the rules
and the query limits they read. Documents that fail are checked anew each
time (they are rare, and keeping them would let anyone fill the cache), and
so are very long ones, which no app sends and which would hold the most
memory.

Validation runs in passes: the query limits first and alone, so a document
built to be huge (hundreds of aliases, fragments that double) is refused
before the spec's rules, some of which compare fields pairwise, spend longer
on it than the refusal takes.
"""

import functools

from django.conf import settings
from graphql import DocumentNode, GraphQLSchema, parse, validate
from graphene_django.settings import graphene_settings


KEPT = 256
# Characters. The app's own queries are a few hundred; a parsed document keeps every token, about 200 bytes
# per character, so this also bounds what a client sending many different documents can make a process hold.
LONGEST_KEPT = 4 * 1024


class InvalidDocument(Exception):
    """What fails, and the document when it parsed (a GET must still learn it may not mutate)."""

    def __init__(self, errors: list[Exception], document: DocumentNode | None = None):
        super().__init__(errors)
        self.errors = errors
        self.document = document


def checked(schema: GraphQLSchema, query: str, passes: tuple[tuple, ...]) -> DocumentNode:
    """The parsed document once it passes each pass of rules in turn; raises :class:`InvalidDocument` with what fails."""
    limits = tuple(sorted(settings.MOMENTS_API_LIMITS.items()))
    if len(query) > LONGEST_KEPT:
        return _check(schema, query, passes, limits)
    return _kept(schema, query, passes, limits)


def _check(schema: GraphQLSchema, query: str, passes: tuple[tuple, ...], limits: tuple) -> DocumentNode:
    """``limits`` is the part of the key validation reads from settings: the rules read them themselves."""
    try:
        document = parse(query, max_tokens=dict(limits)["max_tokens"])
    except Exception as error:  # noqa: BLE001 - a syntax error, too many tokens, or nesting too deep for the parser: the client's mistake
        raise InvalidDocument([error]) from None
    for rules in passes:
        if errors := validate(schema, document, rules, graphene_settings.MAX_VALIDATION_ERRORS):
            raise InvalidDocument(errors, document)
    return document


_kept = functools.lru_cache(maxsize=KEPT)(_check)  # lru_cache keeps no failures: they raise
