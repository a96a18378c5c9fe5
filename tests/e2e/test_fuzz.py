"""Bad input at scale against the running servers: well over 500 inputs (fuzz_inputs.py: empty, 100 KB, control
characters, lone surrogates, mixed scripts, emoji, RTL, SQL and template injection, HTML, Rasa's own syntax, format
strings, path traversal, malformed JSON, wrong content types) through Rasa's REST channel, the web app's chat and
advice APIs, the widget's socket and the agent console.

What must hold: no answer is a 5xx; a 4xx of a JSON endpoint carries a Dutch JSON ``error``; a 200 of the bot hides
no failure (the channels' and actions' own "er ging iets mis" answers count as one); a socket answers every frame
(an ``error`` frame or a reply) or closes cleanly, and no wait is without a timeout. Afterwards the servers are
healthy, the console lists and shows the fuzzed handover (its API, and its page in Chromium without a script error),
and the fuzzed conversations read back from Rasa's tracker.

Reproducible: the corpus is fixed, hypothesis runs derandomized without its database and without shrinking (a
failing example is reported as found; shrinking against live servers would take long), with a fixed number of
examples per channel. The conversation statistics (bot/stats) are fed by the event broker of the production profile,
which the embedded e2e servers do not have: their check hands the fuzzed conversations' events to the statistics'
consumer as the broker would.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Coroutine, Iterator, TypeVar

import aiohttp
import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from playwright.sync_api import Browser, expect

from bot.stats.consumer import handle
from bot.stats_cli import show_summary
from bot.stores.stats_store import StatsStore
from bot.web.conversations import MAX_FRAME
from bot.web.relay import UNREACHABLE
from tests.e2e import fuzz_inputs as fuzz
from tests.e2e.helpdesk import ALWAYS_OPEN, Agent, Visitor, new_agent, set_hours

T = TypeVar("T")
TIMEOUT = 30
# The channels' and the actions' own answer to an error they caught: a 200 that hides a failure.
HIDDEN_FAILURE = re.compile("iets mis|" + re.escape(UNREACHABLE))
# aiohttp's and sanic's own error texts are English: an error the app did not handle itself.
ENGLISH = re.compile(r"\b(the|exceeded|not found|not allowed|bad request|internal|invalid|error)\b", re.IGNORECASE)
# Shown on the page the fuzzed handover came from; kept (cleaned) with the handover for the console.
ODD_PAGE = ("https://www.example.nl/leraar?q={{7*7}}&x=<script>alert(1)</script>\u202eredaol\ud800\x00"
            + "\u00e9" * 600)

FUZZ = settings(derandomize=True, database=None, deadline=None, phases=(Phase.explicit, Phase.generate),
                suppress_health_check=list(HealthCheck), print_blob=False, max_examples=50)

SENT: Counter[str] = Counter()  # inputs per channel
LIMITED: Counter[str] = Counter()  # of which the rate limit answered (429: allowed, but not what is tested)
RETRIED: Counter[str] = Counter()  # of which a reply that hid a failure was asked once more (see ask())
HID = "the bot hid a failure:"
READ_BACK: list[str] = []  # conversations that got fuzzed text, read back from Rasa's tracker at the end
_numbers = itertools.count(1)


def fresh(channel: str) -> str:
    return f"fuzz-{channel}-{next(_numbers)}"


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(text)} chars)"


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs async code in a thread of its own: Playwright's sync API (browser tests of the session) holds the main
    thread's event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=600)


# --- what an answer may be ------------------------------------------------------------------------------------
def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def http_problem(channel: str, response: requests.Response, what: str, html: bool = False,
                 count: bool = True) -> str | None:
    """What is wrong with the answer to one bad input, or None. Counts the input for its channel."""
    SENT[channel] += count
    status = response.status_code
    if status == 429:
        LIMITED[channel] += 1
        return None
    if status >= 500:
        return f"{channel} {what}: {status} {response.text[:200]}"
    if status >= 400 and html:
        if 'lang="nl"' not in response.text:
            return f"{channel} {what}: {status} without a Dutch page: {response.text[:200]}"
    elif status >= 400:
        body = _json(response)
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, str) or not error.strip() or ENGLISH.search(error):
            return f"{channel} {what}: {status} without a Dutch JSON error: {response.text[:200]}"
    return None


def reply_problem(channel: str, response: requests.Response, what: str, count: bool = True) -> str | None:
    """As :func:`http_problem`; a 200 must be the bot's replies, none of them a hidden failure."""
    problem = http_problem(channel, response, what, count=count)
    if problem or response.status_code != 200:
        return problem
    replies = _json(response)
    if not isinstance(replies, list) or not all(isinstance(r, dict) for r in replies):
        return f"{channel} {what}: 200 that is no list of replies: {response.text[:200]}"
    return _hidden_failure(channel, what, replies)


def _hidden_failure(channel: str, what: str, replies: list[dict]) -> str | None:
    text = " ".join(str(r.get("text") or "") for r in replies)
    return f"{channel} {what}: {HID} {text[:200]}" if HIDDEN_FAILURE.search(text) else None


def ask(channel: str, url: str, payload: Any, what: str) -> tuple[requests.Response, str | None]:
    """Posts one input and judges the answer. A reply that hides a failure is asked once more: on a busy machine an
    action can miss the action guard's deadline (bot/action_guard.py), which is no fault of the input; a failure
    the input causes comes back the second time."""
    response = requests.post(url, json=payload, timeout=TIMEOUT)
    problem = reply_problem(channel, response, what)
    if problem and HID in problem:
        RETRIED[channel] += 1
        response = requests.post(url, json=payload, timeout=TIMEOUT)
        problem = reply_problem(channel, response, what, count=False)
    return response, problem


def found(problems: list[str | None]) -> list[str]:
    return [p for p in problems if p]


def rest_url(bot) -> str:
    return f"{bot.rasa_url}/webhooks/rest/webhook"


def post_raw(url: str, body: bytes, content_type: str | None, **kwargs: Any) -> requests.Response:
    headers = {**kwargs.pop("headers", {}), **({"Content-Type": content_type} if content_type else {})}
    return requests.post(url, data=body, headers=headers, timeout=TIMEOUT, **kwargs)


def corpus_messages() -> dict[str, Any]:
    return {**fuzz.TEXTS, **{f"value-{name}": value for name, value in fuzz.VALUES.items()}}


# --- Rasa's REST channel ----------------------------------------------------------------------------------------
def test_the_rest_channel_answers_every_text_and_value_of_the_corpus(bot):
    problems = []
    for name, message in corpus_messages().items():
        sender = fresh("rest")
        response, problem = ask("rest", rest_url(bot), {"sender": sender, "message": message}, name)
        problems.append(problem)
        if response.status_code == 200:
            READ_BACK.append(sender)
    assert found(problems) == []


def test_the_rest_channel_refuses_odd_senders_clearly(bot):
    problems = [ask("rest", rest_url(bot), {"sender": sender, "message": "hoi"}, f"sender {name}")[1]
                for name, sender in fuzz.ODD_SENDERS.items()]
    assert found(problems) == []


def test_a_lone_surrogate_in_the_sender_does_not_stop_rasa(bot):
    """It once did: Rasa's SQL tracker store exits the process on a ValueError (here UnicodeEncodeError)."""
    refused = requests.post(rest_url(bot), json={"sender": "a\ud800", "message": "hoi"}, timeout=TIMEOUT)
    assert refused.status_code == 400
    assert requests.get(f"{bot.rasa_url}/status", params={"token": bot.token}, timeout=TIMEOUT).status_code == 200


def test_the_rest_channel_answers_every_raw_body(bot):
    problems = [reply_problem("rest", post_raw(rest_url(bot), body, content_type), name)
                for name, body, content_type in fuzz.RAW_BODIES]
    assert found(problems) == []


@settings(FUZZ, max_examples=150)
@given(payload=fuzz.rest_payloads("fuzz-rest-generated"))
def test_the_rest_channel_survives_generated_payloads(bot, payload):
    assert ask("rest", rest_url(bot), payload, short(payload))[1] is None


# --- the web app's chat and advice APIs -------------------------------------------------------------------------
def test_the_chat_api_answers_every_text_and_value_of_the_corpus(bot):
    problems = []
    for name, message in corpus_messages().items():
        sender = fresh("chat")
        response, problem = ask("chat", f"{bot.web_url}/api/chat", {"sender": sender, "message": message}, name)
        problems.append(problem)
        if response.status_code == 200:  # not the 413 of a body over the web app's limit
            READ_BACK.append(sender)
    assert found(problems) == []


def test_the_chat_api_answers_every_raw_body_and_odd_sender(bot):
    url = f"{bot.web_url}/api/chat"
    problems = [reply_problem("chat", post_raw(url, body, content_type), name)
                for name, body, content_type in fuzz.RAW_BODIES]
    problems += [ask("chat", url, {"sender": sender, "message": "hoi"}, f"sender {name}")[1]
                 for name, sender in fuzz.ODD_SENDERS.items()]
    assert found(problems) == []


@settings(FUZZ, max_examples=80)
@given(payload=fuzz.rest_payloads("fuzz-chat-generated"))
def test_the_chat_api_survives_generated_payloads(bot, payload):
    assert ask("chat", f"{bot.web_url}/api/chat", payload, short(payload))[1] is None


def test_the_advice_api_answers_raw_bodies_and_odd_senders(bot):
    url = f"{bot.web_url}/api/advice"
    problems = [http_problem("advice", post_raw(url, body, content_type), name)
                for name, body, content_type in fuzz.RAW_BODIES]
    senders = {**fuzz.ODD_SENDERS, "no-conversation": fresh("advice"), "fuzzed-conversation": READ_BACK[0]
               if READ_BACK else "x", **{f"value-{k}": v for k, v in fuzz.VALUES.items()}}
    problems += [http_problem("advice", requests.post(url, json={"sender": sender}, timeout=TIMEOUT),
                              f"sender {name}") for name, sender in senders.items()]
    assert found(problems) == []


# --- the widget's socket ----------------------------------------------------------------------------------------
def ws_url(bot) -> str:
    return bot.web_url.replace("http://", "ws://") + "/ws"


def hello(sender: str, **fields: Any) -> dict:
    return {"type": "hello", "sender": sender, "channel": "widget", "page": "https://www.example.nl/leraar", **fields}


def _frame(frame: Any) -> str | bytes:
    return frame if isinstance(frame, str | bytes) else json.dumps(frame)


def _terminal(event: dict) -> bool:
    """The one answer every frame gets: an error, or the bot's reply to a message."""
    return event.get("type") == "error" or (event.get("type") == "bot" and "reply_to" in event)


async def _converse(url: str, first: Any, frames: list[Any], answers: int) -> tuple[list[dict], int | None]:
    """Opens a socket, sends ``first`` (the hello) and then ``frames``, and reads until ``answers`` terminal events
    arrived after the hello's, or the server closed. (events, close code or None while open). Every read has a
    timeout: a socket that hangs fails the test."""
    events: list[dict] = []
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url, timeout=TIMEOUT, receive_timeout=TIMEOUT) as socket:

            async def read() -> dict | None:
                message = await socket.receive(timeout=TIMEOUT)
                if message.type == aiohttp.WSMsgType.TEXT:
                    events.append(json.loads(message.data))
                    return events[-1]
                return None  # closed

            await (socket.send_bytes if isinstance(_frame(first), bytes) else socket.send_str)(_frame(first))
            greeting = await read()
            if greeting is None or greeting["type"] != "ready":
                if greeting is not None:  # an error frame, then the server closes
                    await read()
                return events, socket.close_code
            for frame in frames:
                data = _frame(frame)
                await (socket.send_bytes if isinstance(data, bytes) else socket.send_str)(data)
            seen = 0
            while seen < answers:
                event = await read()
                if event is None:
                    return events, socket.close_code
                seen += _terminal(event)
    return events, None


def converse(bot, first: Any, frames: list[Any] = (), answers: int = 0) -> tuple[list[dict], int | None]:
    return run(_converse(ws_url(bot), first, list(frames), answers))


def socket_problem(what: str, events: list[dict], closed: int | None, expected_answers: int,
                   count: int = 1) -> str | None:
    """An error or a reply for every frame (none hiding a failure), or a clean close. Counts ``count`` inputs."""
    SENT["socket"] += count
    if closed is not None and closed not in (1000, 1009):
        return f"socket {what}: closed with code {closed}"
    answers = [e for e in events if _terminal(e)]
    if closed is None and len(answers) < expected_answers:
        return f"socket {what}: {len(answers)} answers for {expected_answers} frames: {events[-3:]}"
    for event in answers:
        if event["type"] == "error" and (not isinstance(event.get("text"), str) or ENGLISH.search(event["text"])):
            return f"socket {what}: error frame without a Dutch text: {event}"
        if event["type"] == "bot" and _hidden_failure("socket", what, event.get("messages") or []):
            return _hidden_failure("socket", what, event["messages"])
        if event["type"] == "error" and HIDDEN_FAILURE.search(event.get("text", "")):
            return f"socket {what}: {HID} {event['text']}"
    return None


def exchange(bot, frames: list[Any], what: str) -> tuple[str | None, list[dict], int | None, str]:
    """A fresh conversation: hello, the frames, an answer to each. (problem, events, close code, sender). A reply
    that hides a failure is tried once more in another fresh conversation, as in :func:`ask`."""
    for attempt in (1, 2):
        sender = fresh("socket")
        events, closed = converse(bot, hello(sender), frames, len(frames))
        problem = socket_problem(what, events, closed, len(frames), count=len(frames) if attempt == 1 else 0)
        if attempt == 2 or not (problem and HID in problem):
            break
        RETRIED["socket"] += 1
    return problem, events, closed, sender


HELLOS: dict[str, Any] = {
    "not-json": "hallo",
    "empty-text": "",
    "binary": b"\x00\x01\xff",
    "deep-json": "[" * 30_000 + "]" * 30_000,
    "json-list": "[]",
    "json-null": "null",
    "message-first": {"type": "message", "id": "m1", "text": "hoi"},
    "no-type": {"sender": "fuzz-hello-a"},
    "type-upper": {"type": "HELLO", "sender": "fuzz-hello-b"},
    "no-sender": {"type": "hello"},
    **{f"sender-{name}": hello(sender) for name, sender in fuzz.ODD_SENDERS.items()},
    "channel-unknown": hello("fuzz-hello-c", channel="sms"),
    "channel-list": hello("fuzz-hello-d", channel=["widget"]),
    "kiosk-odd-id": hello("fuzz-hello-e", channel="kiosk", kiosk="../../x<script>"),
    "kiosk-object-id": hello("fuzz-hello-f", channel="kiosk", kiosk={"id": 1}),
    "page-javascript": hello("fuzz-hello-g", page="javascript:alert(1)"),
    "page-long": hello("fuzz-hello-h", page="https://x.nl/" + "a" * 50_000),
    "page-object": hello("fuzz-hello-i", page={"url": "https://x.nl"}),
    "page-odd": hello("fuzz-hello-j", page=ODD_PAGE),
    "extra-fields": hello("fuzz-hello-k", token="x", __proto__={"admin": True}, metadata={"agent": "x"}),
}


def test_every_odd_hello_gets_ready_or_a_dutch_error(bot):
    """Refused: an error frame and a clean close. Accepted: the socket answers a message."""
    problems = []
    for name, first in HELLOS.items():
        events, closed = converse(bot, first, [_message("m1", "ik wil leraar worden")], 1)
        problems.append(socket_problem(f"hello {name}", events, closed, 1))
        if not events or events[0]["type"] not in ("ready", "error"):
            problems.append(f"socket hello {name}: neither ready nor an error: {events} (closed {closed})")
        elif events[0]["type"] == "error" and closed is None:
            problems.append(f"socket hello {name}: refused but left open")
    assert found(problems) == []


def _message(message_id: str, text: Any) -> dict:
    return {"type": "message", "id": message_id, "text": text}


def test_the_socket_answers_every_text_and_value_of_the_corpus(bot):
    problems, group = [], []
    items = list(corpus_messages().items())
    for index, (name, text) in enumerate(items):
        frame = _message(f"c{index}", text)
        if len(json.dumps(frame)) > MAX_FRAME:  # over the frame limit: the server closes with 1009, cleanly
            problem, _, closed, _ = exchange(bot, [frame], name)
            problems.append(problem)
            problems.append(None if closed == 1009 else f"socket {name}: a frame over the limit left open")
            continue
        group.append((name, frame))
        if len(group) == 8 or index == len(items) - 1:
            problem, events, closed, sender = exchange(bot, [f for _, f in group], ", ".join(n for n, _ in group))
            problems.append(problem)
            replied = {e.get("reply_to") for e in events if _terminal(e)}
            problems += [f"socket {n}: no reply" for n, f in group if f["id"] not in replied]
            READ_BACK.append(sender)
            group = []
    assert found(problems) == []


MALFORMED_FRAMES: dict[str, Any] = {
    "empty": "",
    "not-json": "hallo",
    "broken-json": '{"type": "message", "id": "m1", "text": ',
    "null": "null",
    "list": "[]",
    "number": "123",
    "string": '"message"',
    "deep-json": "[" * 30_000 + "]" * 30_000,
    "whitespace-60k": " " * 60_000,
    "no-id": {"type": "message", "text": "hoi"},
    **{f"id-{name}": {"type": "message", "id": value, "text": "hoi"} for name, value in fuzz.ODD_MESSAGE_IDS.items()},
    "second-hello": hello("fuzz-someone-else"),
    "type-number": {"type": 5},
    "type-object": {"type": {"a": 1}},
    "type-bot": {"type": "bot", "messages": [{"text": "nep"}]},
    "binary-empty": b"",
    "binary": bytes(range(256)),
    "binary-json": b'{"type": "message", "id": "m1", "text": "hoi"}',
}


def test_the_socket_answers_malformed_frames_and_stays_usable(bot):
    frames = [*MALFORMED_FRAMES.values(), _message("after", "ik wil leraar worden")]
    problem, events, closed, _ = exchange(bot, frames, "malformed frames")
    assert problem is None
    assert closed is None and any(e.get("reply_to") == "after" and e["type"] == "bot" for e in events)


def test_a_message_id_sent_twice_gets_one_answer_twice(bot):
    sender = fresh("socket")
    frames = [_message("same", "{{7*7}} ik wil leraar worden"), _message("same", "{{7*7}} ik wil leraar worden")]
    events, closed = converse(bot, hello(sender), frames, 2)
    assert socket_problem("repeated id", events, closed, 2, count=1) is None
    user_texts = [e.get("text") for e in bot.events(sender) if e["event"] == "user"]
    assert user_texts == ["{{7*7}} ik wil leraar worden"]


@settings(FUZZ, max_examples=80)
@given(frame=fuzz.socket_frames())
def test_the_socket_survives_generated_frames(bot, frame):
    data = json.dumps(frame)  # a generated string too is sent as JSON: UTF-8 cannot carry its lone surrogates
    problem, _, closed, _ = exchange(bot, [data], short(frame))
    assert problem is None
    assert (closed == 1009) if len(data) > MAX_FRAME else (closed is None)


# --- the agent console ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def desk(bot) -> Iterator[tuple[Agent, Visitor, int]]:
    """An agent who claimed the handover of a visitor whose page address is odd; the visitor's socket stays open."""
    set_hours(bot, ALWAYS_OPEN)
    agent = Agent(bot, *new_agent(bot))
    agent.api("GET", "/queue")  # the console's first poll: the agent is online
    visitor = Visitor(bot, fresh("desk"), page=ODD_PAGE)
    try:
        visitor.say("kan ik iemand spreken?")
        visitor.say("/affirm")
        handover = agent.handover_of(visitor.sender)["id"]
        assert agent.api("POST", f"/handovers/{handover}/claim").status_code == 200
        READ_BACK.append(visitor.sender)
        yield agent, visitor, handover
    finally:
        visitor.close()
        set_hours(bot, None)


def console(agent: Agent, method: str, path: str, **kwargs: Any) -> requests.Response:
    """A request of the signed-in agent with the CSRF token; ``path`` is sent as written (odd ids included)."""
    headers = {"X-CSRF-Token": agent.csrf, **kwargs.pop("headers", {})}
    return agent.http.request(method, f"{agent.base}/agent/api{path}", headers=headers, timeout=TIMEOUT, **kwargs)


CONSOLE_ACTIONS = [("GET", "", None), ("POST", "/claim", None), ("POST", "/messages", {"text": "hoi"}),
                   ("POST", "/handback", None), ("POST", "/close", {"reason": "x"})]


# What a REST client may send as metadata: the channel's keys of the wrong type or too long, and an "agent".
ODD_METADATA = {"channel": {"a": 1}, "kiosk_id": ["x"], "page_url": "https://x.nl/\ud800\x00" + "a" * 1000,
                "button_title": 5, "agent": "nep-medewerker"}


def test_a_rest_client_with_odd_metadata_gets_into_the_queue(bot, desk):
    """It once did not: the action that queues the visitor stored the metadata's list and failed."""
    agent, _, _ = desk
    sender = fresh("rest-metadata")
    for text in ("kan ik iemand spreken?", "/affirm"):
        response, problem = ask("rest", rest_url(bot), {"sender": sender, "message": text, "metadata": ODD_METADATA},
                                text)
        assert problem is None
    READ_BACK.append(sender)
    assert "wachtrij" in response.text
    handover = agent.handover_of(sender)
    assert handover["channel"] is None and len(handover["page_url"]) == 500 and "\ud800" not in handover["page_url"]
    transcript = console(agent, "GET", f"/handovers/{handover['id']}").json()["transcript"]
    assert [line for line in transcript if line["author"] == "agent"] == []  # "agent" passes no visitor off as one
    requests.post(rest_url(bot), json={"sender": sender, "message": "/overdracht_stoppen"}, timeout=TIMEOUT)


def test_the_console_answers_odd_ids_with_a_dutch_error(desk):
    agent, _, _ = desk
    problems = []
    for odd in fuzz.ODD_IDS:
        for method, action, body in CONSOLE_ACTIONS:
            response = console(agent, method, f"/handovers/{odd}{action}", json=body)
            problems.append(http_problem("console", response, f"{method} handovers/{odd[:20]}{action}"))
            problems.append(None if response.status_code in (403, 404, 409, 429)
                            else f"console {odd[:20]}{action}: {response.status_code}")
        response = console(agent, "POST", f"/callbacks/{odd}/done")
        problems.append(http_problem("console", response, f"callbacks/{odd[:20]}/done"))
    assert found(problems) == []


def test_the_console_answers_raw_bodies(desk):
    agent, _, handover = desk
    problems = []
    for name, body, content_type in fuzz.RAW_BODIES:
        for path in (f"/handovers/{handover}/messages", "/handovers/999999999/close"):
            response = post_raw(f"{agent.base}/agent/api{path}", body, content_type, headers={
                "X-CSRF-Token": agent.csrf}, cookies=agent.http.cookies)
            problems.append(http_problem("console", response, f"{path} {name}"))
    problems += [http_problem("console", console(agent, "POST", f"/handovers/{handover}/messages",
                                                 json={"text": value}), f"text {name}")
                 for name, value in fuzz.VALUES.items()]
    assert found(problems) == []


def test_the_console_refuses_odd_csrf_tokens_in_dutch(desk):
    agent, _, handover = desk
    path = f"{agent.base}/agent/api/handovers/{handover}/messages"
    tokens: dict[str, Any] = {"empty": "", "wrong": "x" * 43, "long": "x" * 4000, "almost": agent.csrf[:-1],
                              "latin1": "caf\u00e9".encode("latin-1"), "utf8-bytes": "\u00e9\u202e".encode()}
    responses = {f"csrf {name}": agent.http.post(path, json={"text": "hoi"}, headers={"X-CSRF-Token": token},
                                                 timeout=TIMEOUT) for name, token in tokens.items()}
    responses["no csrf"] = agent.http.post(path, json={"text": "hoi"}, timeout=TIMEOUT)
    for name, body, content_type in fuzz.RAW_BODIES:  # a form's csrf field is read when there is no header
        if content_type and content_type.startswith(("multipart", "application/x-www")):
            responses[f"form {name}"] = post_raw(path, body, content_type, cookies=agent.http.cookies)
    problems = [http_problem("console", response, name) for name, response in responses.items()]
    assert found(problems) == []
    assert {name: r.status_code for name, r in responses.items() if r.status_code != 403} == {}


def test_the_login_form_answers_odd_input_with_a_dutch_page(bot):
    problems = []
    names = {name: text[:5000] for name, text in fuzz.TEXTS.items() if name.startswith(("sql", "nul", "jinja",
                                                                                          "html", "lone", "rtl"))}
    for name, text in names.items():
        session = requests.Session()
        page = session.get(f"{bot.web_url}/agent/login", timeout=TIMEOUT)
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        value = text.encode("utf-8", "surrogatepass")  # a form carries bytes; the server decodes them
        response = session.post(f"{bot.web_url}/agent/login", data={"name": value, "password": value, "csrf": token},
                                headers={"Accept": "text/html"}, timeout=TIMEOUT, allow_redirects=False)
        problems.append(http_problem("console", response, f"login {name}", html=True))
        problems.append(None if response.status_code in (400, 401) else f"login {name}: {response.status_code}")
    for name, body, content_type in fuzz.RAW_BODIES:
        session = requests.Session()
        page = session.get(f"{bot.web_url}/agent/login", timeout=TIMEOUT)
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        response = post_raw(f"{bot.web_url}/agent/login", body, content_type, cookies=session.cookies,
                            headers={"X-CSRF-Token": token, "Accept": "text/html"}, allow_redirects=False)
        problems.append(http_problem("console", response, f"login body {name}", html=True))
    assert found(problems) == []


def test_the_visitor_in_the_handover_sends_the_corpus(bot, desk):
    """Socket and chat API: each message is kept for the agent (the bot is silent), whatever it holds."""
    agent, visitor, _ = desk
    problems = []
    for name, text in fuzz.TEXTS.items():
        if len(json.dumps(text)) > MAX_FRAME // 2:
            text = text[:5000]
        SENT["socket"] += 1
        replies = visitor.say(text)
        problems.append(_hidden_failure("socket", f"handover {name}", replies))
        response = requests.post(f"{bot.web_url}/api/chat", json={"sender": visitor.sender, "message": text},
                                 timeout=TIMEOUT)
        problems.append(reply_problem("chat", response, f"handover {name}"))
    assert found(problems) == []
    assert not any(e["type"] == "error" for e in visitor.events), [e for e in visitor.events if e["type"] == "error"]


def test_the_agent_sends_the_corpus_into_the_handover(desk):
    agent, visitor, handover = desk
    problems, sent = [], 0
    for name, text in fuzz.TEXTS.items():
        response = console(agent, "POST", f"/handovers/{handover}/messages", json={"text": text})
        problems.append(http_problem("console", response, f"agent message {name}"))
        sent += response.status_code == 201
    assert found(problems) == []
    visitor.wait_for(lambda _: sum(e["type"] == "agent" and e.get("event") == "message" for e in visitor.events)
                     >= sent)


@settings(FUZZ, max_examples=40)
@given(text=fuzz.texts)
def test_the_agent_survives_generated_texts(desk, text):
    agent, _, handover = desk
    response = console(agent, "POST", f"/handovers/{handover}/messages", json={"text": text})
    assert http_problem("console", response, short(text)) is None
    assert response.status_code in (201, 400, 413, 429)


def test_the_console_socket_ignores_garbage_and_still_pushes(bot, desk):
    agent, visitor, handover = desk
    frames: list[str | bytes] = ["", "hallo", "[" * 30_000 + "]" * 30_000, json.dumps({"type": "claim", "id": 1}),
                                 b"\x00\xff", "\ud800".encode("utf-8", "surrogatepass")]

    async def garbage_then_a_push() -> dict:
        cookies = {name: value for name, value in agent.http.cookies.items()}
        async with aiohttp.ClientSession(cookies=cookies) as session:
            async with session.ws_connect(f"{ws_url(bot)[:-3]}/agent/ws", timeout=TIMEOUT) as socket:
                for frame in frames:
                    await (socket.send_bytes if isinstance(frame, bytes) else socket.send_str)(frame)
                await asyncio.to_thread(requests.post, f"{bot.web_url}/api/chat", timeout=TIMEOUT,
                                        json={"sender": visitor.sender, "message": "nog één vraag \u202e"})
                while True:
                    message = await socket.receive(timeout=TIMEOUT)
                    assert message.type == aiohttp.WSMsgType.TEXT, message
                    event = json.loads(message.data)
                    if event["type"] == "visitor_message" and event["handover"] == handover:
                        return event

    SENT["console"] += len(frames)
    assert run(garbage_then_a_push())["text"] == "nog één vraag \u202e"


# --- afterwards: nothing stored breaks the console or the tracker ------------------------------------------------
def test_the_queue_callbacks_and_fuzzed_handover_load_as_json(desk):
    agent, visitor, handover = desk
    queue, callbacks = console(agent, "GET", "/queue"), console(agent, "GET", "/callbacks")
    assert queue.status_code == 200 and isinstance(queue.json(), list)
    assert callbacks.status_code == 200 and isinstance(callbacks.json(), list)
    details = console(agent, "GET", f"/handovers/{handover}")
    assert details.status_code == 200, details.text
    shown = [line["text"] for line in details.json()["transcript"]]
    assert fuzz.TEXTS["jinja-expr"] in shown and fuzz.TEXTS["html-script"] in shown  # kept as typed, not run
    page_url = details.json()["handover"]["page_url"]
    assert page_url.startswith("https://www.example.nl/leraar?q={{7*7}}") and "\ud800" not in page_url


def test_the_console_page_shows_the_fuzzed_handover_without_a_script_error(browser: Browser, bot, desk):
    agent, visitor, handover = desk
    name, password = new_agent(bot)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    try:
        page.goto(f"{bot.web_url}/agent/login")
        page.get_by_label("Naam").fill(name)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        item = page.locator("#queue li", has_text=f"#{handover} ")
        expect(item).to_be_visible(timeout=15_000)
        item.get_by_role("button").click()
        expect(page.locator("#transcript li", has_text=fuzz.TEXTS["jinja-expr"]).first).to_be_visible()
        expect(page.locator("#transcript li", has_text="<script>alert(1)</script>").first).to_be_visible()
        assert page.locator("#transcript li").count() > 50
        assert errors == []
    finally:
        page.context.close()


def test_the_agent_closes_the_fuzzed_handover_with_an_odd_reason(desk):
    agent, _, handover = desk
    reason = fuzz.TEXTS["jinja-block"] + fuzz.TEXTS["all-controls"] + fuzz.TEXTS["lone-high-surrogate"] * 3
    response = console(agent, "POST", f"/handovers/{handover}/close", json={"reason": reason})
    assert http_problem("console", response, "close reason") is None and response.status_code == 200
    assert console(agent, "GET", f"/handovers/{handover}").json()["handover"]["status"] == "closed"


def test_the_fuzzed_conversations_read_back_from_the_tracker(bot):
    assert len(READ_BACK) > 100, "run the whole module: the earlier tests make these conversations"
    problems = []
    for sender in READ_BACK:
        response = requests.get(f"{bot.rasa_url}/conversations/{sender}/tracker", timeout=TIMEOUT,
                                params={"token": bot.token, "include_events": "ALL"})  # "/restart" too
        events = _json(response).get("events") if response.status_code == 200 else None
        if not isinstance(events, list) or not any(e.get("event") == "user" for e in events):
            problems.append(f"{sender}: {response.status_code} {response.text[:200]}")
    assert problems == []


def test_the_statistics_count_the_fuzzed_conversations(bot, tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'stats.db'}"
    store, results = StatsStore(url), Counter()
    for sender in READ_BACK:
        events = requests.get(f"{bot.rasa_url}/conversations/{sender}/tracker", timeout=TIMEOUT,
                              params={"token": bot.token, "include_events": "ALL"}).json()["events"]
        for event in events:  # a broker message: the serialised event with its conversation's id
            results[handle(store, json.dumps({**event, "sender_id": sender}).encode())] += 1
    assert results["unreadable"] == 0 and results["stored"] > len(READ_BACK)
    summary = store.summary()
    assert summary.conversations == len(set(READ_BACK)) and summary.handovers >= 1
    monkeypatch.setenv("STATS_STORE_URL", url)
    assert show_summary(argparse.Namespace(days=None)) == 0
    assert f"gesprekken:            {summary.conversations}" in capsys.readouterr().out


def test_the_servers_are_healthy_after_the_fuzz(bot):
    assert requests.get(f"{bot.rasa_url}/status", params={"token": bot.token}, timeout=TIMEOUT).status_code == 200
    assert requests.get(f"{bot.web_url}/healthz", timeout=TIMEOUT).status_code == 200
    assert requests.get(f"{bot.web_url}/readyz", timeout=TIMEOUT).status_code == 200
    assert requests.get(f"{bot.actions_url}/health", timeout=TIMEOUT).status_code == 200


def test_at_least_500_inputs_reached_the_servers():
    total = sum(SENT.values())
    print(f"\nfuzz inputs per channel: {dict(SENT)}; total {total}; answered by the rate limit: {dict(LIMITED)}; "
          f"asked again after a hidden failure: {dict(RETRIED)}")
    assert total >= 500, f"run the whole module: {dict(SENT)}"
    assert sum(LIMITED.values()) <= total // 10, f"the rate limit answered too many: {dict(LIMITED)}"
