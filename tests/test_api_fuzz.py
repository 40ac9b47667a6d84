"""Fuzzing /graphql/: whatever a client sends, the answer is JSON and never a failure of ours.

Valid queries come from the exported schema (hypothesis-graphql), with the demo world's codes,
slugs and page sizes in most of their arguments, so that resolvers get past "unknown region" to
the code behind it; half of them name their hash too (automatic persisted queries). Around them:
the same queries with their arguments as variables of any JSON value, queries breaking one
schema rule, one argument set to a hostile literal (huge integers, null for a defaulted
argument, escapes of lone surrogates, deep nesting), bodies that are hardly GraphQL or JSON,
and mutations without credentials, in JSON and multipart. 2,200 requests, a quarter of the
queries over GET.

A 5xx, an ``INTERNAL`` error or an answer that is not a JSON object fails with the shrunk
request and the traceback the server logged. Hypothesis keeps failures in ``.hypothesis/`` and
tries them first on the next run.
"""

import base64
import dataclasses
import datetime
import hashlib
import json
from pathlib import Path
from urllib.parse import urlencode

import graphql
import hypothesis_graphql
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, nodes

from demo import data

pytestmark = pytest.mark.django_db

SCHEMA = graphql.build_schema((Path(__file__).resolve().parent.parent / "frontend_api" / "schema.graphql").read_text())

fuzzing = settings(
    deadline=None,
    # Without the explain phase, which re-runs a shrunk failure dozens of times, at up to a second a request.
    phases=[phase for phase in Phase if phase is not Phase.explain],
    # One test client and database for all of a test's examples: queries write at most the renditions they queue,
    # which the test's rollback removes, and mutations are refused before they could write.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Any instant, and the ends of the calendar and of the almanac's years in the zones furthest from the site's.
INSTANTS = st.datetimes(timezones=st.none() | st.timezones()).map(datetime.datetime.isoformat) | st.builds(
    lambda at, offset: at.isoformat() + offset,
    st.sampled_from([datetime.datetime.min, datetime.datetime.max, datetime.datetime(1901, 1, 1), datetime.datetime(2099, 12, 31, 23, 59, 59)]),
    st.sampled_from(["", "Z", "+14:00", "-12:00", "+08:00"]),
)
# What the demo world knows, by argument: most arguments get one, so that resolvers get past "unknown region".
_regions = [code for code, *_ in data.REGIONS]
_scenes = [slug for slug, *_ in data.SCENES]
_personas = [slug for slug, *_ in data.PERSONAS] + [code for *_, codes, _ in data.PERSONAS for code in codes]
_channels = [slug for slug, *_ in data.CHANNELS]
_campaigns = [slug for slug, *_ in data.CAMPAIGNS]
_slugs = [slug for slug, *_ in data.ARTICLES] + _campaigns
_cursors = [base64.b64encode(f"arrayconnection:{offset}".encode()).decode() for offset in (0, 4, 19, 99, -1, 9_999_999)]
_searches = ["大闸蟹", "荔枝", "dazhaxie", "dzx", "杨梅 仙居", "蟹*", '"', "%", "_", "CN-GD", "加班零食"]
WORDS = st.sampled_from(_regions + _scenes + _personas + _channels + _slugs + _cursors + _searches)
KNOWN_TEXT = {
    "region": st.sampled_from(_regions),
    **dict.fromkeys(["scene", "scenes"], st.sampled_from(_scenes)),
    **dict.fromkeys(["persona", "personas"], st.sampled_from(_personas)),
    **dict.fromkeys(["channel", "consentChannels"], st.sampled_from(_channels)),
    "slug": st.sampled_from(_slugs),
    "campaign": st.sampled_from(_campaigns),
    "after": st.sampled_from(_cursors),
    "query": st.sampled_from(_searches),
    **dict.fromkeys(["at", "activeAt"], INSTANTS),
    **dict.fromkeys(["date", "consentUntil"], st.dates().map(datetime.date.isoformat)),
}
NUMBERS = st.sampled_from([0, 1, 2, 5, 20, 99, 100, 101, 160, 320, 750, 1280, 1900, 2025, 2026, 2100, -1, 2**31 - 1, -(2**31)])
KNOWN_NUMBERS = {
    "first": st.integers(1, 100),
    "year": st.integers(2024, 2027),
    **dict.fromkeys(["width", "widths"], st.sampled_from([160, 320, 480, 640, 750, 960, 1080, 1280])),
}
SCALARS = {
    "DateTime": INSTANTS.map(nodes.String),
    "Date": st.dates().map(lambda day: nodes.String(day.isoformat())),
    "Time": st.times().map(lambda time: nodes.String(time.isoformat())),
    "Upload": st.text().map(nodes.String),
}
# Few depths, far apart, so that a failure shrinks to one well past a recursion limit, not to one on its edge, where
# it passes or fails with the stack it is called from. Hypothesis lets a test recurse 2,000 frames deeper than a
# server's 1,000: at 1,500 levels, what recurses twice per level fails here as it would at 500 there.
DEPTHS = st.sampled_from([1, 64, 512, 1500, 4096, 30_000])
METHODS = st.sampled_from(["POST", "POST", "POST", "GET"])
ANY_CHARACTER = st.characters(codec=None) | st.characters(categories=["Cs"])  # lone surrogates, often
ANY_TEXT = st.lists(ANY_CHARACTER).map("".join)  # st.text() would merge the two alphabets and lose the surrogates
# Values with lone surrogates now and then (the server refuses them before anything runs), names with them often.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(st.characters(codec=None)) | WORDS | INSTANTS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4),
    max_leaves=12,
)


def persisted(query) -> dict:
    """``extensions`` naming the query by its hash, as Apollo's automatic persisted queries do."""
    text = query if isinstance(query, str) else json.dumps(query)
    return {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()}}


@dataclasses.dataclass(frozen=True)
class Sent:
    """One request; printed as the reproducer when its answer fails."""

    method: str  # POST (JSON), GET, or MULTIPART (the GraphQL multipart request spec, with one file)
    query: object = None
    variables: object = None
    operation_name: object = None
    extensions: object = None
    body: bytes | None = None  # sent as is, for what json.dumps cannot make: a POST's body, a multipart request's operations
    files_map: object = None  # a multipart request's map

    def to(self, client):
        payload = {"query": self.query, "variables": self.variables, "operationName": self.operation_name, "extensions": self.extensions}
        # ensure_ascii, as a client's JSON library sends it: a lone surrogate travels as its JSON escape.
        body = self.body if self.body is not None else json.dumps(payload)
        if self.method == "POST":
            return client.post("/graphql/", body, content_type="application/json")
        if self.method == "MULTIPART":
            operations = body.decode("utf-8", "replace") if isinstance(body, bytes) else body  # a field's text, not its bytes
            photo = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0", content_type="image/jpeg")
            return client.post("/graphql/", {"operations": operations, "map": json.dumps(self.files_map), "0": photo})
        params = {name: value if isinstance(value, str) else json.dumps(value) for name, value in payload.items() if value is not None}
        # surrogatepass: a lone surrogate arrives as the bytes it would be, which are not UTF-8.
        return client.get(f"/graphql/?{urlencode(params, encoding='utf-8', errors='surrogatepass')}", HTTP_ACCEPT="application/json")


@pytest.fixture
def http(client):
    """The test client as a real server answers: a view's exception is a 500, its traceback logged."""
    client.raise_request_exception = False
    return client


def assert_answered(http, caplog, sent: Sent, statuses=range(500)) -> None:
    caplog.clear()
    response = sent.to(http)
    if _answered(response, statuses):
        return
    # The log's end: where the server's exception was raised (a RecursionError's traceback runs to a thousand frames).
    failure = AssertionError(f"{sent}\nHTTP {response.status_code}: {response.content[:2000]!r}\n{caplog.text[-6000:]}")
    # Hypothesis tells bugs apart by where their exceptions, and those they come from, were raised, and shrinks each;
    # the message above has the traceback already.
    failure.__context__ = next((record.exc_info[1] for record in caplog.records if record.exc_info), None)
    failure.__suppress_context__ = True
    raise failure


def _answered(response, statuses) -> bool:
    """With one of ``statuses``, a JSON object, and no error of ours."""
    if response.status_code not in statuses:
        return False
    try:
        payload = json.loads(response.content.decode("utf-8"))
    except ValueError:
        return False
    return isinstance(payload, dict) and all((error.get("extensions") or {}).get("code") != "INTERNAL" for error in payload.get("errors") or ())


# Valid queries, with the demo world's values ---------------------------------------------------------------------

# Without NUL, which is refused before anything runs; the hostile ones below send it.
_generated_queries = hypothesis_graphql.queries(SCHEMA, custom_scalars=SCALARS, allow_x00=False, print_ast=lambda document: document)


class _DemoValues(graphql.Visitor):
    """Gives strings and integers, most of them, a value the demo world knows for their argument or input field."""

    def __init__(self, draw):
        super().__init__()
        self.draw = draw
        self.name = None

    def enter_argument(self, node, *_):
        self.name = node.name.value

    enter_object_field = enter_argument

    def known(self, values: st.SearchStrategy, generated):
        # Seven in eight: a query reaches its resolvers' depths only when all of its arguments make sense.
        return generated if self.draw(st.integers(0, 7)) == 7 else self.draw(values)

    def enter_string_value(self, node, *_):
        return graphql.StringValueNode(value=self.known(KNOWN_TEXT.get(self.name, WORDS), node.value))

    def enter_int_value(self, node, *_):
        return graphql.IntValueNode(value=str(self.known(KNOWN_NUMBERS.get(self.name, NUMBERS), int(node.value))))

    def enter_null_value(self, node, *_):
        """``first: null`` replaces the default and is refused: mostly a page size instead."""
        if self.name not in KNOWN_NUMBERS:
            return None
        number = self.known(KNOWN_NUMBERS[self.name], None)
        return node if number is None else graphql.IntValueNode(value=str(number))


@st.composite
def valid_documents(draw) -> graphql.DocumentNode:
    return graphql.visit(draw(_generated_queries), _DemoValues(draw))


@st.composite
def valid_queries(draw) -> Sent:
    """Sent as they are, or with their hash as the app sends them (automatic persisted queries)."""
    query = graphql.print_ast(draw(valid_documents()))
    return Sent(draw(METHODS), query, extensions=draw(st.sampled_from([None, persisted(query)])))


# The same, with arguments as variables -------------------------------------------------------------------------


class _LiftArguments(graphql.Visitor):
    """Makes each argument a variable of the argument's type, remembering the literal's value."""

    def __init__(self, type_info: graphql.TypeInfo):
        super().__init__()
        self.type_info = type_info
        self.definitions, self.values = [], {}

    def enter_argument(self, node, *_):
        variable = graphql.VariableNode(name=graphql.NameNode(value=f"v{len(self.definitions)}"))
        type_node = graphql.parse_type(str(self.type_info.get_argument().type))
        self.definitions.append(graphql.VariableDefinitionNode(variable=variable, type=type_node))
        self.values[variable.name.value] = graphql.value_from_ast_untyped(node.value)
        return graphql.ArgumentNode(name=node.name, value=variable)


def with_variables(document: graphql.DocumentNode, draw) -> tuple[str, dict]:
    """The document's text with its arguments as variables, and their values: each its literal's or any JSON value."""
    type_info = graphql.TypeInfo(SCHEMA)
    lifting = _LiftArguments(type_info)
    (operation,) = graphql.visit(document, graphql.TypeInfoVisitor(type_info, lifting)).definitions
    operation = graphql.OperationDefinitionNode(
        operation=operation.operation, variable_definitions=tuple(lifting.definitions), directives=(), selection_set=operation.selection_set,
    )
    variables = {name: draw(st.just(value) | JSON_VALUES) for name, value in lifting.values.items()}
    return graphql.print_ast(graphql.DocumentNode(definitions=(operation,))), variables


@st.composite
def queries_with_variables(draw) -> Sent:
    return Sent(draw(METHODS), *with_variables(draw(valid_documents()), draw))


# One argument hostile --------------------------------------------------------------------------------------------


def _graphql_string(text: str) -> str:
    """A GraphQL string literal with everything in the BMP but printable ASCII escaped, lone surrogates included."""
    return '"' + "".join(char if " " <= char <= "~" and char not in '"\\' or ord(char) > 0xFFFF else f"\\u{ord(char):04x}" for char in text) + '"'


def _nested(inner: st.SearchStrategy[str], brackets=st.sampled_from([("[", "]"), ("{a: ", "}")])) -> st.SearchStrategy[str]:
    """``inner`` in brackets nested from once to past any parser's or recursive function's depth."""
    return st.builds(lambda depth, text, pair: pair[0] * depth + text + pair[1] * depth, DEPTHS, inner, brackets)


SCALAR_LITERALS = st.one_of(
    st.just("null"),
    st.integers().map(str),
    st.integers(2**31, 10**400).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1e400", "-0", "0.0", "true", "false", "JPEG", "SQUARE", "$undeclared", '""', '""""""']),
    WORDS.map(_graphql_string),
    INSTANTS.map(_graphql_string),
    st.sampled_from(
        ["0000-00-00", "2024-02-30", "９９９９-01-01", "+275760-09-13", "2024-06-01T25:00", "2024-06-01T12:00+99:00", "1900-12-31T23:59:59-23:59"]
    ).map(_graphql_string),
    ANY_TEXT.map(_graphql_string),
    st.text(st.characters(categories=["Cs", "Co", "Cc", "Cf"]), min_size=1, max_size=8).map(_graphql_string),
)
HOSTILE_LITERALS = SCALAR_LITERALS | _nested(SCALAR_LITERALS) | st.lists(SCALAR_LITERALS, max_size=5).map(lambda items: f"[{', '.join(items)}]")
PLACEHOLDER = "FUZZ_PLACEHOLDER"


class _ArgumentSites(graphql.Visitor):
    """Counts the fields that take arguments; gives the ``chosen`` one's argument ``argument_index`` the value :data:`PLACEHOLDER`."""

    def __init__(self, type_info: graphql.TypeInfo, chosen: int = -1, argument_index: int = 0):
        super().__init__()
        self.type_info, self.chosen, self.argument_index = type_info, chosen, argument_index
        self.count = 0

    def enter_field(self, node, *_):
        definition = self.type_info.get_field_def()
        if not definition or not definition.args:
            return None
        self.count += 1
        if self.count - 1 != self.chosen:
            return None
        names = list(definition.args)
        name = names[self.argument_index % len(names)]
        hostile = graphql.ArgumentNode(name=graphql.NameNode(value=name), value=graphql.EnumValueNode(value=PLACEHOLDER))
        arguments = [argument for argument in node.arguments or () if argument.name.value != name] + [hostile]
        return graphql.FieldNode(alias=node.alias, name=node.name, arguments=tuple(arguments), directives=node.directives, selection_set=node.selection_set)


def _argument_sites(document: graphql.DocumentNode, **choice) -> tuple[graphql.DocumentNode, int]:
    type_info = graphql.TypeInfo(SCHEMA)
    sites = _ArgumentSites(type_info, **choice)
    return graphql.visit(document, graphql.TypeInfoVisitor(type_info, sites)), sites.count


@st.composite
def hostile_arguments(draw) -> Sent:
    """A valid query with one argument, given or not, set to a hostile literal."""
    document, count = _argument_sites(draw(valid_documents()))
    if count:
        document, _ = _argument_sites(document, chosen=draw(st.integers(0, count - 1)), argument_index=draw(st.integers(0, 6)))
    else:
        document = graphql.parse(f"{{ moment(first: {PLACEHOLDER}) {{ at }} }}")
    return Sent(draw(METHODS), graphql.print_ast(document).replace(PLACEHOLDER, draw(HOSTILE_LITERALS)))


# Hardly GraphQL, hardly JSON -------------------------------------------------------------------------------------


def _body(*parts: str) -> bytes:
    return "".join(parts).encode()


RAW_BODIES = st.one_of(
    _nested(st.just("1"), st.just(("[", "]"))).map(lambda value: _body('{"query": "query($v: Int) { moment(first: $v) { at } }", "variables": {"v": ', value, "}}")),
    _nested(st.just("{}"), st.just(('{"a": ', "}"))).map(lambda value: _body('{"query": "{ channels { slug } }", "variables": ', value, "}")),
    st.integers(1, 20_000).map(lambda digits: _body('{"query": "query($v: Int) { moment(first: $v) { at } }", "variables": {"v": 1', "0" * digits, "}}")),
    st.binary(max_size=64).map(lambda junk: b'{"query": "{ search(query: \\"' + junk + b'\\") { totalCount } }"}'),
    st.sampled_from([b"\xef\xbb\xbf{}", '{"query": "{ channels { slug } }"}'.encode("utf-16"), b"null", b'{"query": null}', b'{"query": "{ channels { slug } }", "variables": {"\\ud800": 1}}']),
)


FILE_MAPS = st.one_of(
    st.just({"0": ["variables.v0.photos.0"]}),
    st.dictionaries(st.sampled_from(["0", "1"]), st.lists(st.text("variblesphot.0", max_size=30), max_size=3), max_size=2),
    JSON_VALUES,
)


@st.composite
def raw_bodies(draw) -> Sent:
    return Sent(draw(st.sampled_from(["POST", "MULTIPART"])), body=draw(RAW_BODIES), files_map=draw(FILE_MAPS))


@st.composite
def garbage(draw) -> Sent:
    """Random characters, deep nesting, persisted-query hashes, and every part of any shape."""
    query = draw(st.one_of(
        st.lists(ANY_CHARACTER, max_size=200).map("".join),
        st.text(st.sampled_from('{}[]()$!:@.,=|&"\\ \n#aq'), max_size=300),
        DEPTHS.map(lambda depth: "{" * depth + "}" * depth),
        DEPTHS.map(lambda depth: "{ moment " + "{ region " * depth + "}" * (depth + 1)),
        JSON_VALUES,
    ))
    extensions = draw(st.none() | st.just(persisted(query)) | JSON_VALUES | DEPTHS.map(lambda depth: "[" * depth + "]" * depth))
    method = draw(st.sampled_from(["POST", "POST", "GET", "MULTIPART"]))
    files_map = draw(FILE_MAPS) if method == "MULTIPART" else None
    return Sent(method, query, draw(st.none() | JSON_VALUES), draw(st.none() | ANY_TEXT | JSON_VALUES), extensions, files_map=files_map)


# Mutations, without credentials ----------------------------------------------------------------------------------

_generated_mutations = st.sampled_from(Mode).flatmap(
    lambda mode: hypothesis_graphql.mutations(SCHEMA, custom_scalars=SCALARS, mode=mode, print_ast=lambda document: document)
)


@st.composite
def mutations(draw) -> Sent:
    """``submitPost`` as hypothesis-graphql makes it, valid or breaking one rule, inline or with variables, in JSON or multipart."""
    document = draw(_generated_mutations)
    method = draw(st.sampled_from(["POST", "MULTIPART"]))
    files_map = draw(FILE_MAPS) if method == "MULTIPART" else None
    if draw(st.booleans()):
        return Sent(method, *with_variables(document, draw), files_map=files_map)
    return Sent(method, graphql.print_ast(document), files_map=files_map)


# The tests -------------------------------------------------------------------------------------------------------


@settings(fuzzing, max_examples=800)
@given(sent=valid_queries())
def test_valid_queries(http, caplog, sent):
    assert_answered(http, caplog, sent)


@settings(fuzzing, max_examples=300)
@given(sent=queries_with_variables())
def test_arguments_as_variables_of_any_value(http, caplog, sent):
    assert_answered(http, caplog, sent)


@settings(fuzzing, max_examples=300)
@given(query=hypothesis_graphql.queries(SCHEMA, custom_scalars=SCALARS, mode=Mode.NEGATIVE), method=METHODS)
def test_queries_breaking_a_schema_rule(http, caplog, query, method):
    assert_answered(http, caplog, Sent(method, query), statuses=range(400, 500))


@settings(fuzzing, max_examples=300)
@given(sent=hostile_arguments())
def test_hostile_arguments(http, caplog, sent):
    assert_answered(http, caplog, sent)


@settings(fuzzing, max_examples=100)
@given(sent=raw_bodies())
def test_bodies_that_are_hardly_json(http, caplog, sent):
    assert_answered(http, caplog, sent)


@settings(fuzzing, max_examples=200)
@given(sent=garbage())
def test_garbage(http, caplog, sent):
    assert_answered(http, caplog, sent)


@settings(fuzzing, max_examples=200)
@given(sent=mutations())
def test_mutations_without_credentials(http, caplog, sent):
    """Refused as unauthenticated, or earlier as invalid: nothing is stored, nothing fails."""
    assert_answered(http, caplog, sent, statuses=(400, 401))
