"""Article bodies as typed blocks the app renders natively.

Each block of :class:`cms.blocks.ArticleBodyBlock` has a GraphQL type
implementing :class:`ArticleBlock`; query them with inline fragments
(``... on ProductBlock { sku price }``).
"""

import graphene

from frontend_api.rich_text import to_app_html
from frontend_api.types.images import Image


class ArticleBlock(graphene.Interface):
    id = graphene.String(required=True, description="Stable across edits of the article.")

    @classmethod
    def resolve_type(cls, block, info):
        return BLOCK_TYPES[block.block_type]


def _value(name: str):
    """Resolve a field from the StructBlock value of the block."""
    return lambda block, info: block.value.get(name)


class RichTextBlock(graphene.ObjectType):
    html = graphene.String(required=True, description="Internal links carry data-page-type and data-slug.")

    class Meta:
        interfaces = (ArticleBlock,)

    def resolve_html(block, info):
        return to_app_html(block.value.source)


class ImageBlock(graphene.ObjectType):
    class Meta:
        interfaces = (ArticleBlock,)

    image = graphene.Field(Image, resolver=_value("image"))
    caption = graphene.String(required=True, resolver=_value("caption"))


class VideoBlock(graphene.ObjectType):
    class Meta:
        interfaces = (ArticleBlock,)

    url = graphene.String(required=True, resolver=_value("url"))
    poster = graphene.Field(Image, resolver=_value("poster"))
    caption = graphene.String(required=True, resolver=_value("caption"))
    duration_seconds = graphene.Int(resolver=_value("duration_seconds"))


class ProductBlock(graphene.ObjectType):
    class Meta:
        interfaces = (ArticleBlock,)

    name = graphene.String(required=True, resolver=_value("name"))
    sku = graphene.String(required=True, resolver=_value("sku"))
    price = graphene.String(required=True, description='In yuan, as a decimal string: "39.90".')
    unit = graphene.String(required=True, resolver=_value("unit"))
    image = graphene.Field(Image, resolver=_value("image"))

    def resolve_price(block, info):
        return f"{block.value['price']:.2f}"


class StepsBlock(graphene.ObjectType):
    class Meta:
        interfaces = (ArticleBlock,)

    style = graphene.String(required=True, description='"steps" (numbered) or "tips".', resolver=_value("style"))
    title = graphene.String(required=True, resolver=_value("title"))
    items = graphene.List(graphene.NonNull(graphene.String), required=True, resolver=_value("items"))


class QuoteBlock(graphene.ObjectType):
    class Meta:
        interfaces = (ArticleBlock,)

    text = graphene.String(required=True, resolver=_value("text"))
    attribution = graphene.String(required=True, resolver=_value("attribution"))


BLOCK_TYPES = {
    "paragraph": RichTextBlock,
    "image": ImageBlock,
    "video": VideoBlock,
    "product": ProductBlock,
    "steps": StepsBlock,
    "quote": QuoteBlock,
}
