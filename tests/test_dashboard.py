"""The admin's home answers "what needs me today", with data built relative to the clock."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from calendars.models import SeasonalEntry
from campaigns.models import CampaignIndexPage, CampaignPage
from cms.models import ModerationState, Persona, Region, Scene, UGCPost

pytestmark = pytest.mark.django_db


def campaign(slug: str, starts: datetime.timedelta, ends: datetime.timedelta, persona: str = "genz-foodie") -> CampaignPage:
    now = timezone.now()
    page = CampaignPage(
        title=slug, slug=slug, hook="hook", live=False, go_live_at=now + starts, expire_at=now + ends,
        scenes=[Scene.objects.get(slug="friday-drink")], personas=[Persona.objects.get(slug=persona)],
        regions=[Region.objects.get(code="CN")],
    )
    CampaignIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()  # a go-live in the future schedules it; one in the past publishes it now
    return page


def sections(client) -> dict[str, str]:
    page = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = page.select_one("[data-today-panel]")
    return {} if panel is None else {part["data-today"]: part.get_text(" ", strip=True) for part in panel.select("[data-today]")}


def test_the_home_panel_lists_the_weeks_go_lives_endings_peaks_clashes_and_waiting_posts(admin_client):
    campaign("goes-live-friday", datetime.timedelta(days=3), datetime.timedelta(days=30))
    campaign("ends-tuesday", -datetime.timedelta(days=10), datetime.timedelta(days=4))
    campaign("ends-tuesday-too", -datetime.timedelta(days=2), datetime.timedelta(days=5))
    campaign("next-month", datetime.timedelta(days=12), datetime.timedelta(days=40))
    UGCPost.objects.filter(moderation_state=ModerationState.PENDING).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    waiting = UGCPost.objects.create(member_id="m-1", member_handle="等审核", text="等了很久", moderation_state=ModerationState.PENDING)
    UGCPost.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - datetime.timedelta(days=3, hours=2))
    entry = SeasonalEntry.objects.published().first()
    today = timezone.localdate()
    SeasonalEntry.objects.filter(pk=entry.pk).update(peak_start=today - datetime.timedelta(days=1), peak_end=today + datetime.timedelta(days=2))

    shown = sections(admin_client)
    assert "goes-live-friday" in shown["going-live"] and "next-month" not in shown["going-live"]
    assert "ends-tuesday" in shown["ending"] and "goes-live-friday" not in shown["ending"]
    assert "ends-tuesday" in shown["live"] and "goes-live-friday" not in shown["live"]
    assert entry.item in shown["peaking"]
    assert "ends-tuesday × ends-tuesday-too" in shown["clashes"]
    pending = UGCPost.objects.filter(moderation_state=ModerationState.PENDING).count()
    assert shown["pending"].startswith(f"{pending} member post") and "3\xa0days, 2\xa0hours" in shown["pending"]


def test_each_user_sees_only_what_they_may_act_on(client):
    moderator = User.objects.create_user("only-moderates", password="x")
    moderator.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="change_ugcpost"),
    )
    client.force_login(moderator)
    assert set(sections(client)) == {"pending"}
    nobody = User.objects.create_user("sees-nothing", password="x")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert sections(client) == {}
