"""Helpers for the page tests: the widget lives in an open shadow root, which Playwright's locators pierce."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

REPLY_TIMEOUT = 30_000
INTAKE_BUTTONS = ["havo", "Ik werk buiten het onderwijs", "basisschool", "Voltijd (overdag)"]


def textbox(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Je bericht")


def type_message(page: Page, text: str) -> None:
    textbox(page).fill(text)
    textbox(page).press("Enter")


def last_bot_turn(page: Page) -> Locator:
    return page.locator(".turn.bot").last


def wait_for_bot(page: Page, text: str) -> None:
    expect(page.locator(".turn.bot", has_text=text).last).to_be_visible(timeout=REPLY_TIMEOUT)


def click_button(page: Page, name: str) -> None:
    """Clicks the newest button with this name (older turns keep theirs)."""
    button = page.get_by_role("button", name=name, exact=True).last
    expect(button).to_be_visible(timeout=REPLY_TIMEOUT)
    button.click()


def intake_by_buttons(page: Page, place: str | None = "Zwolle") -> None:
    """The whole intake with taps; the place typed, or (``None``) the visitor taps that they would rather not say."""
    click_button(page, "Ik wil leraar worden")
    for name in INTAKE_BUTTONS:
        click_button(page, name)
    wait_for_bot(page, "In welke plaats")
    if place is None:
        click_button(page, "Zeg ik liever niet")
    else:
        type_message(page, place)


def advice_card(page: Page) -> Locator:
    card = page.locator("article.advice").last
    expect(card).to_be_visible(timeout=REPLY_TIMEOUT)
    return card


def conversation_id(page: Page) -> str:
    return page.evaluate("window.Routeadvies.conversationId()")


def serious_violations(page: Page, context: str | None = None) -> list[str]:
    """axe-core's serious and critical findings on the page (or within one element), as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
