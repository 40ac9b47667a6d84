from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

# What the app can see is kept in these apps' models, and in who may see a page.
SEEN_BY_THE_APP = ("cms", "campaigns", "calendars")
NOT_SEEN = {
    "MomentsRendition", "ModerationSettings", "UGCFlag", "MarketingCalendar", "CalendarFeed",
    "ExperimentEvent", "ExperimentDailyCount",  # what the app reports, not what it is shown
}


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery")

    def ready(self) -> None:
        """Every saved or deleted row the app could see is reindexed and gives the moment cache a new content version."""
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from delivery import index_sync
        from delivery.cache import bump_content_version

        index_sync.connect()  # first, so a version bumped after it names the reindexed content

        # Wagtail saves the base Page too: unpublishing in bulk, publish_scheduled, moving a page.
        models = [Page, PageViewRestriction] + [
            model
            for label in SEEN_BY_THE_APP
            for model in apps.get_app_config(label).get_models()
            if model.__name__ not in NOT_SEEN
        ]
        for model in models:
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"moment-cache-save-{model._meta.label}")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"moment-cache-delete-{model._meta.label}")
        m2m_changed.connect(bump_content_version, dispatch_uid="moment-cache-links")
        for name, signal in (("published", page_published), ("unpublished", page_unpublished), ("moved", post_page_move)):
            signal.connect(bump_content_version, dispatch_uid=f"moment-cache-page-{name}")
