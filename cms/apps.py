from django.apps import AppConfig
from django.db.models.signals import post_save


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Moments CMS"

    def ready(self):
        from wagtail.models import Revision
        from wagtail.signals import page_published

        from cms import scheduling
        from cms.models import MomentsImage
        from cms.renditions import queue_on_save

        post_save.connect(queue_on_save, sender=MomentsImage, dispatch_uid="cms-renditions-on-save")
        post_save.connect(scheduling.on_revision_saved, sender=Revision, dispatch_uid="cms-scheduled-go-live")
        page_published.connect(scheduling.on_page_published, dispatch_uid="cms-scheduled-expiry")
