"""Security headers on every page of the running web app, and a strict Content-Security-Policy that the widget, the
kiosk, the take-home page, the privacy page and the agent console live with: a real Chromium reports no violation
while they are used."""

from __future__ import annotations

import requests
from playwright.sync_api import Browser, Page, expect

from bot.stores.advice_store import AdviceStore
from tests.e2e.helpdesk import new_agent
from tests.e2e.widget import REPLY_TIMEOUT, advice_card, conversation_id, type_message, wait_for_bot

ONE_SHOT = "ik ben 34, heb mbo 3, werk als onderwijsassistent en wil in deeltijd juf worden in Zwolle"
ADVICE = {"profiel": ["havo"], "routes": [{"naam": "Pabo voltijd"}], "loket": None, "gemaakt_op": "2026-11-29"}
# Collects every violation the page reports, from the first script on (events from the widget's shadow root bubble
# up to the document: they are composed).
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
}, true);
"""


def watched_page(browser: Browser, **context) -> Page:
    page = browser.new_context(**context).new_page()
    page.add_init_script(WATCH)
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    return page


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations") + page.console_errors


def test_every_page_has_the_security_headers(bot):
    token = AdviceStore(bot.advice_store_url).create(ADVICE).token
    for path in ["/", "/demo", "/kiosk?id=stand-1", f"/advies/{token}", "/agent/", "/agent/login", "/privacy",
                 "/widget.js"]:
        headers = requests.get(bot.web_url + path, timeout=30).headers
        policy = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        assert "frame-ancestors 'none'" in policy, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] in ("strict-origin-when-cross-origin", "no-referrer"), path
        assert headers["Permissions-Policy"] and headers["Cross-Origin-Opener-Policy"], path
        assert "Strict-Transport-Security" not in headers, f"{path}: the test app runs on plain http"


def test_the_widget_on_the_demo_page_runs_without_a_policy_violation(browser: Browser, bot):
    page = watched_page(browser, viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{bot.web_url}/demo")
        page.get_by_role("button", name="Leraar worden?").click()
        type_message(page, ONE_SHOT)
        advice_card(page)
        privacy = page.get_by_role("link", name="Privacy")
        assert privacy.get_attribute("href").endswith(f"/privacy?id={conversation_id(page)}")
        with page.context.expect_page(timeout=REPLY_TIMEOUT) as opened:
            privacy.click()
        statement = opened.value
        expect(statement.get_by_text(conversation_id(page))).to_be_visible()
        statement.close()
        assert violations(page) == []
    finally:
        page.context.close()


def test_the_chat_page_and_its_socket_run_without_a_policy_violation(browser: Browser, bot):
    page = watched_page(browser, viewport={"width": 800, "height": 900})
    try:
        page.goto(bot.web_url)
        type_message(page, "Hoi, ik wil leraar worden")
        wait_for_bot(page, "Wat is je hoogste diploma?")
        assert violations(page) == []
    finally:
        page.context.close()


def test_the_kiosk_with_its_qr_code_and_privacy_overlay_runs_without_a_policy_violation(browser: Browser, bot):
    page = watched_page(browser, viewport={"width": 1080, "height": 1600}, has_touch=True)
    try:
        page.goto(f"{bot.web_url}/kiosk?id=stand-3")
        type_message(page, ONE_SHOT)
        expect(advice_card(page).locator("img[data-link]")).to_be_visible(timeout=REPLY_TIMEOUT)
        page.wait_for_function("""() => {
          const img = document.querySelector('routeadvies-chat-inline').shadowRoot.querySelector('img[data-link]');
          return img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width === 240;
        }""", timeout=REPLY_TIMEOUT)  # the QR code loaded (img-src 'self') and sized through the CSSOM
        page.get_by_role("button", name="Privacy").click()
        overlay = page.get_by_role("dialog", name="Privacy: wat we bewaren van je gesprek")
        expect(overlay).to_be_visible()
        expect(overlay).to_contain_text(conversation_id(page))
        expect(overlay).to_contain_text("90 dagen na je laatste bericht")
        overlay.get_by_role("button", name="Sluiten").click()
        expect(overlay).to_be_hidden()
        assert violations(page) == []
    finally:
        page.context.close()


def test_the_take_home_page_and_the_console_run_without_a_policy_violation(browser: Browser, bot):
    token = AdviceStore(bot.advice_store_url).create(ADVICE).token
    name, password = new_agent(bot)
    page = watched_page(browser, viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{bot.web_url}/advies/{token}")
        page.evaluate("window.print = function () { window.__printed = true; }")
        page.get_by_role("button", name="Afdrukken").click()
        assert page.evaluate("window.__printed === true"), "the print button's script runs under the policy"
        page.goto(f"{bot.web_url}/agent/login")
        page.get_by_label("Naam").fill(name)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", name="Privacyverzoek")).to_be_visible()
        assert violations(page) == []
    finally:
        page.context.close()
