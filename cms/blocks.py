"""StreamField blocks of PGC article bodies.

Each block is something the app renders natively: the API (see the delivery
API) returns them as typed blocks, so keep their fields plain data.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "cms/blocks/image_with_caption.html"


class VideoBlock(blocks.StructBlock):
    """A video the app plays itself: short vertical clips from the brand's CDN or a platform."""

    url = blocks.URLBlock(help_text=_("Link to the video file or its platform page."))
    poster = ImageChooserBlock(required=False)
    caption = blocks.CharBlock(required=False, max_length=200)
    duration_seconds = blocks.IntegerBlock(required=False, min_value=1)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video.html"


class ProductCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120)
    sku = blocks.CharBlock(max_length=64, label=_("SKU"))
    price = blocks.DecimalBlock(min_value=0, max_digits=10, decimal_places=2, help_text=_("In yuan (CNY)."))
    unit = blocks.CharBlock(required=False, max_length=40, help_text=_("e.g. 500g, 4 只装"))
    image = ImageChooserBlock(required=False)

    class Meta:
        icon = "tag"
        label = _("Product card")
        template = "cms/blocks/product_card.html"


class StepsBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(choices=[("steps", _("Numbered steps")), ("tips", _("Tips"))], default="steps")
    title = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(blocks.TextBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Steps or tips")
        template = "cms/blocks/steps.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Rich text"))
    image = ImageWithCaptionBlock()
    video = VideoBlock()
    product = ProductCardBlock()
    steps = StepsBlock()
    quote = QuoteBlock()
