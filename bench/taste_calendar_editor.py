"""How long the taste calendar editor takes to open: on the server, and in a browser until it can be used.

    .venv/bin/python bench/taste_calendar_editor.py [--articles 0] [--runs 5] [--browser-runs 3] [--no-browser]
                                                    [--keep] [--json bench/taste_calendar_editor.json]

Builds bench/taste_calendar_editor.sqlite3 (``DATABASE_URL`` measures another
database) with the demo world, plus ``--articles`` generated articles linked to
seasonal entries (bench/bulk_world.py), its images in
$TMPDIR/moments-bench-taste-calendar-media; ``--keep`` reuses them. Then opens the
edit view of the edition with the most entries, logged in as the editor, in
Chinese:

- server: the view through Django's full request stack (test client), median
  milliseconds, of the wall clock and of this process's CPU (steadier on a
  busy machine), SQL queries, bytes and form controls in the page;
- browser: Debian's headless Chromium (as tests/test_browser.py drives it)
  against a live server in this process: the first byte, DOMContentLoaded,
  the load event, and "interactive", the first moment after the load event
  that the page's main thread is free to answer a click (the admin's scripts
  run their set-up until then), each from the start of navigation.

A campaign's edit view, which none of this changes, is measured the same way
beside it: on a busy machine its figures say how much of the time is the
machine's. Prints the medians and writes them as JSON.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_env import use_production_like_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = ROOT / "bench" / "taste_calendar_editor.sqlite3"
# Kept beside the database, so a reused database's images and their sizes are found, not 404s slowing the page.
BENCH_MEDIA = Path(tempfile.gettempdir()) / "moments-bench-taste-calendar-media"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CONTROLS = {name: re.compile(rf"<{name}\b") for name in ("input", "select", "option", "textarea")}
# Called back on the first task the main thread runs after every task queued before it, the load's included.
MAIN_THREAD_FREE = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0));
"""
# The admin scrolls its main content, not the document.
PAGE_HEIGHT = "return Math.max(...[...document.querySelectorAll('html, body, main, form')].map((element) => element.scrollHeight))"
NAVIGATION = """
const [entry] = performance.getEntriesByType("navigation");
return {first_byte: entry.responseStart, dom_content_loaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd};
"""


def prepare(arguments) -> None:
    """The demo world with ``--articles`` more, made anew unless ``--keep`` finds it."""
    from django.core.management import call_command
    from django.db import connection

    from bench.bulk_world import prepare as generate

    if arguments.keep and BENCH_MEDIA.exists() and "calendars_tastecalendarpage" in connection.introspection.table_names():
        print("Reusing the database")
        call_command("migrate", verbosity=0)
        return
    dataset = argparse.Namespace(articles=arguments.articles, ugc=0, campaigns=0, keep=False)
    generate(dataset, random.Random(20261122))


def editor_reads_chinese() -> None:
    """The admin speaks the editor's language, Chinese, as it does for the brand's editors."""
    from django.contrib.auth.models import User
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(User.objects.get(username="editor"))
    profile.preferred_language = "zh-hans"
    profile.save()


def largest_edition():
    from django.db.models import Count

    from calendars.models import TasteCalendarPage

    return TasteCalendarPage.objects.annotate(size=Count("entries")).order_by("-size", "-year").first()


def measure_server(url: str, runs: int) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection, reset_queries
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="editor"))
    client.get(url)  # templates compiled, caches warm
    connection.force_debug_cursor = True
    timings, cpu = [], []
    for _ in range(runs):
        reset_queries()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    connection.force_debug_cursor = False
    html = response.content.decode()
    return {
        "median_ms": statistics.median(timings), "median_cpu_ms": statistics.median(cpu), "sql_queries": len(connection.queries), "bytes": len(response.content),
        "controls": {name: len(pattern.findall(html)) for name, pattern in CONTROLS.items()},
    }


class Browser:
    """Debian's headless Chromium, logged in as the editor, against a live server in this process."""

    def __enter__(self) -> "Browser":
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.test.testcases import LiveServerThread
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        from tests.test_browser import CHROMIUM_FLAGS

        self.server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        self.server.daemon = True
        self.server.start()
        self.server.is_ready.wait()
        if self.server.error:
            raise self.server.error
        os.environ["SE_OFFLINE"] = "true"
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(600)
        self.driver.set_script_timeout(600)
        self.base = f"http://127.0.0.1:{self.server.port}"
        self.driver.get(f"{self.base}/admin/login/")
        self.driver.find_element(By.NAME, "username").send_keys("editor")
        self.driver.find_element(By.NAME, "password").send_keys("moments-editor")
        self.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(self.driver, 30).until(expected_conditions.url_to_be(f"{self.base}/admin/"))
        return self

    def __exit__(self, *exception) -> None:
        self.driver.quit()
        self.server.terminate()

    def measure(self, path: str, runs: int) -> dict:
        driver = self.driver
        driver.get(self.base + path)  # static files in the browser's cache, as for an editor who has opened the admin before
        figures = []
        for _ in range(runs):
            driver.get("about:blank")
            driver.get(self.base + path)
            interactive = driver.execute_async_script(MAIN_THREAD_FREE)
            figures.append({**driver.execute_script(NAVIGATION), "interactive": interactive})
        medians = {f"{name}_ms": statistics.median(figure[name] for figure in figures) for name in figures[0]}
        return {**medians, "page_height_px": driver.execute_script(PAGE_HEIGHT)}


def print_server(label: str, server: dict) -> None:
    controls = ", ".join(f"{count} {name}" for name, count in server["controls"].items())
    print(f"{label:<10} server   median {server['median_ms']:7.0f} ms (CPU {server['median_cpu_ms']:5.0f} ms)   "
          f"SQL queries {server['sql_queries']:3}   {server['bytes'] / 1024:5.0f} KiB   {controls}")


def print_browser(label: str, browser: dict) -> None:
    print(f"{label:<10} browser  median first byte {browser['first_byte_ms']:5.0f} ms   DOMContentLoaded {browser['dom_content_loaded_ms']:5.0f} ms   "
          f"load {browser['load_ms']:5.0f} ms   interactive {browser['interactive_ms']:5.0f} ms   page {browser['page_height_px']} px tall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=0, help="generated articles beside the demo world's")
    parser.add_argument("--runs", type=int, default=5, help="server requests to take the median of")
    parser.add_argument("--browser-runs", type=int, default=3, help="page loads in Chromium to take the median of")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--keep", action="store_true", help="reuse the database")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "taste_calendar_editor.json")
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    use_production_like_settings(BENCH_DB, str(BENCH_MEDIA))
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()
    prepare(arguments)
    editor_reads_chinese()
    from campaigns.models import CampaignPage
    from cms.models import ArticlePage

    edition = largest_edition()
    pages = {"edition": f"/admin/pages/{edition.pk}/edit/", "reference": f"/admin/pages/{CampaignPage.objects.order_by('pk').first().pk}/edit/"}
    figures = {"edition": edition.title, "entries": edition.entries.count(), "articles": ArticlePage.objects.count(), "pages": pages}
    print(f"{figures['edition']}: {figures['entries']} entries, {figures['articles']} articles to relate; "
          f"the reference is a campaign's edit view, as busy a machine makes it")
    for label, path in pages.items():
        figures[label] = {"server": measure_server(path, arguments.runs)}
        print_server(label, figures[label]["server"])
    if not arguments.no_browser:
        with Browser() as browser:
            for label, path in pages.items():
                figures[label]["browser"] = browser.measure(path, arguments.browser_runs)
                print_browser(label, figures[label]["browser"])
    arguments.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nWrote {arguments.json}")


if __name__ == "__main__":
    main()
