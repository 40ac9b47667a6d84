"""Shared content: taxonomy, images, PGC articles and UGC posts."""

from cms.models.images import MomentsImage, MomentsRendition
from cms.models.pages import ArticleIndexPage, ArticlePage, HomePage, SourceKind
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
from cms.models.ugc import ModerationState, UGCPhoto, UGCPost

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "Channel",
    "HomePage",
    "JourneyStage",
    "LifeStage",
    "ModerationState",
    "MomentsImage",
    "MomentsRendition",
    "Persona",
    "PersonaInterest",
    "PersonaSegmentCode",
    "Place",
    "Region",
    "RegionKind",
    "Scene",
    "SceneTimeWindow",
    "SourceKind",
    "UGCPhoto",
    "UGCPost",
]
