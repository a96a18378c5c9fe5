"""The embeddable widget on the hostile demo page, in a real headless Chromium against the real app and bot."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from tests.e2e.widget import (
    REPLY_TIMEOUT,
    advice_card,
    click_button,
    conversation_id,
    intake_by_buttons,
    serious_violations,
    textbox,
    type_message,
    wait_for_bot,
)

LAUNCHER = "Leraar worden?"
MARKUP = "<img src=x onerror=\"window.hacked=1\"><script>window.hacked=2</script>"


def open_demo(browser: Browser, bot, width: int = 1280, height: int = 900) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.on("dialog", lambda dialog: (setattr(page, "dialog_fired", True), dialog.dismiss()))
    page.goto(f"{bot.web_url}/demo")
    return page


@pytest.fixture
def demo(browser: Browser, bot) -> Page:
    page = open_demo(browser, bot)
    yield page
    page.context.close()


def open_widget(page: Page) -> None:
    page.get_by_role("button", name=LAUNCHER).click()
    expect(textbox(page)).to_be_focused()


def test_the_widget_defines_one_global_and_lives_in_a_shadow_root(demo: Page, screenshots):
    expect(demo.get_by_role("button", name=LAUNCHER)).to_be_visible()
    demo.screenshot(path=str(screenshots / "widget-closed.png"))
    assert demo.evaluate("document.querySelector('routeadvies-chat').shadowRoot !== null")
    assert demo.evaluate("Object.keys(window).filter(k => /routeadvies/i.test(k))") == ["Routeadvies"]


def test_an_intake_by_buttons_ends_in_the_advice_card(demo: Page, screenshots):
    open_widget(demo)
    intake_by_buttons(demo)
    card = advice_card(demo)
    expect(card).to_contain_text("Pabo voltijd")
    expect(card).to_contain_text("Hatseklas")
    expect(card.get_by_role("button", name="Afdrukken")).to_be_visible()
    card.scroll_into_view_if_needed()
    demo.screenshot(path=str(screenshots / "widget-open-advice.png"))


def test_an_intake_by_typing_ends_in_the_advice_card(demo: Page):
    open_widget(demo)
    for text, next_question in [("ik wil juf worden", "hoogste diploma"), ("havo", None),
                                ("ik werk in de zorg", None), ("basisschool", None), ("deeltijd", None)]:
        type_message(demo, text)
        if next_question:
            wait_for_bot(demo, next_question)
        else:
            demo.wait_for_timeout(200)
    wait_for_bot(demo, "In welke plaats")
    type_message(demo, "Zwolle")
    expect(advice_card(demo)).to_contain_text("Pabo deeltijd")


def test_the_advice_downloads_as_a_page_with_routes_desk_and_sources(demo: Page, tmp_path):
    open_widget(demo)
    intake_by_buttons(demo)
    card = advice_card(demo)
    with demo.expect_download(timeout=REPLY_TIMEOUT) as download:
        card.get_by_role("button", name="Downloaden").click()
    path = tmp_path / "routeadvies.html"
    download.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert "Pabo voltijd" in html and "Hatseklas" in html
    assert "Bron:" in html and "peildatum" in html


def test_print_opens_the_advice_page(demo: Page):
    open_widget(demo)
    intake_by_buttons(demo)
    card = advice_card(demo)
    with demo.context.expect_page(timeout=REPLY_TIMEOUT) as printed:
        card.get_by_role("button", name="Afdrukken").click()
    page = printed.value
    expect(page.get_by_role("heading", name="Jouw routeadvies: leraar worden")).to_be_visible(timeout=REPLY_TIMEOUT)
    expect(page.locator("body")).to_contain_text("Pabo voltijd")


def test_everything_works_with_the_keyboard_only(demo: Page):
    launcher = demo.get_by_role("button", name=LAUNCHER)
    for _ in range(30):  # the demo page has nothing else to focus: Tab reaches the launcher
        demo.keyboard.press("Tab")
        if demo.evaluate("document.activeElement && document.activeElement.tagName") == "ROUTEADVIES-CHAT":
            break
    expect(launcher).to_be_focused()
    demo.keyboard.press("Enter")
    expect(textbox(demo)).to_be_focused()
    demo.keyboard.type("ik wil leraar worden")
    demo.keyboard.press("Enter")
    wait_for_bot(demo, "hoogste diploma")
    havo = demo.get_by_role("button", name="havo", exact=True).last
    for _ in range(40):
        demo.keyboard.press("Shift+Tab")
        if havo.evaluate("b => b.getRootNode().activeElement === b"):
            break
    expect(havo).to_be_focused()
    demo.keyboard.press("Enter")
    wait_for_bot(demo, "werk")
    demo.keyboard.press("Escape")
    expect(textbox(demo)).to_be_hidden()
    expect(launcher).to_be_focused()


def test_a_reload_keeps_the_conversation(demo: Page):
    open_widget(demo)
    type_message(demo, "ik wil leraar worden")
    wait_for_bot(demo, "hoogste diploma")
    before = conversation_id(demo)
    demo.reload()
    expect(demo.locator(".turn.user", has_text="ik wil leraar worden")).to_be_visible()
    assert conversation_id(demo) == before
    click_button(demo, "havo")
    wait_for_bot(demo, "werk")


def route_socket(page: Page, bot, on_server_message=None) -> dict:
    """Puts the widget's socket through a switch the test controls: ``down`` refuses and cuts connections."""
    switch: dict = {"down": False, "routes": []}

    def handler(route: WebSocketRoute) -> None:
        if switch["down"]:
            route.close()
            return
        server = route.connect_to_server()
        if on_server_message is not None:
            server.on_message(lambda message: on_server_message(route, message))
        switch["routes"].append(route)

    page.route_web_socket(re.compile(r"/ws$"), handler)
    return switch


def cut(switch: dict) -> None:
    switch["down"] = True
    for route in switch["routes"]:
        route.close()
    switch["routes"].clear()


def test_a_network_drop_and_reconnect_loses_nothing(browser: Browser, bot):
    page = open_demo(browser, bot)
    switch = route_socket(page, bot)
    page.reload()
    open_widget(page)
    type_message(page, "ik wil leraar worden")
    wait_for_bot(page, "hoogste diploma")
    cut(switch)
    expect(page.get_by_role("status").filter(has_text="verbinding is weg")).to_be_visible(timeout=REPLY_TIMEOUT)
    click_button(page, "havo")  # sent while the network is down
    page.wait_for_timeout(1500)
    switch["down"] = False
    wait_for_bot(page, "werk")
    texts = [e.get("text") for e in bot.events(conversation_id(page)) if e["event"] == "user"]
    assert sum("havo" in text for text in texts) == 1, texts
    page.context.close()


def test_a_reply_lost_in_a_drop_arrives_after_the_reconnect_without_asking_twice(browser: Browser, bot):
    lost = {"done": False}

    def drop_first_reply(route: WebSocketRoute, message: str) -> None:
        if not lost["done"] and json.loads(message).get("type") == "bot" and "diploma" in message:
            lost["done"] = True
            route.close()  # the connection breaks just before the reply reaches the tab
            return
        route.send(message)

    page = open_demo(browser, bot)
    route_socket(page, bot, drop_first_reply)
    page.reload()
    open_widget(page)
    type_message(page, "ik wil leraar worden")
    wait_for_bot(page, "hoogste diploma")
    assert lost["done"]
    texts = [e.get("text") for e in bot.events(conversation_id(page)) if e["event"] == "user"]
    assert texts.count("ik wil leraar worden") == 1, texts
    page.context.close()


def test_on_a_phone_the_open_panel_fills_the_screen(browser: Browser, bot, screenshots):
    page = open_demo(browser, bot, width=320, height=640)
    open_widget(page)
    box = page.locator("#ra-panel").bounding_box()
    assert box and box["x"] == 0 and box["y"] == 0 and box["width"] == 320 and box["height"] == 640
    type_message(page, "ik wil leraar worden")
    wait_for_bot(page, "hoogste diploma")
    click_button(page, "havo")
    wait_for_bot(page, "werk")
    page.screenshot(path=str(screenshots / "widget-phone.png"))
    page.context.close()


def test_at_200_percent_zoom_the_panel_fits_and_works(browser: Browser, bot):
    page = open_demo(browser, bot, width=640, height=450)  # a 1280 x 900 screen at 200 % zoom
    open_widget(page)
    for name in ("Je bericht", "Stuur"):
        box = page.get_by_role("textbox" if name == "Je bericht" else "button", name=name).bounding_box()
        assert box and box["y"] + box["height"] <= 450 and box["x"] + box["width"] <= 640, name
    type_message(page, "ik wil leraar worden")
    wait_for_bot(page, "hoogste diploma")
    page.context.close()


def test_markup_from_the_visitor_and_the_bot_is_shown_as_text(browser: Browser, bot):
    page = open_demo(browser, bot)
    routes: list[WebSocketRoute] = []

    def handler(route: WebSocketRoute) -> None:
        route.connect_to_server()
        routes.append(route)

    page.route_web_socket(re.compile(r"/ws$"), handler)
    page.reload()
    open_widget(page)
    type_message(page, MARKUP)
    expect(page.locator(".turn.user").last).to_contain_text("<img src=x")
    expect(page.locator(".turn.bot").nth(1)).to_be_visible(timeout=REPLY_TIMEOUT)
    routes[-1].send(json.dumps({"type": "bot", "messages": [{"text": "Bot zegt " + MARKUP}]}))
    expect(page.locator(".turn.bot", has_text="Bot zegt <img")).to_be_visible()
    page.wait_for_timeout(500)
    shadow = "document.querySelector('routeadvies-chat').shadowRoot"
    assert page.evaluate(f"{shadow}.querySelectorAll('img, script').length") == 0
    assert page.evaluate("window.hacked") is None
    assert not getattr(page, "dialog_fired", False)
    page.context.close()


def test_links_open_in_a_new_tab_and_show_a_short_name(demo: Page):
    open_widget(demo)
    type_message(demo, "wat is een kopopleiding?")
    link = demo.locator(".turn.bot a[href^='https://']").first
    expect(link).to_be_visible(timeout=REPLY_TIMEOUT)
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in link.get_attribute("rel")
    assert "/" not in link.inner_text()


def test_starting_again_gives_a_new_conversation(demo: Page):
    open_widget(demo)
    type_message(demo, "ik wil leraar worden")
    wait_for_bot(demo, "hoogste diploma")
    before = conversation_id(demo)
    demo.get_by_role("button", name="Opnieuw beginnen").click()
    expect(demo.locator(".turn.user")).to_have_count(0)
    assert conversation_id(demo) != before


def test_the_open_widget_with_a_conversation_has_no_serious_accessibility_problems(demo: Page):
    open_widget(demo)
    type_message(demo, "wat is zij-instroom?")
    expect(demo.locator(".turn.bot").nth(1)).to_be_visible(timeout=REPLY_TIMEOUT)
    assert serious_violations(demo, "routeadvies-chat") == []


def test_the_advice_card_has_no_serious_accessibility_problems(demo: Page):
    open_widget(demo)
    intake_by_buttons(demo)
    advice_card(demo)
    assert serious_violations(demo, "routeadvies-chat") == []
