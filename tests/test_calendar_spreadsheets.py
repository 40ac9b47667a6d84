"""Excel and CSV: export the filtered calendar, import seasonal entries with a dry run first."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Revision

from calendars.models import SeasonalEntry, TasteCalendarPage
from campaigns.models import CampaignPage
from cms.models import Region

pytestmark = pytest.mark.date_sensitive

EXPORT = "/admin/marketing-calendar/export/"
IMPORT = "/admin/marketing-calendar/import/"
YEAR = timezone.localdate().year
SHANGHAI_YEAR = f"region=CN-SH&zoom=year&date={YEAR}-01-01"


@pytest.fixture
def shanghai(db) -> TasteCalendarPage:
    return TasteCalendarPage.objects.get(region__code="CN-SH", year=YEAR)


def export_workbook(client, query: str = SHANGHAI_YEAR):
    response = client.get(f"{EXPORT}?{query}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def workbook_bytes(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, calendar, name: str, content: bytes, **extra):
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT, {"action": "preview", "calendar": calendar.pk, "file": file, **extra})


def entries_snapshot(calendar) -> list[tuple]:
    return list(SeasonalEntry.objects.filter(calendar=calendar).order_by("pk").values_list(
        "pk", "item", "variety", "season_start", "season_end", "peak_start", "peak_end", "tasting_notes",
    ))


def test_the_workbook_has_campaigns_seasons_and_the_almanac(editor_client, shanghai):
    book = export_workbook(editor_client)
    assert book.sheetnames == ["Campaigns", "Seasonal entries", "Festivals & solar terms"]
    campaigns = [row[0] for row in book["Campaigns"].iter_rows(min_row=2, values_only=True)]
    assert "坐上高铁去吃蟹" in campaigns
    seasons = list(book["Seasonal entries"].iter_rows(min_row=2, values_only=True))
    assert len(seasons) == shanghai.entries.count()
    assert isinstance(seasons[0][5], datetime.datetime)  # real date cells, not text
    terms = [row for row in book["Festivals & solar terms"].iter_rows(min_row=2, values_only=True) if row[2] == "Solar term"]
    assert len(terms) == 24
    assert {row[2] for row in seasons} <= {"Fruit", "Vegetable", "Seafood", "Meat & poultry", "Dish", "Tea & drinks", "Other"}


def link_both_crab_editions(campaign: CampaignPage) -> list[SeasonalEntry]:
    """The same item, 大闸蟹 (阳澄湖), in the Guangdong and the Shanghai edition."""
    crabs = list(SeasonalEntry.objects.filter(item="大闸蟹", calendar__year=YEAR, calendar__region__code__in=["CN-GD", "CN-SH"]))
    assert len(crabs) == 2 and {crab.variety for crab in crabs} == {"阳澄湖"}
    campaign.seasonal_entries.set(crabs)
    campaign.save()
    return crabs


def sheet_rows(sheet) -> list[dict]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in rows]


def test_a_chinese_admin_gets_the_workbook_in_chinese_with_each_item_named_with_its_edition(chinese_editor_client, shanghai):
    campaign = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    link_both_crab_editions(campaign)
    book = export_workbook(chinese_editor_client)
    assert book.sheetnames == ["活动", "应季条目", "节日与节气"]
    campaigns = {row["活动"]: row for row in sheet_rows(book["活动"])}
    crab = campaigns[campaign.title]
    assert crab["状态"] == "进行中" and crab["优先级"] == "高"
    guangdong, shanghai_name = Region.objects.get(code="CN-GD").name, Region.objects.get(code="CN-SH").name
    assert crab["应季品类"] == ", ".join(sorted(f"大闸蟹（阳澄湖，{region}版 {YEAR}）" for region in (guangdong, shanghai_name)))
    seasons = sheet_rows(book["应季条目"])
    assert list(seasons[0])[:5] == ["品类", "英文名", "类别", "品种", "产地"]
    assert "蔬菜" in {row["类别"] for row in seasons} <= {"水果", "蔬菜", "水产海鲜", "肉禽", "菜品", "茶饮", "其他"}
    kinds = {row["类型"] for row in sheet_rows(book["节日与节气"])}
    assert kinds == {"节气", "节日", "电商节"}
    assert not any(re.search(r"[A-Za-z]", str(value)) for value in [*crab.keys(), *kinds, *seasons[0].keys()])


def test_an_english_admin_reads_the_editions_too(editor_client, shanghai):
    campaign = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    link_both_crab_editions(campaign)
    rows = {row["Campaign"]: row for row in sheet_rows(export_workbook(editor_client)["Campaigns"])}
    assert rows[campaign.title]["Seasonal items"].count(f" edition {YEAR})") == 2


def test_a_workbook_exported_in_chinese_imports_back_unchanged(chinese_editor_client, shanghai):
    before = entries_snapshot(shanghai)
    content = workbook_bytes(export_workbook(chinese_editor_client))
    html = upload(chinese_editor_client, shanghai, "上海.xlsx", content).content.decode()
    assert f"将新增 0 条，修改 0 条，{len(before)} 条不变。" in html
    assert entries_snapshot(shanghai) == before


def test_csv_exports_one_table_each(editor_client):
    response = editor_client.get(f"{EXPORT}?{SHANGHAI_YEAR}&format=csv&table=campaigns")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Campaign", "Status", "Starts"]
    crab = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    row = next(row for row in rows if row[0] == crab.title)
    last_day = timezone.localdate(crab.expire_at) - datetime.timedelta(days=1)
    assert (row[2], row[3]) == (timezone.localdate(crab.go_live_at).isoformat(), last_day.isoformat())
    assert editor_client.get(f"{EXPORT}?{SHANGHAI_YEAR}&format=pdf").status_code == 400
    assert editor_client.get(f"{EXPORT}?region=XX&format=csv").status_code == 400


def test_excel_round_trip_export_then_dry_run_changes_nothing(editor_client, shanghai):
    before = entries_snapshot(shanghai)
    response = upload(editor_client, shanghai, "shanghai.xlsx", workbook_bytes(export_workbook(editor_client)))
    html = response.content.decode()
    assert response.status_code == 200, html
    assert f"0 to add, 0 to change, {len(before)} unchanged." in re.sub(r"\s+", " ", html)
    assert 'data-action="change"' not in html and 'data-action="add"' not in html
    assert "Apply these changes" not in html
    assert entries_snapshot(shanghai) == before


def test_csv_round_trip_changes_nothing_either(editor_client, shanghai):
    content = editor_client.get(f"{EXPORT}?{SHANGHAI_YEAR}&format=csv&table=seasons").content
    html = upload(editor_client, shanghai, "shanghai.csv", content).content.decode()
    assert f"0 to add, 0 to change, {shanghai.entries.count()} unchanged." in re.sub(r"\s+", " ", html)


def test_a_bad_row_is_reported_by_its_row_number_and_nothing_is_written(editor_client, shanghai):
    book = export_workbook(editor_client)
    sheet = book["Seasonal entries"]
    sheet["M5"] = None  # peak start
    sheet["I5"] = datetime.datetime(YEAR, 1, 1)  # season end before its start
    sheet["C7"] = "spaceship"  # no such category
    sheet.append(["新货", "", "fruit", "", "上海", datetime.datetime(YEAR, 3, 1), None, 0, datetime.datetime(YEAR, 4, 1)])
    before, revisions = entries_snapshot(shanghai), Revision.objects.count()
    response = upload(editor_client, shanghai, "broken.xlsx", workbook_bytes(book))
    html = response.content.decode()
    assert response.status_code == 400
    errors = re.findall(r'<li data-row="(\d+)">(.*?)</li>', html)
    rows = sorted({int(row) for row, _ in errors})
    assert rows == [5, 7], errors
    assert any("Row 7: Category" in message and "spaceship" in message for _, message in errors)
    assert "Apply these changes" not in html
    assert entries_snapshot(shanghai) == before and Revision.objects.count() == revisions
    # Applying without a checked file does nothing either.
    editor_client.post(IMPORT, {"action": "apply"})
    assert entries_snapshot(shanghai) == before and Revision.objects.count() == revisions


def test_an_anchored_date_that_disagrees_with_its_anchor_is_an_error(editor_client, shanghai):
    book = export_workbook(editor_client)
    sheet = book["Seasonal entries"]
    anchored = next(row for row in sheet.iter_rows(min_row=2) if row[6].value)  # "Starts at" set
    anchored[5].value = anchored[5].value + datetime.timedelta(days=3)
    html = upload(editor_client, shanghai, "moved.xlsx", workbook_bytes(book)).content.decode()
    assert f"Row {anchored[0].row}: season starts" in html and "clear one of the two" in html


def test_applying_an_import_as_an_editor_saves_a_draft_and_keeps_entry_ids(editor_client, shanghai):
    book = export_workbook(editor_client)
    sheet = book["Seasonal entries"]
    sheet["N2"] = "新的品鉴笔记"
    sheet.append(["枇杷", "Loquat", "水果", "白玉", "江苏苏州东山", datetime.datetime(YEAR, 5, 10), None, 0, datetime.datetime(YEAR, 6, 10)])
    item, variety = sheet["A2"].value, sheet["D2"].value or ""
    entry = SeasonalEntry.objects.get(calendar=shanghai, item=item, variety=variety)
    preview = upload(editor_client, shanghai, "edited.xlsx", workbook_bytes(book)).content.decode()
    assert "1 to add, 1 to change" in re.sub(r"\s+", " ", preview)
    response = editor_client.post(IMPORT, {"action": "apply"})
    assert response.status_code == 302
    shanghai.refresh_from_db()
    assert shanghai.has_unpublished_changes  # editors cannot publish: it waits as a draft
    assert SeasonalEntry.objects.get(pk=entry.pk).tasting_notes != "新的品鉴笔记"
    draft = shanghai.get_latest_revision_as_object()
    drafted = {(e.item, e.variety): e for e in draft.entries.all()}
    assert drafted[(item, variety)].pk == entry.pk and drafted[(item, variety)].tasting_notes == "新的品鉴笔记"
    assert drafted[("枇杷", "白玉")].category == "fruit"


def test_a_moderator_import_goes_live_and_campaign_links_survive(client, moderator, shanghai):
    client.force_login(moderator)
    linked = shanghai.entries.order_by("pk").first()
    campaign = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    campaign.seasonal_entries.add(linked)
    campaign.save()
    campaigns = set(linked.campaigns.values_list("pk", flat=True))
    assert campaigns
    book = export_workbook(client)
    sheet = book["Seasonal entries"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == linked.item and (r[3].value or "") == linked.variety)
    row[13].value = "更新后的笔记"
    upload(client, shanghai, "edited.xlsx", workbook_bytes(book))
    client.post(IMPORT, {"action": "apply"})
    linked.refresh_from_db()
    assert linked.tasting_notes == "更新后的笔记"
    assert set(linked.campaigns.values_list("pk", flat=True)) == campaigns
    assert set(CampaignPage.objects.filter(seasonal_entries=linked).values_list("pk", flat=True)) == campaigns


@pytest.mark.parametrize("name, content", [
    ("notes.xlsx", b"just some text"),
    ("photo.png", b"\x89PNG\r\n"),
    ("latin1.csv", "Item,Category\ncafé,fruit\n".encode("latin-1")),
    ("nul.csv", b"Item\x00,Category\n"),
])
def test_unreadable_files_are_refused_with_a_reason(editor_client, shanghai, name, content):
    before = entries_snapshot(shanghai)
    response = upload(editor_client, shanghai, name, content)
    assert response.status_code == 400
    assert "error-message" in response.content.decode() or "help-critical" in response.content.decode()
    assert entries_snapshot(shanghai) == before


def test_a_file_without_the_needed_columns_says_which_are_missing(editor_client, shanghai):
    response = upload(editor_client, shanghai, "wrong.csv", "Name,When\n蟹,秋天\n".encode())
    assert response.status_code == 400
    assert "Missing columns: Item, Category, Origin" in response.content.decode()


def test_reviewers_cannot_import(client, db, shanghai):
    client.force_login(User.objects.get(username="reviewer"))
    response = upload(client, shanghai, "x.csv", b"Item\n")
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_text_that_looks_like_a_formula_stays_text_and_round_trips(editor_client, shanghai, file_format):
    entry = shanghai.entries.first()
    SeasonalEntry.objects.filter(pk=entry.pk).update(tasting_notes='=HYPERLINK("http://example.com","点我")')
    if file_format == "xlsx":
        content = workbook_bytes(export_workbook(editor_client))
        cell = next(c for c in load_workbook(io.BytesIO(content))["Seasonal entries"]["N"] if str(c.value).startswith("=HYPER"))
        assert cell.data_type == "s"
    else:
        content = editor_client.get(f"{EXPORT}?{SHANGHAI_YEAR}&format=csv&table=seasons").content
        assert "'=HYPERLINK" in content.decode("utf-8-sig")
    html = upload(editor_client, shanghai, f"notes.{file_format}", content).content.decode()
    assert "0 to add, 0 to change" in re.sub(r"\s+", " ", html)


def test_control_characters_never_break_the_export_and_are_removed_where_text_comes_in(editor_client, shanghai):
    """One stray control character (pasted from another tool) made openpyxl refuse the whole workbook: a 500 for everyone."""
    entry = shanghai.entries.first()
    SeasonalEntry.objects.filter(pk=entry.pk).update(tasting_notes="鲜甜\x07多汁\x1b")  # as a raw update or an old row could hold
    book = export_workbook(editor_client)
    notes = [cell.value for cell in book["Seasonal entries"]["N"]]
    assert "鲜甜多汁" in notes
    entry.refresh_from_db()
    entry.tasting_notes, entry.item = "清甜\x00爽口", "杨梅\x0b"
    entry.full_clean()  # what the admin's form runs
    assert (entry.tasting_notes, entry.item) == ("清甜爽口", "杨梅")
