"""End to end in a real browser: Debian's headless Chromium, driven by Selenium, against a live server.

They need Debian's chromium, chromium-driver and fonts-noto-cjk packages
(scripts/install-browser installs them; .ci/run does so in CI). Without them
these tests are skipped with a message saying so, except in CI, where they
fail. Screenshots are saved to tests/artifacts/ for a person to look at.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.db.models import Count
from django.test.testcases import LiveServerThread
from django.urls import reverse
from django.utils import timezone
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from wagtail.users.models import UserProfile

from calendars import almanac
from calendars.models import TasteCalendarPage
from calendars.selection import Period, Zoom
from campaigns.models import CampaignPage, Experiment, Variant
from cms.models import ArticleIndexPage, ArticlePage, ModerationState, UGCPost
from tests.test_experiment_report import COUNTS, count, quiet_campaign
from tests.test_translations import our_english_words

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).parent / "artifacts"
# Without the background-networking flags Chromium keeps calling home, and this
# machine's closed network refuses it.
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1600,1200",
]


@pytest.fixture
def live_url(db):
    """The demo world served over real HTTP, static files included.

    pytest-django's live_server would flush the database afterwards and take the
    session's demo world with it; Django's own server thread does not. On
    in-memory SQLite it shares the test's connection, so its writes roll back
    with the test.
    """
    connection = connections["default"]
    shared = {}
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        connection.inc_thread_sharing()
        shared["default"] = connection
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override=shared, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://127.0.0.1:{server.port}"
    server.terminate()
    if shared:
        connection.dec_thread_sharing()


def log_in(browser, live_url: str, username: str) -> None:
    """Signs in through the admin's own form as one of the demo's users (each one's password is moments-<name>)."""
    browser.get(f"{live_url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(f"moments-{username}")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_to_be(f"{live_url}/admin/"))


def skip_unless_the_server_shares_the_tests_rows(why: str) -> None:
    """Only on in-memory SQLite does the served admin share the test's connection (see ``live_url``): elsewhere
    it cannot see what the test wrote, and what it writes outlives the test."""
    connection = connections["default"]
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        pytest.skip(why)


@pytest.fixture
def browser():
    if not all(os.access(path, os.X_OK) for path in (CHROMIUM, CHROMEDRIVER)):
        missing = f"no headless Chromium at {CHROMIUM} and {CHROMEDRIVER}: run scripts/install-browser (as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager try to download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def test_an_editor_finds_a_campaign_bar_and_a_solar_term_on_the_demo_region_timeline(live_url, browser):
    log_in(browser, live_url, "editor")

    browser.find_element(By.CSS_SELECTOR, "a[href='/admin/marketing-calendar/']").click()
    filters = browser.find_element(By.CSS_SELECTOR, "[data-calendar-filters]")
    filters.find_element(By.CSS_SELECTOR, "select[name=region] option[value='CN-SH']").click()
    filters.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("region=CN-SH"))

    timeline = browser.find_element(By.CSS_SELECTOR, "[data-timeline]")
    campaign_bar = timeline.find_element(By.CSS_SELECTOR, "a.mc-bar[data-campaign]")
    assert campaign_bar.is_displayed() and campaign_bar.size["width"] > 0
    assert "/admin/pages/" in campaign_bar.get_attribute("href")
    quarter = Period.around(Zoom.QUARTER, timezone.localdate())
    terms_this_quarter = [day.name for day in almanac.solar_terms(quarter.start.year) if day.date in quarter]
    marker = timeline.find_element(By.CSS_SELECTOR, "[data-marker=solar_term]")
    assert marker.get_attribute("data-name") in terms_this_quarter
    assert timeline.find_element(By.CSS_SELECTOR, "[data-today]")
    assert timeline.find_elements(By.CSS_SELECTOR, ".mc-bar--season")  # the Shanghai edition is shown

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "marketing-calendar-timeline.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000


# Every label the timeline shows (festivals, solar terms, bars' names) with its box, whether its text is cut, and
# whether it stays on its track.
TIMELINE_LABELS = """
return Array.from(arguments[0].querySelectorAll('[data-label]')).map(function (label) {
    var box = label.getBoundingClientRect(), track = label.closest('.mc-track').getBoundingClientRect();
    return {
        text: label.textContent, left: box.left, right: box.right, top: box.top, bottom: box.bottom,
        cut: label.scrollWidth > label.clientWidth + 1, on_track: box.left >= track.left - 1 && box.right <= track.right + 1
    };
});
"""


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes intersect (by more than a rounding pixel)."""
    return [
        (a["text"], b["text"])
        for i, a in enumerate(labels) for b in labels[i + 1:]
        if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1 and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    ]


def assert_labels_readable(browser) -> list[dict]:
    timeline = browser.find_element(By.CSS_SELECTOR, "[data-timeline]")
    labels = browser.execute_script(TIMELINE_LABELS, timeline)
    assert labels and overlapping(labels) == []
    assert [label["text"] for label in labels if label["cut"] or not label["on_track"]] == []
    return labels


def test_the_calendar_labels_never_collide_at_quarter_and_year_zoom(live_url, browser):
    """The quarter around today (the demo's campaigns) and next year's first quarter, when the Spring Festival's days
    crowd together; then the year, also on a window so narrow that the track is at its narrowest."""
    log_in(browser, live_url, "editor")
    calendar = f"{live_url}/admin/marketing-calendar/?region=CN-SH"
    ARTIFACTS.mkdir(exist_ok=True)

    today, campaign_bars = timezone.localdate(), {}
    next_spring = datetime.date(today.year + 1, 2, 1)
    for day, screenshot in ((today, "marketing-calendar-quarter.png"), (next_spring, "marketing-calendar-quarter-spring.png")):
        browser.get(f"{calendar}&zoom={Zoom.QUARTER}&date={day}")
        labels = assert_labels_readable(browser)
        quarter = Period.around(Zoom.QUARTER, day)
        shown = {label["text"] for label in labels}
        assert {day.name for day in almanac.days_between(quarter.start, quarter.end)} <= shown  # a quarter has room for every name
        assert browser.save_screenshot(str(ARTIFACTS / screenshot))
        campaign_bars[day] = browser.find_elements(By.CSS_SELECTOR, "[data-timeline] [data-campaign]")
    assert campaign_bars[today]  # the demo's campaigns run around today, whatever next spring holds

    browser.get(f"{calendar}&zoom={Zoom.YEAR}&date={timezone.localdate()}")
    assert_labels_readable(browser)
    assert browser.save_screenshot(str(ARTIFACTS / "marketing-calendar-year.png"))
    browser.set_window_size(900, 1200)
    assert_labels_readable(browser)
    hidden = browser.find_elements(By.CSS_SELECTOR, "[data-marker]:not(:has([data-label]))")
    assert all(marker.get_attribute("title").startswith(marker.get_attribute("data-name")) for marker in hidden)  # named in a tooltip
    assert (ARTIFACTS / "marketing-calendar-quarter.png").stat().st_size > 10_000


def test_graphiql_renders_and_runs_a_query_with_no_internet(live_url, browser, monkeypatch):
    """GraphiQL's assets are our own static files: on this machine, which has no internet, a CDN could not serve them."""
    monkeypatch.setattr("frontend_api.views.MomentsGraphQLView.graphiql", True)  # as DEBUG does; moments/urls.py reads it once
    browser.get(f"{live_url}/graphql/")
    editor = WebDriverWait(browser, 20).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".graphiql-container .graphiql-query-editor .CodeMirror"))
    )
    browser.execute_script("arguments[0].CodeMirror.setValue(arguments[1])", editor, "{ scenes { slug } }")
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    response = browser.find_element(By.CSS_SELECTOR, ".graphiql-response")
    WebDriverWait(browser, 10).until(lambda _: "bubble-tea-selfie" in response.text)
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert [error for error in errors if "/favicon.ico" not in error] == []  # no asset failed to load or its integrity check

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "graphiql.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000


def test_an_experiment_report_draws_its_charts(live_url, browser):
    skip_unless_the_server_shares_the_tests_rows("the served admin sees a test's uncommitted rows only on in-memory SQLite; that run covers it")
    experiment = Experiment(campaign=quiet_campaign(), name="Bouquet or basket", key="bouquet-or-basket", holdout_weight=1, goal="claim")
    experiment.variants = [Variant(key="b", name="Fruit bouquet", weight=1)]
    experiment.save()
    count(experiment, COUNTS)
    log_in(browser, live_url, "admin")

    browser.get(f"{live_url}/admin/snippets/campaigns/experiment/report/{experiment.pk}/")
    timeline = browser.find_element(By.CSS_SELECTOR, "svg[data-chart=timeline]")
    assert timeline.is_displayed() and timeline.size["width"] > 300
    bands = timeline.find_elements(By.CSS_SELECTOR, "polygon.xr-band")
    lines = timeline.find_elements(By.CSS_SELECTOR, "polyline.xr-line")
    assert len(bands) == len(lines) == 2 and all(band.size["height"] > 0 for band in bands)
    bars = browser.find_elements(By.CSS_SELECTOR, "svg[data-chart=bars] rect")
    assert len(bars) == 2 and bars[1].size["height"] > bars[0].size["height"] > 0  # b's 26.1% stands above the control's 9.8%
    assert "26.1%" in browser.find_element(By.CSS_SELECTOR, "[data-verdict=b]").text

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "experiment-report.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000


def test_an_editor_previews_the_app_at_a_chosen_time_persona_and_region(live_url, browser):
    evening = (timezone.localtime() + datetime.timedelta(days=1)).replace(hour=21, minute=0)
    log_in(browser, live_url, "editor")

    browser.find_element(By.CSS_SELECTOR, "a[href='/admin/moment-preview/']").click()
    fields = browser.find_element(By.CSS_SELECTOR, "[data-moment-fields=a]")
    browser.execute_script("arguments[0].value = arguments[1]", fields.find_element(By.NAME, "date"), evening.date().isoformat())
    browser.execute_script("arguments[0].value = '21:00'", fields.find_element(By.NAME, "time"))
    fields.find_element(By.CSS_SELECTOR, "select[name=region] option[value='CN-SH']").click()
    fields.find_element(By.CSS_SELECTOR, "input[name=personas][value='urban-white-collar-woman']").click()
    fields.find_element(By.CSS_SELECTOR, "input[name=drafts]").click()
    browser.find_element(By.CSS_SELECTOR, "[data-app-preview-form] button[type=submit]").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("personas=urban-white-collar-woman"))
    assert browser.find_element(By.CSS_SELECTOR, "[data-moment-fields=a] input[name=drafts]").is_selected()

    preview = browser.find_element(By.CSS_SELECTOR, "[data-moment-preview]")
    assert preview.find_element(By.CSS_SELECTOR, "[data-at]").get_attribute("data-at") == f"{evening.date().isoformat()}T21:00:00+08:00"
    first = preview.find_element(By.CSS_SELECTOR, "[data-item][data-rank='1']")
    assert first.is_displayed() and first.find_element(By.CSS_SELECTOR, ".ap-card__title").text
    assert first.find_element(By.CSS_SELECTOR, "[data-score]").text
    qr = preview.find_element(By.CSS_SELECTOR, "[data-qr] svg")
    assert qr.is_displayed() and qr.size["width"] >= 80
    assert "region=CN-SH" in preview.find_element(By.CSS_SELECTOR, "[data-app-url]").get_attribute("href")
    assert "drafts" not in preview.find_element(By.CSS_SELECTOR, "[data-app-url]").get_attribute("href")  # the app shows none
    assert preview.find_element(By.CSS_SELECTOR, "[data-drafts-note]").is_displayed()
    browser.execute_script("arguments[0].scrollIntoView()", preview)

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "app-preview.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000


def click_in_view(browser, element) -> None:
    """Clicked once it is in the window: the admin scrolls smoothly (to a focused field, say), and a click aimed
    while it scrolls lands on whatever has moved under the pointer."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    in_view = "const box = arguments[0].getBoundingClientRect(); return box.top >= 0 && box.bottom <= window.innerHeight"
    WebDriverWait(browser, 10).until(lambda _: browser.execute_script(in_view, element))
    element.click()


def press(browser, key: str) -> None:
    """A key pressed wherever the focus is, as a person at the keyboard would."""
    ActionChains(browser).send_keys(key).perform()


def test_a_moderator_approves_from_the_row_with_a_key_and_zooms_into_a_photo(live_url, browser):
    skip_unless_the_server_shares_the_tests_rows("the served admin's approval would outlive the test elsewhere than in-memory SQLite; that run covers it")
    post = UGCPost.objects.filter(moderation_state=ModerationState.PENDING).exclude(consent_channels=None).exclude(photos=None).first()
    log_in(browser, live_url, "moderator")

    browser.get(f"{live_url}/admin/snippets/cms/ugcpost/?moderation_state=pending")
    assert browser.find_element(By.CSS_SELECTOR, "[data-moderation-shortcuts]").is_displayed()
    cells = browser.find_elements(By.CSS_SELECTOR, "[data-moderation-row]")
    index = [cell.get_attribute("data-moderation-row") for cell in cells].index(str(post.pk))
    for _ in range(index + 1):
        press(browser, "j")
    current = browser.find_element(By.CSS_SELECTOR, "tr.moderation-current [data-moderation-row]")
    assert current.get_attribute("data-moderation-row") == str(post.pk)

    press(browser, "a")
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(current))
    # The next page may still be laying out when the old row goes: its message is shown once it has.
    assert WebDriverWait(browser, 10).until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".messages .success")))
    post.refresh_from_db()
    assert post.moderation_state == ModerationState.APPROVED
    assert not browser.find_elements(By.CSS_SELECTOR, f"[data-moderation-row='{post.pk}']")
    assert browser.find_elements(By.CSS_SELECTOR, "tr.moderation-current")  # the next post is current, in the same place

    press(browser, "z")
    lightbox = browser.find_element(By.CSS_SELECTOR, "[data-moderation-lightbox]")
    WebDriverWait(browser, 10).until(lambda _: lightbox.get_attribute("open") is not None)
    image = lightbox.find_element(By.CSS_SELECTOR, "img")
    WebDriverWait(browser, 10).until(lambda _: browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
    assert image.size["width"] > 300  # the photo large, not its 64-pixel thumbnail
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "moderation-lightbox.png"))
    press(browser, Keys.ESCAPE)
    WebDriverWait(browser, 10).until(lambda _: lightbox.get_attribute("open") is None)

    press(browser, "r")
    reason = browser.find_element(By.CSS_SELECTOR, "tr.moderation-current [data-moderation-reject] select")
    assert reason.is_displayed() and browser.switch_to.active_element == reason
    screenshot = ARTIFACTS / "moderation-queue.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000


def test_a_new_article_follows_its_chinese_title_in_pinyin_and_is_saved_once(live_url, browser):
    """Save draft right after typing races autosave's first save; either way one page is made."""
    skip_unless_the_server_shares_the_tests_rows("the served admin's pages are seen (and rolled back) by the test only on in-memory SQLite")
    log_in(browser, live_url, "editor")
    parent = ArticleIndexPage.objects.get()
    browser.get(f"{live_url}/admin/pages/add/cms/articlepage/{parent.pk}/")
    browser.find_element(By.NAME, "title").send_keys("大闸蟹上市了")
    slug = browser.find_element(By.NAME, "slug")
    WebDriverWait(browser, 10).until(lambda _: slug.get_attribute("value") == "da-zha-xie-shang-shi-le")
    browser.find_element(By.CSS_SELECTOR, "footer button[type=submit]:not([name])").click()  # Save draft

    WebDriverWait(browser, 20).until(expected_conditions.url_matches(r"/admin/pages/\d+/edit/$"))
    assert [page.slug for page in ArticlePage.objects.filter(title="大闸蟹上市了")] == ["da-zha-xie-shang-shi-le"]


def test_an_editor_filters_seasonal_items_by_pinyin_initials(live_url, browser):
    log_in(browser, live_url, "editor")
    campaign = CampaignPage.objects.get(slug="hairy-crab-season")
    browser.get(f"{live_url}/admin/pages/{campaign.pk}/edit/")
    browser.find_element(By.ID, "tab-label-planning_targeting").click()
    items = browser.find_element(By.CSS_SELECTOR, "[data-controller=moments-filter]:has(#id_seasonal_entries)")
    items.find_element(By.CSS_SELECTOR, "input[type=search]").send_keys("dzx")

    shown = [option.text for option in items.find_elements(By.CSS_SELECTOR, "[data-moments-filter-target=option]") if option.is_displayed()]
    assert shown and set(shown) == {"大闸蟹 (阳澄湖)"}
    editions = [group.find_element(By.TAG_NAME, "legend").text for group in items.find_elements(By.TAG_NAME, "fieldset") if group.is_displayed()]
    assert len(editions) == len(shown)  # one crab per edition, each under its edition

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "campaign-seasonal-items-filtered.png"
    browser.execute_script("arguments[0].scrollIntoView()", items)
    assert browser.save_screenshot(str(screenshot))


def test_an_editor_reads_the_largest_taste_calendar_month_by_month_and_opens_an_entry_from_its_bar(live_url, browser, editor):
    skip_unless_the_server_shares_the_tests_rows("the served admin reads the editor's language only on in-memory SQLite; that run covers it")
    edition = TasteCalendarPage.objects.annotate(size=Count("entries")).order_by("-size", "-year").first()
    crab = next(index for index, entry in enumerate(edition.entries.all()) if entry.item == "大闸蟹")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "zh-hans"
    profile.save()
    log_in(browser, live_url, "editor")

    browser.get(f"{live_url}{reverse('wagtailadmin_pages:edit', args=[edition.pk])}")
    grid = browser.find_element(By.CSS_SELECTOR, "[data-month-grid]")
    assert len(grid.find_elements(By.CSS_SELECTOR, "[data-grid-row]")) == edition.entries.count()
    heading = browser.find_element(By.CSS_SELECTOR, f"#inline_child_entries-{crab}-panel-heading")
    assert heading.text.startswith("大闸蟹（阳澄湖） · 9月")
    start = browser.find_element(By.ID, f"id_entries-{crab}-season_start")
    assert not start.is_displayed()  # folded under its heading

    bar = grid.find_element(By.CSS_SELECTOR, f'[data-grid-row="entries-{crab}"] [data-bar]')
    assert bar.is_displayed() and bar.size["width"] > 0
    bar.click()
    WebDriverWait(browser, 5).until(lambda _: start.is_displayed())
    assert browser.switch_to.active_element == start

    # An empty month before the season stretches it to that month's first day, and the bar and heading follow.
    width = bar.size["width"]
    august = grid.find_element(By.CSS_SELECTOR, f'[data-grid-row="entries-{crab}"] [data-month="8"]')
    click_in_view(browser, august)
    assert start.get_attribute("value") == f"{edition.year}-08-01"
    assert bar.size["width"] > width
    assert heading.text.startswith("大闸蟹（阳澄湖） · 8月–")

    # Related articles come from Wagtail's page chooser, which opens among the articles, several chosen at a time.
    entry = browser.find_element(By.ID, f"inline_child_entries-{crab}")
    for remove in entry.find_elements(By.CSS_SELECTOR, "[data-remove-page]"):
        remove.click()
    click_in_view(browser, entry.find_element(By.CSS_SELECTOR, "[data-choose-pages]"))
    boxes = WebDriverWait(browser, 10).until(
        lambda _: [box for box in browser.find_elements(By.CSS_SELECTOR, ".modal [data-multiple-choice-select]") if box.is_displayed()]
    )
    titles = [box.find_element(By.XPATH, "ancestor::tr").text for box in boxes[:2]]
    for box in boxes[:2]:
        box.click()
    browser.find_element(By.CSS_SELECTOR, ".modal [data-multiple-choice-submit]").click()
    chosen = WebDriverWait(browser, 10).until(lambda _: entry.find_elements(By.CSS_SELECTOR, "[data-chosen-page] a"))
    assert len(chosen) == 2 and all(link.text and link.text in title for link, title in zip(chosen, titles))
    assert len(entry.find_elements(By.CSS_SELECTOR, f"input[type=hidden][name='entries-{crab}-related_articles']")) == 2

    WebDriverWait(browser, 10).until(lambda _: not browser.find_elements(By.CSS_SELECTOR, ".modal-backdrop"))
    browser.execute_script("arguments[0].scrollIntoView({behavior: 'instant'})", grid)
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "taste-calendar-editor.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000


def test_a_chinese_editor_finds_what_needs_them_today_and_no_english_of_ours_on_the_main_screens(live_url, browser, editor):
    skip_unless_the_server_shares_the_tests_rows("the served admin reads the editor's language only on in-memory SQLite; that run covers it")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "zh-hans"
    profile.save()
    log_in(browser, live_url, "editor")

    today = browser.find_element(By.CSS_SELECTOR, "[data-today-panel]")
    assert today.is_displayed() and "今天需要你处理的事" in today.text
    for part in ("pending", "live", "going-live", "ending", "peaking"):
        assert today.find_element(By.CSS_SELECTOR, f"[data-today={part}]").is_displayed()
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "admin-home.png"))

    english = our_english_words()
    for screen in (
        "/admin/",
        reverse("wagtailadmin_pages:edit", args=[CampaignPage.objects.live().first().pk]),
        reverse(UGCPost.snippet_viewset.get_url_name("list")),
        "/admin/marketing-calendar/?region=CN-SH&zoom=quarter",
        "/admin/moment-preview/",
    ):
        browser.get(f"{live_url}{screen}")
        shown = set(browser.execute_script(SHOWN_TEXTS))
        assert shown & english == set(), screen


# The texts a person sees: text nodes under a rendered element, each squeezed to single spaces.
SHOWN_TEXTS = """
const texts = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.replace(/\\s+/g, " ").trim();
    if (text && node.parentElement.checkVisibility({visibilityProperty: true})) texts.push(text);
}
return texts;
"""
