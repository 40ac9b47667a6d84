"""Shared content: taxonomy, images, PGC articles and UGC posts."""

from cms.models.images import MomentsImage, MomentsRendition, collection_named
from cms.models.moderation_settings import ModerationSettings
from cms.models.page_creation import PageCreation
from cms.models.pages import ArticleIndexPage, ArticlePage, HomePage, MomentsPage, SourceKind
from cms.models.taxonomy import (
    Channel,
    JourneyStage,
    LifeStage,
    Persona,
    PersonaInterest,
    PersonaSegmentCode,
    Place,
    Region,
    RegionKind,
    Scene,
    SceneTimeWindow,
)
from cms.models.ugc import FlagKind, IncomingPhoto, ModerationState, UGCFlag, UGCPhoto, UGCPost

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "Channel",
    "FlagKind",
    "HomePage",
    "IncomingPhoto",
    "JourneyStage",
    "LifeStage",
    "ModerationSettings",
    "ModerationState",
    "MomentsImage",
    "MomentsPage",
    "MomentsRendition",
    "Persona",
    "PersonaInterest",
    "PersonaSegmentCode",
    "PageCreation",
    "Place",
    "Region",
    "RegionKind",
    "Scene",
    "SceneTimeWindow",
    "SourceKind",
    "UGCFlag",
    "UGCPhoto",
    "UGCPost",
    "collection_named",
]
