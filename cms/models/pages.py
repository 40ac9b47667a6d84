"""The page tree: a home page, and PGC articles under their index.

The site is headless: templates exist so editors can preview, while the app
reads everything through the GraphQL API.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import ArticleBodyBlock
from cms.models.targeting import Targeted, targeting_panel
from cms.models.traditional import traditional_chinese_tab
from cms.page_form import PageForm
from cms.plain_text import ControlCharactersRemoved
from cms.search import segmented
from cms.slugs import slug_for


class MomentsPage(Page):
    """Every page type of ours: edited with :class:`cms.page_form.PageForm`, slugs in pinyin."""

    base_form_class = PageForm

    class Meta:
        abstract = True

    def _set_core_field_defaults(self) -> None:
        # Wagtail would make an empty slug from the title in Unicode; ours is the
        # title's pinyin, for pages made outside the admin's form too.
        if not self.slug and (self.path or getattr(self, "_cached_parent_obj", None)):
            self.slug = slug_for("", self.title, self.get_parent(), self)
        super()._set_core_field_defaults()


class HomePage(MomentsPage):
    template = "cms/section_page.html"
    """The site root; its children are the sections editors work in."""

    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ArticleIndexPage", "campaigns.CampaignIndexPage", "calendars.TasteCalendarIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class ArticleIndexPage(MomentsPage):
    template = "cms/section_page.html"
    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ArticlePage"]

    class Meta:
        verbose_name = _("article index")


class SourceKind(models.TextChoices):
    BRAND = "brand", _("Brand team")
    CREATOR = "creator", _("Creator / KOL")


def today() -> datetime.date:
    return timezone.localdate()


class ArticlePage(ControlCharactersRemoved, Targeted, MomentsPage):
    """Professionally generated content (PGC): by the brand's team or a creator."""

    intro = models.TextField(_("summary"), max_length=300, help_text=_("One or two lines for feeds and push."))
    hero_image = models.ForeignKey(
        "cms.MomentsImage", verbose_name=_("hero image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices, default=SourceKind.BRAND)
    author_name = models.CharField(_("author"), max_length=80)
    author_handle = models.CharField(
        _("author handle"), max_length=80, blank=True, help_text=_("The creator's account, e.g. @小红书号."),
    )
    publish_date = models.DateField(_("publish date"), default=today, help_text=_("The date shown to readers."))
    title_hant = models.CharField(_("title in Traditional Chinese"), max_length=255, blank=True)
    intro_hant = models.TextField(_("summary in Traditional Chinese"), max_length=300, blank=True)
    body_hant = StreamField(
        ArticleBodyBlock(), verbose_name=_("body in Traditional Chinese"), blank=True,
        help_text=_("Replaces the whole body when filled in: write it only when the converted body will not do."),
    )
    written_in_traditional = ("title", "intro", "body")  # each with its <field>_hant (delivery/traditional.py)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("source_kind"), FieldPanel("publish_date")]),
                FieldRowPanel([FieldPanel("author_name"), FieldPanel("author_handle")]),
            ],
            heading=_("Source"),
        ),
        targeting_panel(),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            traditional_chinese_tab(written_in_traditional),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = segmented(Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("author_name"),
        index.SearchField("targeting_names"),
        index.FilterField("source_kind"),
        index.FilterField("publish_date"),
    ])

    parent_page_types = ["cms.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article (PGC)")
        verbose_name_plural = _("articles (PGC)")
