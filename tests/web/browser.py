"""What the browser tests share: Debian's chromium driven by Playwright, the platform served on
a free port in a thread, a signed-in page, and where screenshots go."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from redceci.store.testing import TEST_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def require_chromium() -> None:
    """Skip (fail when ``CI=true``) with a clear message without Playwright or chromium."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "the playwright package is not installed (make install)"
    else:
        missing = "" if CHROMIUM.is_file() else f"{CHROMIUM} is missing (make install adds it)"
    if not missing:
        return
    message = f"browser tests need Playwright and Debian's chromium: {missing}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def shots_for(backend: str) -> Path:
    """The screenshot folder of one database backend."""
    folder = SHOTS / backend
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free loopback port; yields its URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()


def signed_in_page(browser: Any, url: str, email: str, *, phone: bool = False) -> Any:
    """A new browser context signed in as ``email`` (a 390 px phone or a 1280 px desktop)."""
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{url}/")
    assert page.url.endswith("/entrar")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("form[action='/entrar'] button[type=submit]")
    # Home, or where home sends the people of one centre (its operations page).
    page.wait_for_url(lambda u: u == f"{url}/" or u.startswith(f"{url}/operaciones/"))
    return page


def offline(page: Any) -> list[str]:
    """Let the page reach only the platform (127.0.0.1): any other request is aborted and its
    address recorded in the returned list, which an offline test asserts stays empty."""
    outside: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.context.route("**/*", guard)
    return outside
