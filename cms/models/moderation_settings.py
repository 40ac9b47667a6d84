"""Moderation settings editors change in the admin, without a deployment."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="warning")
class ModerationSettings(BaseGenericSetting):
    sensitive_words = models.TextField(
        _("sensitive words"),
        blank=True,
        help_text=_(
            "One word or phrase per line, Chinese or English. A post containing one is flagged for review "
            "with the words named; the member's text is never changed. English words match whole words only."
        ),
    )

    class Meta:
        verbose_name = _("UGC moderation")

    def word_list(self) -> list[str]:
        return [line.strip() for line in self.sensitive_words.splitlines() if line.strip()]
