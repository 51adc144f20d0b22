"""Browser fixtures: one headless Chromium per session, a fresh context and page per test, and a
guard that fails any test during which the page logged an error or broke the Content Security Policy."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

# Playwright's sync API drives its event loop from the main thread, so while a test runs Django
# sees a running loop there and refuses ORM calls made from the test body (fixtures, factories,
# assertions on the database) with SynchronousOnlyOperation. Nothing here is actually concurrent:
# the test body only touches the database between browser steps, and the live server answers
# requests in its own thread. Set at import time, before any test touches the ORM.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium phones home at start-up, and the closed network refuses its connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"

# Runs in every document before the page's own scripts; reports CSP violations to Python.
# Playwright evaluates init scripts through the DevTools protocol, so the page CSP does not block it.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile || event.documentURI}`
    + `:${event.lineNumber} (${(event.sample || "").slice(0, 80)})`
  );
});
"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CREATIVEPORTS_CHROMIUM", "/usr/bin/chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


class PageProblems:
    """Console errors, uncaught exceptions and CSP violations seen by the pages of one context."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.expected: list[re.Pattern[str]] = []

    def expect(self, pattern: str) -> None:
        """A problem this test causes on purpose (a refused request the browser logs, say)."""
        self.expected.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [item for item in self.items if not any(p.search(item) for p in self.expected)]

    def watch(self, context: BrowserContext) -> None:
        context.expose_function("__reportCspViolation", lambda text: self.items.append(f"CSP violation: {text}"))
        context.add_init_script(_CSP_LISTENER)
        context.on("page", self._watch_page)

    def _watch_page(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.items.append(f"Uncaught error on {page.url}: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.items.append(f"Console error on {message.page.url if message.page else '?'}: {message.text}")


@pytest.fixture
def page_problems() -> Iterator[PageProblems]:
    problems = PageProblems()
    yield problems
    unexpected = problems.unexpected()
    assert unexpected == [], "The browser reported problems:\n" + "\n".join(unexpected)


@pytest.fixture
def new_context(browser: Browser, page_problems: PageProblems) -> Iterator[Any]:
    """Make browser contexts (cookie jars) that are watched for problems and closed after the test."""
    contexts: list[tuple[BrowserContext, bool]] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(5_000)
        page_problems.watch(context)
        contexts.append((context, options.get("java_script_enabled", True)))
        return context

    yield make
    for context, scripts_run in contexts:
        if scripts_run:
            for open_page in context.pages:
                # Let violation reports queued by the last page reach Python before the context closes.
                open_page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 0))")
        context.close()


@pytest.fixture
def page(new_context: Any, live_server: Any) -> Page:
    """A fresh page in a fresh context; the live server is running."""
    return new_context().new_page()


@pytest.fixture
def axe_check() -> Any:
    """Run axe-core on the current page and return the serious and critical violations."""
    source = AXE_SOURCE.read_text()

    def check(page: Page) -> list[str]:
        # `evaluate` goes through the DevTools protocol and is not subject to the page CSP.
        page.evaluate(source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{violation['id']} ({violation['impact']}) at {[node['target'] for node in violation['nodes']]}"
            for violation in result["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]

    return check


@pytest.fixture
def screenshot() -> Any:
    RESULTS_DIR.mkdir(exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = RESULTS_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
