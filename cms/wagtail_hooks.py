"""Admin registration: the taxonomy, UGC moderation and the article listing."""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import get_page_models
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms import moderation
from cms.filters import ArticleFilterSet, UGCPostFilterSet
from cms.forms import ChoiceSetWidget
from cms.models import ArticlePage, Channel, ModerationState, MomentsPage, Persona, Region, Scene, UGCPost
from cms.page_creation import OnePagePerFormViewSet
from cms.queue_actions import ApproveView, PhotoView, RejectView
from cms.slug_input import pinyin_slug_view
from cms.time_windows import WEEKDAY_CHOICES
from cms.views import (
    ApproveBulkAction,
    ConsentColumn,
    DecisionColumn,
    FlagsColumn,
    MemberHistoryColumn,
    PhotoThumbnailsColumn,
    RejectBulkAction,
    UGCPostIndexView,
)


class SceneViewSet(SnippetViewSet):
    model = Scene
    icon = "time"
    menu_label = _("Scenes")
    list_display = ["name", "slug", "place", "journey_stage"]
    list_filter = ["place", "journey_stage"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("journey_stage")]),
        InlinePanel(
            "time_windows",
            heading=_("When it happens"),
            label=_("time window"),
            min_num=1,
            panels=[
                FieldPanel("days", widget=ChoiceSetWidget(choices=WEEKDAY_CHOICES)),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            ],
        ),
    ]


class PersonaViewSet(SnippetViewSet):
    model = Persona
    icon = "user"
    menu_label = _("Personas")
    list_display = ["name", "slug", "life_stage", "age_band"]
    list_filter = ["life_stage"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("life_stage"),
                FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
                FieldPanel("interests"),
            ],
            heading=_("Traits"),
        ),
        InlinePanel("segment_codes", heading=_("CRM / CDP segment codes"), label=_("segment code")),
    ]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("code")]), FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")])]


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "mobile-alt"
    menu_label = _("Channels")
    list_display = ["name", "slug"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]), FieldPanel("description")]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 210
    items = (SceneViewSet, PersonaViewSet, RegionViewSet, ChannelViewSet)


class UGCPostViewSet(SnippetViewSet):
    model = UGCPost
    icon = "image"
    menu_label = _("UGC moderation")
    menu_order = 220
    add_to_admin_menu = True
    index_view_class = UGCPostIndexView
    index_template_name = "cms/admin/moderation_queue.html"
    list_display = [
        PhotoThumbnailsColumn("photos", label=_("Photos")),
        "__str__",
        DecisionColumn("decision", label=_("Decide")),
        FlagsColumn("flags", label=_("Flags")),
        MemberHistoryColumn("member_history", label=_("Member history")),
        ConsentColumn("consent", label=_("Reuse consent")),
        "moderation_state",
        "region",
        "campaign",
        "created_at",
    ]
    filterset_class = UGCPostFilterSet
    list_per_page = 30
    ordering = ["-created_at"]
    panels = [
        FieldRowPanel([FieldPanel("member_id"), FieldPanel("member_handle")]),
        FieldPanel("text"),
        InlinePanel("photos", heading=_("Photos"), label=_("photo"), min_num=1),
        FieldRowPanel([FieldPanel("region"), FieldPanel("campaign")]),
        FieldPanel("scenes"),
        MultiFieldPanel(
            [FieldPanel("consent_channels"), FieldPanel("consent_until")],
            heading=_("Reuse consent"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("moderation_state", read_only=True),
                FieldPanel("rejection_reason", read_only=True),
                FieldRowPanel([FieldPanel("moderated_by", read_only=True), FieldPanel("moderated_at", read_only=True)]),
            ],
            heading=_("Moderation (use Approve / Reject in the listing)"),
        ),
    ]

    @cached_property
    def menu_url(self):
        """The menu opens the queue: posts waiting for a decision."""
        return f"{super().menu_url}?moderation_state={ModerationState.PENDING}"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", ApproveView.as_view(), name="approve"),
            path("reject/<int:pk>/", RejectView.as_view(), name="reject"),
            path("photo/<int:pk>/", PhotoView.as_view(), name="photo"),
        ]


class ArticleListingViewSet(PageListingViewSet):
    model = ArticlePage
    icon = "doc-full"
    menu_label = _("Articles")
    menu_order = 200
    add_to_admin_menu = True
    filterset_class = ArticleFilterSet


register_snippet(TaxonomyGroup)
register_snippet(UGCPostViewSet)


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet("articles")


@hooks.register("register_admin_viewset")
def register_page_viewsets():
    """Our page types are created one page per editing form (:mod:`cms.page_creation`)."""
    return [OnePagePerFormViewSet(model=model) for model in get_page_models() if issubclass(model, MomentsPage)]


@hooks.register("register_admin_urls")
def register_pinyin_slug_url():
    return [path("pinyin-slug/", pinyin_slug_view, name="pinyin_slug")]


hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action(moderation.APPROVE_ACTION, _("Approve UGC post"), pgettext_lazy("moderation state", "Approved"))
    actions.register_action(moderation.REJECT_ACTION, _("Reject UGC post"), pgettext_lazy("moderation state", "Rejected"))
    actions.register_action(moderation.REJECT_UNREADABLE_ACTION, _("Reject UGC post whose photos cannot be read"), _("Rejected: photos unreadable"))
