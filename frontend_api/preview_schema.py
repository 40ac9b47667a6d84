"""The preview endpoint's schema: one root field, reached only with a preview token."""

import graphene

from frontend_api.content_locale import locale_argument, localise
from frontend_api.preview import previewed_page
from frontend_api.types.blocks import BLOCK_TYPES
from frontend_api.types.calendars import TasteCalendarType
from frontend_api.types.content import ArticleType, CampaignType
from frontend_api.types.unions import ModelUnion


class PreviewContent(ModelUnion):
    class Meta:
        types = (ArticleType, CampaignType, TasteCalendarType)


class PreviewQuery(graphene.ObjectType):
    preview = graphene.Field(
        graphene.NonNull(PreviewContent), token=graphene.String(required=True), locale=locale_argument(),
        description="The draft a preview token names, as it stands in that revision.",
    )

    def resolve_preview(root, info, token):
        return previewed_page(token)


preview_schema = localise(graphene.Schema(query=PreviewQuery, types=list(BLOCK_TYPES.values())))
