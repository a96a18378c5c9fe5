// Agent console: the queue (polled, and pushed over /agent/ws), one conversation at a time, the live chat.
// Every state-changing request carries the session's CSRF token; all text is shown as text, never as HTML.
(function () {
  "use strict";
  var root = document.getElementById("console");
  var csrf = root.dataset.csrf, me = root.dataset.agent;
  var current = null, lastQueue = [];
  var $ = function (id) { return document.getElementById(id); };

  function api(method, path, body) {
    return fetch("/agent/api" + path, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (r.status === 401) { location.href = "/agent/login"; }
        if (!r.ok) throw new Error(data.error || "Dat lukte niet. Probeer het opnieuw.");
        return data;
      });
    });
  }
  function item(children) {
    var li = document.createElement("li");
    children.forEach(function (c) { li.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return li;
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function minutes(seconds) { return seconds < 60 ? "minder dan een minuut" : Math.floor(seconds / 60) + " min"; }
  function where(h) { return h.channel === "kiosk" ? "kiosk " + (h.kiosk_id || "") : (h.channel || "website"); }
  function status(text) { $("status").textContent = text || ""; }

  function showQueue(queue) {
    lastQueue = queue;
    var list = $("queue");
    list.textContent = "";
    $("queue-empty").hidden = queue.length > 0;
    queue.forEach(function (h) {
      var open = el("button", h.status === "waiting" ? "Bekijk" : "Open");
      open.type = "button";
      open.addEventListener("click", function () { select(h.id); });
      var state = h.status === "waiting" ? "wacht " + minutes(h.waiting_seconds) : "bij " + h.claimed_by;
      list.appendChild(item([el("strong", "#" + h.id + " "), state + " · " + where(h), el("br"),
        el("span", h.topic || "(geen onderwerp)"), el("br"), open]));
    });
  }
  function showCallbacks(rows) {
    var list = $("callbacks");
    list.textContent = "";
    $("callbacks-empty").hidden = rows.length > 0;
    rows.forEach(function (c) {
      var done = el("button", "Afgehandeld");
      done.type = "button";
      done.addEventListener("click", function () {
        api("POST", "/callbacks/" + c.id + "/done").then(refreshCallbacks).catch(function (e) { status(e.message); });
      });
      list.appendChild(item([el("strong", c.name), " · " + c.contact + " · " + where(c), el("br"),
        el("span", c.question), el("br"), done]));
    });
  }
  // A visitor's privacy request: everything held on one conversation, downloaded as JSON, or wiped after a question.
  function privacyId() { return $("privacy-id").value.trim(); }
  function privacyStatus(text) { $("privacy-status").textContent = text || ""; }
  function privacyPath() { return "/privacy/" + encodeURIComponent(privacyId()); }
  $("privacy").addEventListener("submit", function (event) {
    event.preventDefault();
    if (!privacyId()) { $("privacy-id").focus(); return; }
    api("GET", privacyPath()).then(function (data) {
      var count = Object.keys(data.stores).reduce(function (n, k) { return n + data.stores[k].length; }, 0);
      var link = el("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      link.download = "gesprek-" + privacyId() + ".json";
      document.body.appendChild(link); link.click(); link.remove();
      privacyStatus("Export gedownload: " + count + " gegevens van gesprek " + privacyId() + ".");
    }).catch(function (e) { privacyStatus(e.message); });
  });
  $("privacy-delete").addEventListener("click", function () {
    var id = privacyId();
    if (!id) { $("privacy-id").focus(); return; }
    if (!window.confirm("Alle gegevens van gesprek " + id + " wissen? Dit kan niet ongedaan worden.")) {
      privacyStatus("Niets gewist.");
      return;
    }
    api("DELETE", privacyPath()).then(function (data) {
      privacyStatus("Gewist: " + data.total + " gegevens van gesprek " + id + ".");
      if (current && current.sender === id) { current = null; $("conversation").hidden = true; $("no-conversation").hidden = false; }
      refreshQueue(); refreshCallbacks();
    }).catch(function (e) { privacyStatus(e.message); });
  });

  function refreshQueue() { return api("GET", "/queue").then(showQueue).catch(function (e) { status(e.message); }); }
  function refreshCallbacks() { return api("GET", "/callbacks").then(showCallbacks).catch(function (e) { status(e.message); }); }

  function line(author, agent, text) {
    var label = author === "visitor" ? "Bezoeker" : author === "agent" ? (agent || "Medewerker") : "Assistent";
    var li = el("li", undefined, author);
    li.appendChild(el("span", label + ":", "who"));
    li.appendChild(document.createTextNode(text));
    $("transcript").appendChild(li);
    $("transcript").scrollTop = $("transcript").scrollHeight;
  }

  function select(id) {
    return api("GET", "/handovers/" + id).then(function (data) {
      var h = data.handover;
      current = h;
      $("privacy-id").value = h.sender;
      $("no-conversation").hidden = true;
      $("conversation").hidden = false;
      $("conversation-meta").textContent = "#" + h.id + " · " + where(h) + (h.page_url ? " · " + h.page_url : "") +
        " · " + (h.status === "waiting" ? "wacht " + minutes(h.waiting_seconds) : "bij " + (h.claimed_by || ""));
      var profile = $("profile");
      profile.textContent = "";
      Object.keys(data.profile).forEach(function (k) {
        profile.appendChild(el("dt", k));
        profile.appendChild(el("dd", String(data.profile[k])));
      });
      if (!profile.children.length) profile.appendChild(el("dd", "Nog niets bekend."));
      $("advice").textContent = data.advice || "Nog geen advies gegeven.";
      $("transcript").textContent = "";
      data.transcript.forEach(function (t) { line(t.author, t.agent, t.text); });
      var mine = h.status === "active" && h.claimed_by === me;
      var typing = document.activeElement === $("reply-text");
      $("claim").hidden = h.status !== "waiting";
      $("reply").hidden = !mine;
      $("end").hidden = !mine;
      status("");
      if (mine && !typing) $("reply-text").focus();
    }).catch(function (e) { status(e.message); });
  }

  $("claim").addEventListener("click", function () {
    if (!current) return;
    api("POST", "/handovers/" + current.id + "/claim").then(function () { return select(current.id); })
      .then(refreshQueue).catch(function (e) { status(e.message); refreshQueue(); });
  });
  $("reply").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("reply-text").value.trim();
    if (!text || !current) return;
    api("POST", "/handovers/" + current.id + "/messages", { text: text }).then(function () {
      line("agent", me, text);
      $("reply-text").value = "";
      $("reply-text").focus();
    }).catch(function (e) { status(e.message); });
  });
  $("reply-text").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("reply").requestSubmit(); }
  });
  function end(path, body, done) {
    if (!current) return;
    api("POST", "/handovers/" + current.id + path, body).then(function () {
      status(done);
      $("reply").hidden = true; $("end").hidden = true;
      refreshQueue();
    }).catch(function (e) { status(e.message); });
  }
  $("handback").addEventListener("click", function () { end("/handback", undefined, "Teruggegeven aan de assistent."); });
  $("close").addEventListener("click", function () { end("/close", { reason: $("close-reason").value }, "Gesprek afgesloten."); });

  function live() {
    var ws = new WebSocket(location.origin.replace(/^http/, "ws") + "/agent/ws");
    ws.onmessage = function (event) {
      var e;
      try { e = JSON.parse(event.data); } catch (x) { return; }
      // The whole conversation again, from its one record (Rasa's): nothing shows twice, nothing is missed.
      if (e.type === "visitor_message" && current && e.handover === current.id) select(current.id);
      if (e.type === "queue_changed" || e.type === "handover_ended" || e.type === "visitor_message") refreshQueue();
    };
    ws.onclose = function () { setTimeout(live, 3000); };
  }

  refreshQueue();
  refreshCallbacks();
  live();
  setInterval(refreshQueue, 5000);  // the bot puts visitors in the queue from the action server
  setInterval(refreshCallbacks, 30000);
})();
