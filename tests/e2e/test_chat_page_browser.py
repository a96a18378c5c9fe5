"""The chat page in a real headless Chromium: a visitor types, clicks a button and reads the answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs it (apt package 'chromium')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, bot) -> Page:
    context = browser.new_context(viewport={"width": 480, "height": 900})
    page = context.new_page()
    page.goto(bot.web_url)
    yield page
    context.close()


def send(page: Page, text: str) -> None:
    page.fill("#input", text)
    page.click("button[type=submit]")


def test_visitor_gets_the_first_intake_question(page: Page):
    send(page, "Hoi, ik wil leraar worden")
    expect(page.locator(".msg.bot").last).to_contain_text("Wat is je hoogste diploma?", timeout=30_000)


def test_visitor_can_answer_with_buttons_and_gets_a_route(page: Page, tmp_path_factory):
    send(page, "ik wil leraar worden")
    page.get_by_role("button", name="havo").click()
    page.get_by_role("button", name="Ik werk buiten het onderwijs").click()
    page.get_by_role("button", name="basisschool").click()
    page.get_by_role("button", name="Voltijd (overdag)").click()
    expect(page.locator(".msg.bot").last).to_contain_text("In welke plaats", timeout=30_000)
    send(page, "Zwolle")
    expect(page.locator(".msg.bot", has_text="Hatseklas").first).to_be_visible(timeout=30_000)
    expect(page.locator(".msg.bot", has_text="Pabo voltijd").first).to_be_visible()
    expect(page.locator(".msg.bot a[href='https://hatseklas.nl']")).to_have_count(1)
    page.screenshot(path=str(tmp_path_factory.mktemp("screens") / "chat.png"), full_page=True)


def test_markup_in_a_message_is_shown_as_text_not_run(page: Page):
    send(page, "<img src=x onerror=\"document.body.dataset.hacked='1'\">")
    expect(page.locator(".msg.user").last).to_contain_text("<img src=x")
    page.wait_for_timeout(500)
    assert page.evaluate("document.body.dataset.hacked") is None
