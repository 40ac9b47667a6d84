"""Content in the script the app asks for: the ``locale`` argument of root fields.

A root field given ``locale: ZH_HANT`` (or ``ZH_HANT_HK``, ``ZH_HANT_TW``)
answers every text field below it in Traditional Chinese, as
:mod:`delivery.traditional` converts it or an editor wrote it. The text
fields are named here, and only their resolvers are wrapped, once, when the
schema is built: no other field pays for it. Everything else (slugs, ids,
codes, URLs, handles, SKUs, choice values) is served as stored; ``KEPT``
names those String fields, and a test checks that every String field of the
schema is in one list or the other, so a new field is a decision, not an
accident.
"""

from collections.abc import Callable

import graphene
from graphene.utils.str_converters import to_snake_case
from graphql import GraphQLResolveInfo

from delivery import traditional

ContentLocale = graphene.Enum(
    "ContentLocale", [(code.upper().replace("-", "_"), code) for code in traditional.LOCALES],
    description="The script text is answered in. ZH_HANS: as editors wrote it. ZH_HANT: Traditional Chinese in Taiwan's "
    "standard characters; ZH_HANT_HK: in Hong Kong's; ZH_HANT_TW: Taiwan's characters and vocabulary (软件 becomes 軟體). "
    "Text an editor wrote in Traditional Chinese is served as written to all three.",
)

# Text the app shows readers, by GraphQL type: converted (lists of strings too), or the editor's own.
TEXT = {
    "AlmanacDay": ("name",),
    "Article": ("title", "intro", "authorName"),
    "Campaign": ("title", "hook", "summary", "callToAction", "hotTopic"),
    "CampaignSlot": ("note",),
    "Channel": ("name", "description"),
    "Image": ("credit", "alt"),
    "ImageBlock": ("caption",),
    "MomentItem": ("reasons",),
    "Persona": ("name", "description", "interests"),
    "ProductBlock": ("name", "unit"),
    "QuoteBlock": ("text", "attribution"),
    "Region": ("name",),
    "Scene": ("name", "description"),
    "SeasonalEntry": ("item", "variety", "origin", "tastingNotes"),
    "StepsBlock": ("title", "items"),
    "TasteCalendar": ("title", "intro"),
    "UGCPost": ("text",),
    "VideoBlock": ("caption",),
}
HTML = {"RichTextBlock": ("html",)}  # the text between tags converted, the tags left alone
BLOCKS = {"Article": ("body",)}  # an editor's own body replaces the whole body, its blocks served as written

# String fields served as stored whatever the locale: identifiers, codes, addresses, choice values, numbers,
# what the client sent, messages (in Accept-Language's language), and members' own posts shown to their author.
KEPT = {
    "AlmanacDay": ("kind",),
    "Article": ("slug", "authorHandle", "source"),
    "Campaign": ("slug", "hotTopicUrl", "experiment", "variant"),
    "Channel": ("slug",),
    "Image": ("url", "placeholderColor", "srcSet"),
    "ImageBlock": ("id",),
    "Moment": ("unknownPersonas",),
    "MyPost": ("memberHandle", "text", "rejectionReason"),
    "PageInfo": ("startCursor", "endCursor"),
    "Persona": ("slug", "lifeStage", "segmentCodes"),
    "ProductBlock": ("id", "sku", "price"),
    "QuoteBlock": ("id",),
    "Region": ("code", "kind", "parentCode"),
    "Rendition": ("url",),
    "RichTextBlock": ("id",),
    "Scene": ("slug", "place", "journeyStage"),
    "SeasonalEntry": ("itemEn", "category"),
    "StepsBlock": ("id", "style"),
    "SubmissionError": ("field", "message", "file"),
    "TasteCalendar": ("slug",),
    "UGCPost": ("memberHandle",),
    "VideoBlock": ("id", "url"),
}
KEPT_EVERYWHERE = ("cursor",)  # of every connection's edges


def chosen(locale) -> str:
    """The locale code an argument's value names; null, like no argument, is Simplified."""
    return getattr(locale, "value", locale) or traditional.SIMPLIFIED


def locale_argument() -> ContentLocale:
    return ContentLocale(
        default_value=traditional.SIMPLIFIED,
        description="The script of the answer's text; ids, slugs and URLs never change.",
    )


class AsWritten:
    """A block of an editor's own Traditional body: its text is served as it stands."""

    __slots__ = ("block",)

    def __init__(self, block) -> None:
        self.block = block

    def __getattr__(self, name: str):
        return getattr(self.block, name)


def localise(schema: graphene.Schema) -> graphene.Schema:
    """``schema`` with its root fields' ``locale`` arguments obeyed by the text fields below them."""
    built = schema.graphql_schema
    for field in built.query_type.fields.values():
        if "locale" in field.args:
            field.resolve = _choosing_locale(field.resolve)
    for fields, wrap in ((TEXT, _text), (HTML, _html), (BLOCKS, _blocks)):
        for type_name, names in fields.items():
            if type_name in built.type_map:  # the preview schema holds fewer types
                for name in names:
                    field = built.type_map[type_name].fields[name]
                    field.resolve = wrap(field.resolve, to_snake_case(name))
    return schema


def locale_of(info: GraphQLResolveInfo) -> str:
    """The locale the root field this field is under was asked in."""
    path = info.path
    while path.prev is not None:
        path = path.prev
    return getattr(info.context, "moments_content_locales", {}).get(path.key, traditional.SIMPLIFIED)


def _choosing_locale(resolve: Callable) -> Callable:
    def resolve_in_locale(root, info, locale=traditional.SIMPLIFIED, **arguments):
        if not hasattr(info.context, "moments_content_locales"):
            info.context.moments_content_locales = {}
        info.context.moments_content_locales[info.path.key] = chosen(locale)  # by alias: each root field its own
        return resolve(root, info, **arguments)

    return resolve_in_locale


def _text(resolve: Callable, field: str, convert: Callable[[str, str], str] = traditional.text) -> Callable:
    def resolve_text(root, info, **arguments):
        value = resolve(root, info, **arguments)
        locale = locale_of(info)
        if not traditional.is_traditional(locale) or value is None or isinstance(root, AsWritten):
            return value
        if (own := traditional.written(root, field, locale)) is not None:
            return own
        return convert(value, locale) if isinstance(value, str) else [convert(item, locale) for item in value]

    return resolve_text


def _html(resolve: Callable, field: str) -> Callable:
    return _text(resolve, field, traditional.html)


def _blocks(resolve: Callable, field: str) -> Callable:
    def resolve_blocks(root, info, **arguments):
        own = traditional.written(root, field, locale_of(info))
        return [AsWritten(block) for block in own] if own is not None else resolve(root, info, **arguments)

    return resolve_blocks
