from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.db.models.signals import post_delete, post_save


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Moments CMS")

    def ready(self):
        from wagtail.models import Revision
        from wagtail.signals import page_published

        from cms import scheduling
        from cms.models import IncomingPhoto, MomentsImage
        from cms.orphan_files import delete_file_after_commit
        from cms.renditions import queue_on_save

        post_save.connect(queue_on_save, sender=MomentsImage, dispatch_uid="cms-renditions-on-save")
        post_delete.connect(delete_file_after_commit, sender=IncomingPhoto, dispatch_uid="cms-incoming-photo-file")
        post_save.connect(scheduling.on_revision_saved, sender=Revision, dispatch_uid="cms-scheduled-go-live")
        page_published.connect(scheduling.on_page_published, dispatch_uid="cms-scheduled-expiry")
