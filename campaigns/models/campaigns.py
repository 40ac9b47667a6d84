"""Hot-topic campaign pages: short-lived, targeted, scheduled.

A campaign's planning status is not a field editors keep in sync by hand.
Editors set the early stage (idea, planned); from then on Wagtail knows the
truth (a workflow in progress, a revision scheduled to go live, the page live
or expired), and :meth:`CampaignPageQuerySet.with_planning_status` reads it.
"""

import datetime
from collections.abc import Collection

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.models import Orderable, Page, PageManager, Revision, WorkflowState
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.choice_filter import FilterableCheckboxes
from cms.models import ModerationState
from cms.models.pages import MomentsPage
from cms.models.targeting import Targeted, targeting_panel
from cms.models.traditional import traditional_chinese_tab
from cms.plain_text import ControlCharactersRemoved
from cms.search import segmented
from cms.visibility import live_pages


class CampaignIndexPage(MomentsPage):
    template = "cms/section_page.html"
    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]

    class Meta:
        verbose_name = _("campaign index")


class PlanningStatus(models.TextChoices):
    IDEA = "idea", pgettext_lazy("planning status", "Idea")
    PLANNED = "planned", pgettext_lazy("planning status", "Planned")
    IN_REVIEW = "in_review", pgettext_lazy("planning status", "In review")
    APPROVED = "approved", pgettext_lazy("planning status", "Approved")
    LIVE = "live", pgettext_lazy("planning status", "Live")
    ENDED = "ended", pgettext_lazy("planning status", "Ended")


EDITOR_STAGES = [PlanningStatus.IDEA, PlanningStatus.PLANNED]


class PlanningStatusPanel(Panel):
    """The planning status in the words of the marketing calendar, the admin home and the export.

    The editor's stage field says "planned" while the calendar, reading the
    workflow and the schedule, already says "approved": the form shows both.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaigns/admin/planning_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            status = PlanningStatus(page.planning_status if page.pk else page.planning_stage)
            context.update(status=status, set_by_editor=status in EDITOR_STAGES)
            return context


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")


class CampaignPageQuerySet(PageQuerySet):
    def live_at(self, now: datetime.datetime | None = None, private: Collection[str] | None = None) -> "CampaignPageQuerySet":
        """Campaigns the app may show at ``now`` (:func:`cms.visibility.live_pages`)."""
        return live_pages(self, now, private)

    def with_planning_status(self, now=None) -> "CampaignPageQuerySet":
        """Annotate ``planning_status`` from Wagtail's publishing and workflow state."""
        now = now or timezone.now()
        page_type = ContentType.objects.get_for_model(Page)
        object_id = Cast(OuterRef("pk"), models.CharField())
        scheduled = Revision.objects.filter(base_content_type=page_type, object_id=object_id, approved_go_live_at__isnull=False)
        in_review = WorkflowState.objects.filter(
            base_content_type=page_type, object_id=object_id, status=WorkflowState.STATUS_IN_PROGRESS
        )
        return self.annotate(
            planning_status=Case(
                When(Q(expired=True) | Q(live=True, expire_at__lte=now), then=Value(PlanningStatus.ENDED.value)),
                When(live=True, then=Value(PlanningStatus.LIVE.value)),
                When(Exists(scheduled), then=Value(PlanningStatus.APPROVED.value)),
                When(Exists(in_review), then=Value(PlanningStatus.IN_REVIEW.value)),
                When(first_published_at__isnull=False, then=Value(PlanningStatus.ENDED.value)),
                default=F("planning_stage"),
                output_field=models.CharField(),
            )
        )


def seasonal_item_checkboxes() -> FilterableCheckboxes:
    """Seasonal items grouped by edition, the latest first, each with its season."""
    return FilterableCheckboxes(
        label=lambda entry: f"{entry.item} ({entry.variety})" if entry.variety else entry.item,
        group=lambda entry: entry.calendar.title,
        select_related=("calendar",),
        order_by=("-calendar__year", "calendar__title", "sort_order"),
    )


class CampaignPage(ControlCharactersRemoved, Targeted, MomentsPage):
    """A campaign riding a hot topic, a festival or a season."""

    hook = models.CharField(_("hook"), max_length=120, help_text=_("The one line that makes people stop scrolling."))
    summary = models.TextField(_("summary"), blank=True)
    call_to_action = models.CharField(
        _("call to action"), max_length=40, blank=True, help_text=_("The button's words, e.g. 立即领券; the app's own when blank."),
    )
    hero_image = models.ForeignKey(
        "cms.MomentsImage", verbose_name=_("hero image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    hot_topic = models.CharField(_("hot topic"), max_length=120, blank=True, help_text=_("What people are talking about."))
    hot_topic_url = models.URLField(_("hot topic source"), blank=True)
    hot_topic_broke_at = models.DateTimeField(_("hot topic broke at"), null=True, blank=True)
    planning_stage = models.CharField(
        _("planning stage"), max_length=20, default=PlanningStatus.IDEA,
        choices=[(stage.value, stage.label) for stage in EDITOR_STAGES],
        help_text=_("Later stages follow from the workflow and the publishing schedule."),
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    seasonal_entries = ParentalManyToManyField(
        "calendars.SeasonalEntry", blank=True, related_name="campaigns", verbose_name=_("seasonal items"),
    )
    title_hant = models.CharField(_("title in Traditional Chinese"), max_length=255, blank=True)
    hook_hant = models.CharField(_("hook in Traditional Chinese"), max_length=120, blank=True)
    summary_hant = models.TextField(_("summary in Traditional Chinese"), blank=True)
    call_to_action_hant = models.CharField(_("call to action in Traditional Chinese"), max_length=40, blank=True)
    written_in_traditional = ("title", "hook", "summary", "call_to_action")  # each with its <field>_hant (delivery/traditional.py)

    objects = PageManager.from_queryset(CampaignPageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("hook"),
        FieldPanel("summary"),
        FieldPanel("call_to_action"),
        FieldPanel("hero_image"),
        InlinePanel("slots", heading=_("Content slots"), label=_("slot")),
    ]
    planning_panels = [
        PlanningStatusPanel(heading=_("Planning status")),
        FieldRowPanel([FieldPanel("planning_stage"), FieldPanel("priority")]),
        MultiFieldPanel(
            [FieldPanel("hot_topic"), FieldRowPanel([FieldPanel("hot_topic_url"), FieldPanel("hot_topic_broke_at")])],
            heading=_("Hot topic"),
        ),
        FieldPanel("seasonal_entries", widget=seasonal_item_checkboxes()),
        targeting_panel(),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            traditional_chinese_tab(written_in_traditional),
            ObjectList(planning_panels, heading=_("Planning & targeting")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            # Go-live and expiry: Wagtail shows them in the Status side panel ("Set schedule"), not as a tab.
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = segmented(Page.search_fields + [
        index.SearchField("hook"),
        index.SearchField("summary"),
        index.SearchField("hot_topic"),
        index.SearchField("targeting_names"),
        index.FilterField("planning_stage"),
        index.FilterField("priority"),
    ])
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("campaign")

    @property
    def planning_status(self) -> str:
        """Set by ``with_planning_status()`` querysets; looked up once otherwise."""
        if "_planning_status" not in self.__dict__:
            statuses = type(self).objects.with_planning_status().filter(pk=self.pk)
            self._planning_status = statuses.values_list("planning_status", flat=True).get()
        return self._planning_status

    @planning_status.setter
    def planning_status(self, value: str) -> None:
        self._planning_status = value

    def refresh_from_db(self, *args, **kwargs) -> None:
        self.__dict__.pop("_planning_status", None)
        super().refresh_from_db(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.go_live_at and self.expire_at and self.expire_at <= self.go_live_at:
            raise ValidationError({"expire_at": _("A campaign cannot expire before it goes live.")})
        if (self.hot_topic_url or self.hot_topic_broke_at) and not self.hot_topic:
            raise ValidationError({"hot_topic": _("Say what the hot topic is.")})


class CampaignSlot(Orderable):
    """One place in a campaign's feed: a PGC article or an approved UGC post."""

    campaign = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="slots")
    article = models.ForeignKey("cms.ArticlePage", verbose_name=_("article"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    ugc_post = models.ForeignKey("cms.UGCPost", verbose_name=_("UGC post"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=120, blank=True, help_text=_("Why it is here, for other editors."))

    panels = [FieldRowPanel([FieldPanel("article"), FieldPanel("ugc_post")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("content slot")

    def clean(self) -> None:
        if bool(self.article_id) == bool(self.ugc_post_id):
            raise ValidationError(_("Choose either an article or a UGC post for each slot."))
        if self.ugc_post_id and self.ugc_post.moderation_state != ModerationState.APPROVED:
            raise ValidationError({"ugc_post": _("Only approved UGC posts can be placed in a campaign.")})

    @property
    def content(self):
        return self.article or self.ugc_post
