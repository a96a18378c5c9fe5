"""Bad input for the fuzz tests (test_fuzz.py): a fixed corpus of nasty texts, values and raw bodies, and hypothesis
strategies that mix them with generated text and JSON.

Everything here is plain data or a strategy; nothing talks to a server.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

LONG = 100_000  # "very long": far past every limit of the channels (1000 characters for the NLU)

# name -> text. Names make a failure readable ("sql-drop failed"), not the 100 KB itself.
TEXTS: dict[str, str] = {
    # empty and blank
    "empty": "",
    "space": " ",
    "whitespace": " \t\r\n\u00a0\u2003\u3000 ",
    "zero-width": "\u200b\u200c\u200d\ufeff",
    "newlines": "\n" * 5000,
    "line-separators": "\u2028\u2029\u0085",
    # long
    "long-word": "a" * LONG,
    "long-sentence": "ik wil leraar worden " * (LONG // 21 + 1),
    "long-emoji": "😀" * (LONG // 2),
    "just-too-long": "x" * 1001,
    "long-no-spaces-digits": "9" * 5000,
    # control characters
    "nul": "\x00",
    "nul-in-text": "ik wil\x00 leraar worden",
    "all-controls": "".join(chr(c) for c in range(32)) + "\x7f",
    "c1-controls": "".join(chr(c) for c in range(0x80, 0xa0)),
    "ansi-escape": "\x1b[31mrood\x1b[0m \x1b]0;titel\x07",
    "backspaces": "leraar\b\b\b\b\b\bhacker",
    # unpaired surrogates (JSON can carry them as \\ud800 escapes)
    "lone-high-surrogate": "\ud800",
    "lone-low-surrogate-in-text": "ik wil \udfff leraar worden",
    "reversed-surrogate-pair": "\udc00\ud800",
    # scripts, emoji, direction
    "mixed-scripts": "Ik wil leraar worden учитель 教师 معلم शिक्षक δάσκαλος מורה 선생님",
    "cjk-only": "我想成为一名老师",
    "arabic-rtl": "أريد أن أصبح معلما",
    "emoji-zwj": "👩‍🏫👨‍👩‍👧‍👦🏳️‍🌈🧑🏽‍💻",
    "emoji-flags-and-keycaps": "🇳🇱🇧🇪 1️⃣#️⃣",
    "emoji-only": "😀🎉👍",
    "rtl-override": "\u202eredaol ,olah\u202c ik wil leraar worden",
    "bidi-isolates": "\u2066\u2067\u2068abc\u2069\u200f\u200e",
    "combining-zalgo": "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ leraar",
    "fullwidth": "ｉｋ ｗｉｌ ｌｅｒａａｒ ｗｏｒｄｅｎ",
    "arabic-digits": "ik ben ٣٥ jaar",
    "private-use": "\ue000\uf8ff\U000f0000",
    "non-characters": "\ufffe\uffff\U0010ffff",
    "replacement-char": "\ufffd\ufffd",
    "astral-math": "𝕚𝕜 𝕨𝕚𝕝 𝕝𝕖𝕣𝕒𝕒𝕣 𝕨𝕠𝕣𝕕𝕖𝕟",
    # injection
    "sql-drop": "'; DROP TABLE events; --",
    "sql-or": "\" OR 1=1 --",
    "sql-union": "x' UNION SELECT name, password_hash FROM agents --",
    "sql-bobby": "Robert'); DROP TABLE handovers;--",
    "sql-comment": "/**/SELECT/**/1;#",
    "nosql": '{"$gt": ""}',
    "jinja-expr": "{{7*7}}",
    "jinja-block": "{% for x in range(99999999) %}x{% endfor %}",
    "jinja-globals": "{{ config.__class__.__init__.__globals__['os'].popen('id').read() }}",
    "jinja-raw": "{% raw %}{{ x }}{% endraw %}{# comment",
    "other-templates": "${7*7} #{7*7} <%= 7*7 %> [[7*7]] {{{7*7}}}",
    "format-strings": "%s%s%s%n%x %(name)s {0} {0.__class__} {} %d",
    "html-script": "<script>alert(1)</script>",
    "html-img": "<img src=x onerror=alert(1)>",
    "html-svg": "<svg/onload=alert(1)>",
    "html-unclosed": "<script>alert(1)",
    "html-escaped": "&lt;script&gt;alert(1)&lt;/script&gt; &amp;&#0;&#x110000;&#xd800;",
    "html-break-out": "</textarea></pre></script><script>alert(1)</script>",
    "javascript-url": "javascript:alert(document.cookie)",
    "data-url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "path-traversal": "../../../../etc/passwd",
    "path-traversal-windows": "..\\..\\..\\windows\\win.ini",
    "path-traversal-encoded": "%2e%2e%2f%2e%2e%2fetc%2fpasswd%00",
    "file-url": "file:///etc/passwd",
    "crlf-injection": "hoi\r\nSet-Cookie: x=1\r\n\r\n",
    "log-forging": "hoi\n2024-01-01 ERROR fake log line",
    "shell": "$(id) `id` ; rm -rf / && echo",
    # JSON in text
    "json-object": '{"sender": "iemand-anders", "message": "hoi"}',
    "json-array": "[1, 2, 3]",
    "json-null": "null",
    "json-broken": '{"a": ',
    # Rasa's own syntax
    "rasa-restart": "/restart",
    "rasa-session-start": "/session_start",
    "rasa-intent-entities": '/intent{"a":1}',
    "rasa-known-intent-entities": '/greet{"vooropleiding": ["havo", {"x": null}]}',
    "rasa-broken-entities": '/affirm{"a": ',
    "rasa-slash": "/",
    "rasa-double-slash": "//",
    "rasa-unknown-intent": "/bestaat_niet_intent",
    "rasa-internal-intent": "/leeg_bericht",
    "rasa-nlu-fallback": "/nlu_fallback",
    "rasa-action": "/action_restart",
    "rasa-back": "/back",
    "rasa-long-intent": "/" + "a" * 5000,
    # numbers and words that look like values
    "number-huge": "1" + "0" * 400,
    "number-float": "1e308 -0 NaN Infinity",
    "true": "true",
    "none-word": "None",
}

# Messages that are not text at all (JSON values other than a string).
VALUES: dict[str, Any] = {
    "null": None,
    "zero": 0,
    "negative": -1,
    "float": 1.5,
    "huge-int": 2**70,
    "true": True,
    "false": False,
    "empty-list": [],
    "list": ["ik wil leraar worden"],
    "empty-object": {},
    "object": {"text": "hoi", "message": "hoi"},
    "nested": {"a": [{"b": [{"c": [None, 1, "x"]}]}]},
    "deep": json.loads("[" * 200 + "]" * 200),
}

# Senders (conversation ids) that a channel must refuse or keep apart, never crash on.
ODD_SENDERS: dict[str, Any] = {
    "empty": "",
    "space": " ",
    "null": None,
    "int": 12345,
    "float": 1.5,
    "true": True,
    "list": ["a"],
    "object": {"id": "a"},
    "long": "s" * 5000,
    "slashes": "../../etc/passwd",
    "url-chars": "a/b?c=d#e",
    "unicode": "👩‍🏫教师",
    "nul": "a\x00b",
    "sql": "x' OR '1'='1",
    "template": "{{7*7}}",
    "html": "<script>",
    "lone-surrogate": "a\ud800",
}

# Raw bodies for a JSON endpoint: (name, body, Content-Type or None for none at all).
_DEEP = b"[" * 5000 + b"]" * 5000
_DEEP_OBJECT = b'{"a":' * 3000 + b"1" + b"}" * 3000
RAW_BODIES: list[tuple[str, bytes, str | None]] = [
    ("empty", b"", "application/json"),
    ("no-json", b"geen json", "application/json"),
    ("truncated", b'{"sender": "x", "message": "hoi"', "application/json"),
    ("only-brace", b"{", "application/json"),
    ("null", b"null", "application/json"),
    ("list", b"[1, 2]", "application/json"),
    ("string", b'"hoi"', "application/json"),
    ("number", b"123", "application/json"),
    ("empty-object", b"{}", "application/json"),
    ("no-sender", b'{"message": "hoi"}', "application/json"),
    ("nan", b'{"sender": "x", "message": NaN}', "application/json"),
    ("infinity-number", b'{"sender": "x", "message": 1e999999}', "application/json"),
    ("huge-int", b'{"sender": "x", "message": ' + b"9" * 5000 + b"}", "application/json"),
    ("duplicate-keys", b'{"sender": "x", "sender": ["y"], "message": "a", "message": {}}', "application/json"),
    ("deep-array", _DEEP, "application/json"),
    ("deep-object", _DEEP_OBJECT, "application/json"),
    ("invalid-utf8", b'{"sender": "x", "message": "\xff\xfe\xc0\xaf"}', "application/json"),
    ("utf16", '{"sender": "x", "message": "hoi"}'.encode("utf-16"), "application/json"),
    ("bom", b'\xef\xbb\xbf{"sender": "x", "message": "hoi"}', "application/json"),
    ("lone-surrogate-escape", b'{"sender": "x", "message": "\\ud800\\udfff\\ud800"}', "application/json"),
    ("nul-escape", b'{"sender": "x", "message": "\\u0000"}', "application/json"),
    ("bogus-charset", b'{"sender": "x", "message": "hoi"}', "application/json; charset=bogus"),
    ("latin1-charset", '{"sender": "x", "message": "caf\u00e9"}'.encode("latin-1"),
     "application/json; charset=latin-1"),
    ("text-plain", b'{"sender": "x", "message": "hoi"}', "text/plain"),
    ("no-content-type", b'{"sender": "x", "message": "hoi"}', None),
    ("form", b"sender=x&message=hoi", "application/x-www-form-urlencoded"),
    ("multipart-no-boundary", b"--x\r\n", "multipart/form-data"),
    ("multipart-broken", b"--x\r\nContent-Disposition: form-data\r\n", "multipart/form-data; boundary=x"),
    ("xml", b"<?xml version='1.0'?><message>hoi</message>", "application/xml"),
    ("binary", bytes(range(256)) * 4, "application/octet-stream"),
    ("big-json", json.dumps({"sender": "x", "message": "a" * 1_000_000}).encode(), "application/json"),
]

# Message ids the widget's socket must refuse with an error frame (not crash, not hang).
ODD_MESSAGE_IDS: dict[str, Any] = {
    "missing": None,
    "empty": "",
    "int": 7,
    "list": ["m1"],
    "long": "m" * 65,
    "space": "m 1",
    "unicode": "m👍",
    "html": "<b>",
    "nul": "m\x00",
}

# Handover ids in a URL: /agent/api/handovers/{id}/...
ODD_IDS: list[str] = [
    "0", "-1", "99999999999999999999999", "9223372036854775808", "1e3", "0x10", "abc", "%00", "%20", "1%2F2",
    "..%2F..%2Fetc", "%EF%BC%91", "1_0", "%D9%A3", "9" * 5000, "%F0%9F%98%80", "null", "%7B%7B7*7%7D%7D",
]


def _named(corpus: dict[str, Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from(sorted(corpus)).map(corpus.__getitem__)


# Every character, including unpaired surrogates, controls and unassigned code points.
any_character = st.one_of(st.characters(exclude_categories=()), st.characters(categories=["Cs", "Cc", "Cf", "Mn"]))
generated_text = st.text(any_character, max_size=300)


@st.composite
def _spliced(draw: st.DrawFn) -> str:
    """Pieces of the corpus glued to ordinary Dutch and generated text."""
    pieces = draw(st.lists(st.one_of(_named(TEXTS).map(lambda t: t[:2000]), generated_text,
                                     st.sampled_from(["ik wil leraar worden", "havo", "Zwolle", "ja", "kan ik iemand "
                                                      "spreken?", "wat is de pabo?"])),
                           min_size=1, max_size=4))
    return draw(st.sampled_from(["", " ", "\n", "\x00"])).join(pieces)


texts = st.one_of(_named(TEXTS), generated_text, _spliced())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | generated_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(generated_text, children, max_size=4),
    max_leaves=12,
)

messages = st.one_of(texts, texts, _named(VALUES), json_values)


def senders(prefix: str) -> st.SearchStrategy[Any]:
    """Mostly a fresh valid id (so the rate limit per conversation is not what answers), sometimes an odd one."""
    fresh = st.integers(min_value=0, max_value=10**12).map(lambda n: f"{prefix}-{n}")
    return st.one_of(fresh, fresh, fresh, _named(ODD_SENDERS))


def rest_payloads(prefix: str) -> st.SearchStrategy[Any]:
    """Bodies for a {"sender", "message"} endpoint: right shape with odd values, extra fields, or no object at all."""
    extra = st.dictionaries(st.sampled_from(["metadata", "input_channel", "message_id", "token", "__proto__"]),
                            json_values, max_size=2)
    proper = st.builds(lambda sender, message, more: {**more, "sender": sender, "message": message},
                       senders(prefix), messages, extra)
    return st.one_of(proper, proper, proper, json_values)


def socket_frames() -> st.SearchStrategy[Any]:
    """Frames for an open widget socket (after its hello): odd messages, other types, not even a dict."""
    message = st.builds(lambda message_id, text, shown: {"type": "message", "id": message_id, "text": text,
                                                          "shown": shown},
                        st.integers(min_value=0, max_value=10**9).map(lambda n: f"h{n}") | _named(ODD_MESSAGE_IDS),
                        messages, st.none() | texts | json_values)
    other = st.fixed_dictionaries({"type": st.sampled_from(["hello", "ping", "", "MESSAGE", "bot", "error"]) | texts},
                                  optional={"id": json_values, "text": texts})
    return st.one_of(message, message, other, json_values)
