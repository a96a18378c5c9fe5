// Routeadvies chat widget: one <script src=".../widget.js"> tag embeds it on any website.
// Options as data attributes on that tag: data-server, data-title, data-color, data-start-message,
// data-position (right|left), data-open (true), data-mode (widget|page|kiosk), data-target (CSS selector
// to mount in, for page and kiosk), data-kiosk-id.
// It lives in a shadow root (the host page's CSS cannot reach it) and defines one global: window.Routeadvies.
// Nothing from the bot or the visitor is ever parsed as HTML: every piece of text is a text node. Styles are set
// through the CSSOM (element.style), never as a style attribute, so that a strict Content-Security-Policy (the app's
// own, or a host site's) allows the widget.
(function () {
  "use strict";
  if (window.Routeadvies && window.Routeadvies.version) return;
  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var base = (data.server || (script ? new URL(script.src, location.href).origin : location.origin)).replace(/\/+$/, "");
  var mode = ["page", "kiosk"].indexOf(data.mode) >= 0 ? data.mode : "widget";
  var opt = {
    title: data.title || "Leraar worden?",
    color: /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(data.color || "") ? data.color : "#0b5cad",
    start: data.startMessage || "Hoi! Ik help je op weg naar een baan in het onderwijs. Typ je vraag, of tik op de knop. Dan zoeken we samen je route.",
    left: data.position === "left",
    open: mode !== "widget" || data.open === "true",
    kiosk: mode === "kiosk" ? (data.kioskId || "kiosk") : null
  };
  var KEY = "routeadvies:" + base + ":" + mode;
  var URL_RE = /(https?:\/\/[^\s<>()"]+[^\s<>()".,;:!?])/g;
  var STARTERS = [["Ik wil leraar worden", "Ik wil leraar worden"]];  // starts the intake; questions are typed
  var listeners = {};
  var state, socket, retry = 0, retryTimer = null, online = false;

  // --- state, kept for the tab -------------------------------------------------------------------
  function newId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function fresh() { return { sender: mode + "-" + newId(), seq: 0, turns: [], outbox: [], answered: [], open: false }; }
  function load() {
    try { return JSON.parse(sessionStorage.getItem(KEY)) || fresh(); } catch (e) { return fresh(); }
  }
  function save() { try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ } }
  state = load();

  function emit(name, value) { (listeners[name] || []).forEach(function (fn) { try { fn(value); } catch (e) { /* host's */ } }); }

  // --- DOM ---------------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "on") Object.keys(attrs.on).forEach(function (e) { node.addEventListener(e, attrs.on[e]); });
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function dutchDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return iso;
    return new Date(+m[1], +m[2] - 1, +m[3]).toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
  }
  function shortName(url) {
    try { return new URL(url).hostname.replace(/^www\./, ""); } catch (e) { return url; }
  }
  // A kiosk shows where to look, but a tap must not take the shared screen to another website.
  function link(url, label) {
    if (mode === "kiosk") return el("span", { "class": "link", text: label || shortName(url) });
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer", title: url, text: label || shortName(url) });
  }
  function withLinks(node, text) {
    text.split(URL_RE).forEach(function (part, i) {
      if (i % 2) node.appendChild(link(part)); else if (part) node.appendChild(document.createTextNode(part));
    });
    return node;
  }
  // Text in readable blocks: paragraphs, lists for "- " and "1. " lines, and a small line for the source.
  function textBlock(text) {
    var box = el("div", { "class": "text" }), list = null;
    text.split("\n").forEach(function (line) {
      var item = /^\s*(?:[-•*]|\d+[.)])\s+(.*)$/.exec(line);
      if (item) {
        if (!list) { list = el("ul"); box.appendChild(list); }
        list.appendChild(withLinks(el("li"), item[1]));
        return;
      }
      list = null;
      if (!line.trim()) return;
      box.appendChild(withLinks(el("p", { "class": /^Bron: /.test(line) ? "source" : null }), line));
    });
    return box;
  }

  var host = el(mode === "widget" ? "routeadvies-chat" : "routeadvies-chat-inline");
  var fixed = mode === "widget" ? [["position", "fixed"], ["bottom", "0"], [opt.left ? "left" : "right", "0"],
    ["z-index", "2147483000"]] : [["display", "block"], ["height", "100%"]];
  [["all", "initial"]].concat(fixed).forEach(function (p) { host.style.setProperty(p[0], p[1], "important"); });
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("link", { rel: "stylesheet", href: base + "/static/widget.css" }));
  var ink = contrastInk(opt.color);
  var wrap = el("div", { "class": "ra ra-" + mode + (opt.left ? " left" : ""), lang: "nl" });
  wrap.style.setProperty("--ra-color", opt.color);
  wrap.style.setProperty("--ra-ink", ink);
  root.appendChild(wrap);

  function contrastInk(hex) {
    var h = hex.length === 4 ? hex.replace(/([0-9a-f])/gi, "$1$1").slice(1) : hex.slice(1);
    var c = [0, 2, 4].map(function (i) {
      var v = parseInt(h.substr(i, 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    var lum = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? "#111" : "#fff";
  }

  var launcher = el("button", { type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "ra-panel",
    on: { click: function () { setOpen(true); } } }, [el("span", { "class": "bubble", "aria-hidden": "true" }), opt.title]);
  var log = el("div", { "class": "log", role: "log", "aria-label": "Gesprek", tabindex: "0" });
  var announcer = el("div", { "class": "vh", "aria-live": "polite", "aria-atomic": "true" });
  var status = el("div", { "class": "status", role: "status" });
  var typing = el("div", { "class": "typing", hidden: "" }, [el("span"), el("span"), el("span"),
    el("span", { "class": "vh", text: "De assistent schrijft een antwoord" })]);
  var input = el("textarea", { id: "ra-input", rows: "2", maxlength: "1000", placeholder: "Typ je vraag...",
    autocomplete: "off", on: { keydown: function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); submit(); }
    } } });
  var form = el("form", { "class": "composer", on: { submit: function (e) { e.preventDefault(); submit(); } } }, [
    el("label", { "for": "ra-input", "class": "vh", text: "Je bericht" }), input,
    el("button", { type: "submit", "class": "send", text: "Stuur" })]);
  var closeButton = mode === "widget" ? el("button", { type: "button", "class": "close", "aria-label": "Chat sluiten",
    on: { click: function () { setOpen(false); } } }, [el("span", { "aria-hidden": "true", text: "×" })]) : null;
  // The privacy statement opens in a new tab with this conversation's id, to quote when asking for your data (the
  // kiosk shows it on its own page: a kiosk opens no links).
  var privacyLink = mode === "kiosk" ? null : el("a", { "class": "privacy", target: "_blank", rel: "noopener",
    text: "Privacy" });
  function showPrivacyId() {
    if (!privacyLink) return;
    privacyLink.href = base + "/privacy?id=" + encodeURIComponent(state.sender);
    privacyLink.title = "Wat we bewaren. Je gespreksnummer: " + state.sender;
  }
  var panel = el("section", { id: "ra-panel", "class": "panel", role: mode === "widget" ? "dialog" : "region",
    "aria-labelledby": "ra-title", hidden: "" }, [
    el("header", {}, [el("h2", { id: "ra-title", text: opt.title }),
      el("button", { type: "button", "class": "restart", text: "Opnieuw beginnen", on: { click: restart } }), closeButton]),
    status, log, typing, form, privacyLink ? el("p", { "class": "privacy-row" }, [privacyLink]) : null, announcer]);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape" && mode === "widget") setOpen(false); });
  if (mode === "widget") wrap.appendChild(launcher);
  wrap.appendChild(panel);

  function mount() {
    var target = data.target && document.querySelector(data.target);
    (target || document.body).appendChild(host);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

  // --- rendering ------------------------------------------------------------------------------------
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function renderTurn(turn) {
    var box;
    if (turn.who === "user") {
      box = el("div", { "class": "turn user" }, [el("span", { "class": "vh", text: "Jij: " }), el("p", { text: turn.text })]);
    } else if (turn.who === "agent") {
      // A helpdesk agent: their name above their words; joining is a short note between the turns.
      box = turn.event === "joined" ? el("div", { "class": "turn note" }, [el("p", { text: turn.text })])
        : el("div", { "class": "turn agent" }, [el("p", { "class": "who", text: turn.name + " (medewerker)" }),
          textBlock(turn.text)]);
    } else if (turn.who === "error") {
      box = el("div", { "class": "turn error" }, [el("p", { text: turn.text })]);
      if (turn.retry) box.appendChild(el("button", { type: "button", "class": "quick", text: "Opnieuw proberen",
        on: { click: function () { send(turn.retry.text, turn.retry.shown); } } }));
    } else {
      box = el("div", { "class": "turn bot" }, [el("span", { "class": "vh", text: "Assistent: " })]);
      var texts = (turn.messages || []).map(function (m) { return m.custom && m.custom.tekst; });
      (turn.messages || []).forEach(function (m) {
        if (m.text && texts.indexOf(m.text) < 0) box.appendChild(textBlock(m.text));
        if (m.custom && m.custom.type === "routeadvies") box.appendChild(adviceCard(m.custom));
        if (m.buttons && m.buttons.length) {
          var row = el("div", { "class": "quick-row" });
          m.buttons.forEach(function (b) {
            row.appendChild(el("button", { type: "button", "class": "quick", text: b.title,
              on: { click: function () { send(b.payload, b.title); } } }));
          });
          box.appendChild(row);
        }
      });
    }
    log.appendChild(box);
    scrollDown();
    return box;
  }

  function adviceCard(advice) {
    var card = el("article", { "class": "advice", "aria-labelledby": "ra-advice-" + state.seq }, [
      el("h3", { id: "ra-advice-" + state.seq, text: "Jouw routeadvies" })]);
    if (advice.profiel && advice.profiel.length) card.appendChild(el("p", { "class": "profile", text: "Over jou: " + advice.profiel.join(", ") + "." }));
    var list = el("ol", { "class": "routes" });
    (advice.routes || []).forEach(function (r) {
      var src = r.bron ? el("span", { "class": "source" }, ["Bron: ", link(r.bron), r.peildatum ? " (peildatum " + dutchDate(r.peildatum) + ")" : ""]) : null;
      list.appendChild(el("li", {}, [el("strong", { text: r.naam }), r.duur ? " (" + r.duur + ")" : "",
        r.resultaat ? el("span", { "class": "result", text: "Je krijgt: " + r.resultaat + "." }) : null, src]));
    });
    card.appendChild((advice.routes || []).length ? list : el("p", { text: "Ik vond geen route die direct past. Een adviseur kijkt graag met je mee." }));
    var desk = advice.loket;
    if (desk) {
      card.appendChild(el("p", { "class": "desk" }, ["Jouw loket: ", el("strong", { text: desk.naam }),
        desk.website ? el("br") : null, desk.website ? link(desk.website) : null,
        desk.email ? el("br") : null, desk.email ? (mode === "kiosk" ? desk.email : el("a", { href: "mailto:" + desk.email, text: desk.email })) : null,
        desk.telefoon ? el("br") : null, desk.telefoon ? "Telefoon: " + desk.telefoon : null]));
    }
    var tools = el("div", { "class": "tools" }, [
      el("button", { type: "button", "class": "quick", text: "Afdrukken", on: { click: function () { takeHome("print"); } } }),
      el("button", { type: "button", "class": "quick", text: "Downloaden", on: { click: function () { takeHome("download"); } } })]);
    if (mode !== "kiosk") card.appendChild(tools);  // a shared screen has no printer and no downloads
    emit("advice", { card: card, advice: advice });
    return card;
  }

  // Print and download use the take-home page the app makes from this conversation's advice.
  function takeHome(kind) {
    var popup = kind === "print" ? window.open("", "_blank") : null;
    return createAdvice().then(function (page) {
      if (kind === "print") { if (popup) popup.location.href = page.url + "?print=1"; else window.open(page.url + "?print=1", "_blank"); return; }
      var a = el("a", { href: page.download, download: "routeadvies.html" });
      root.appendChild(a); a.click(); a.remove();
    }).catch(function (error) {
      if (popup) popup.close();
      addTurn({ who: "error", text: error.message });
    });
  }
  function createAdvice() {
    return fetch(base + "/api/advice", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender }) }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) throw new Error(body.error || "Het advies kon niet worden gemaakt. Probeer het opnieuw.");
        return body;
      });
    }, function () { throw new Error("Geen verbinding. Probeer het zo opnieuw."); });
  }

  function addTurn(turn) {
    state.turns.push(turn);
    save();
    var box = renderTurn(turn);
    if (turn.who !== "user") {
      var said = box.textContent.replace(/^Assistent: /, "");
      if (turn.who === "agent" && turn.event !== "joined") said = turn.name + " (medewerker): " + turn.text;
      announcer.textContent = (turn.who === "error" ? "Melding: " : "Nieuw antwoord: ") + (said.length > 200 ? said.slice(0, 200) + "..." : said);
    }
    emit("message", turn);
  }

  function renderAll() {
    showPrivacyId();
    log.textContent = "";
    renderTurn({ who: "bot", messages: [{ text: opt.start, buttons: state.turns.length ? [] : STARTERS.map(function (s) {
      return { title: s[0], payload: s[1] };
    }) }] });
    state.turns.forEach(renderTurn);
    typing.hidden = !state.outbox.length;
  }

  // --- the conversation ------------------------------------------------------------------------------
  function send(text, shown) {
    text = String(text || "").trim();
    if (!text) return;
    var id = "m" + (++state.seq);
    state.outbox.push({ id: id, text: text, shown: shown || null });
    addTurn({ who: "user", text: shown || text });
    typing.hidden = false;
    if (online) frame({ type: "message", id: id, text: text, shown: shown || null }); else connect();
  }
  function submit() {
    var text = input.value;
    if (!text.trim()) { input.focus(); return; }
    input.value = "";
    send(text);
  }
  function frame(obj) { try { socket.send(JSON.stringify(obj)); } catch (e) { /* reconnect sends it again */ } }

  function connect() {
    if (socket && socket.readyState <= 1) return;
    clearTimeout(retryTimer);
    var ws = socket = new WebSocket(base.replace(/^http/, "ws") + "/ws");
    ws.onopen = function () {
      frame({ type: "hello", sender: state.sender, channel: mode, page: location.href, kiosk: opt.kiosk });
    };
    ws.onmessage = function (event) {
      if (ws !== socket) return;
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "ready") {
        online = true; retry = 0; setStatus("");
        state.outbox.forEach(function (m) { frame({ type: "message", id: m.id, text: m.text, shown: m.shown }); });
      } else if (msg.type === "agent") {
        addTurn({ who: "agent", event: msg.event, name: String(msg.name || "Medewerker"), text: String(msg.text || "") });
      } else if (msg.type === "typing") {
        typing.hidden = false;
      } else if (msg.type === "bot" || msg.type === "error") {
        if (msg.reply_to) {
          if (state.answered.indexOf(msg.reply_to) >= 0) return;
          var sent = state.outbox.filter(function (m) { return m.id === msg.reply_to; })[0];
          state.outbox = state.outbox.filter(function (m) { return m.id !== msg.reply_to; });
          state.answered = state.answered.concat(msg.reply_to).slice(-50);
          if (msg.type === "error") { addTurn({ who: "error", text: msg.text, retry: sent ? { text: sent.text } : null }); }
        }
        // No reply is a reply too: while a person has the conversation, the bot is silent.
        if (msg.type === "bot" && (msg.messages || []).length) addTurn({ who: "bot", messages: msg.messages });
        else if (!msg.reply_to) addTurn({ who: "error", text: msg.text });
        typing.hidden = !state.outbox.length;
      }
    };
    ws.onclose = function () {
      if (ws !== socket) return;
      online = false;
      if (!state.outbox.length && !state.turns.length) return;
      setStatus("De verbinding is weg. Ik probeer opnieuw te verbinden...");
      retryTimer = setTimeout(connect, Math.min(15000, 1000 * Math.pow(2, retry++)));
    };
  }
  window.addEventListener("online", function () { retry = 0; if (!online) connect(); });
  function setStatus(text) { status.textContent = text; status.hidden = !text; }

  function setOpen(open) {
    state.open = open; save();
    panel.hidden = !open;
    launcher.hidden = open && mode === "widget";
    launcher.setAttribute("aria-expanded", String(open));
    wrap.classList.toggle("is-open", open);
    if (open) { connect(); scrollDown(); input.focus(); } else { launcher.focus(); }
  }

  function restart() {
    var old = socket;
    socket = null; online = false;
    if (old) old.close();
    clearTimeout(retryTimer);
    state = fresh(); state.open = true; save();
    renderAll();
    setStatus("");
    emit("restart", null);
    connect();
    input.focus();
  }

  // Wipes everything of this conversation from the screen and the tab's storage (the kiosk between visitors).
  function wipe() {
    var old = socket;
    socket = null; online = false;
    if (old) old.close();
    clearTimeout(retryTimer);
    try { sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
    state = fresh();
    if (mode !== "widget") state.open = true;
    input.value = "";
    renderAll();
    setStatus("");
    emit("restart", null);
  }

  renderAll();
  setStatus("");
  if (state.open || opt.open) setOpen(true);
  if (state.outbox.length) connect();

  window.Routeadvies = {
    version: "1",
    open: function () { setOpen(true); },
    close: function () { if (mode === "widget") setOpen(false); },
    restart: restart,
    wipe: wipe,
    send: send,
    conversationId: function () { return state.sender; },
    focus: function () { input.focus(); },
    on: function (name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
    createAdvice: createAdvice,
    dutchDate: dutchDate
  };
})();
