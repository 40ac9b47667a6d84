"""One planning-status vocabulary: the campaign form says what the marketing calendar and its export say."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from campaigns.models import CampaignPage, PlanningStatus
from tests.test_translations import visible_texts

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]  # they read the demo world, seeded relative to now


@pytest.fixture
def approved_but_staged_planned() -> CampaignPage:
    """A campaign its editor left at "planned" that the workflow and the schedule have approved."""
    return (
        CampaignPage.objects.with_planning_status()
        .filter(planning_status=PlanningStatus.APPROVED, planning_stage=PlanningStatus.PLANNED)
        .first()
    )


def test_the_campaign_form_says_the_status_the_calendar_says(chinese_editor_client, approved_but_staged_planned):
    campaign = approved_but_staged_planned
    page = chinese_editor_client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk])).content.decode()
    assert '<p data-planning-status="approved">' in page
    texts = visible_texts(page)
    assert "待上线" in texts and "策划状态" in texts
    assert "已策划" in texts  # the editor's stage, in the same words as everywhere
    assert not any("排期" in text for text in texts)

    go_live = timezone.localtime(campaign.go_live_at)
    export = chinese_editor_client.get(f"/admin/marketing-calendar/export/?zoom=year&date={go_live:%Y-%m-%d}&format=xlsx")
    rows = load_workbook(io.BytesIO(export.content))["活动"].iter_rows(min_row=2, values_only=True)  # in the admin's language
    assert [row[1] for row in rows if row[0] == campaign.title] == ["待上线"]


def test_every_planning_status_has_one_chinese_word():
    with translation.override("zh-hans"):
        words = [str(status.label) for status in PlanningStatus]
    assert words == ["创意", "已策划", "审核中", "待上线", "进行中", "已结束"]
