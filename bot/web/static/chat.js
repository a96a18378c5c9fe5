// Chat page: sends the visitor's text to /api/chat and shows the replies.
// Replies are inserted as text (never as HTML), so nothing a message contains can run.
(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("form");
  const input = document.getElementById("input");
  let sender = sessionStorage.getItem("routeadvies-sender");
  if (!sender) {
    sender = "web-" + Math.random().toString(36).slice(2) + Date.now().toString(36);
    sessionStorage.setItem("routeadvies-sender", sender);
  }

  const URL_PATTERN = /(https?:\/\/[^\s)]+[^\s).,])/g;

  // Text with its web addresses as links; every piece is a text node, never parsed HTML.
  function fillWithLinks(element, text) {
    text.split(URL_PATTERN).forEach(function (part, index) {
      if (index % 2 === 1) {
        const link = document.createElement("a");
        link.href = part;
        link.textContent = part;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        element.appendChild(link);
      } else if (part) {
        element.appendChild(document.createTextNode(part));
      }
    });
  }

  function add(kind, text) {
    const item = document.createElement("li");
    item.className = "msg " + kind;
    if (kind === "bot") { fillWithLinks(item, text); } else { item.textContent = text; }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function addButtons(item, buttons) {
    const row = document.createElement("div");
    row.className = "buttons";
    buttons.forEach(function (b) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", function () { send(b.payload, b.title); });
      row.appendChild(button);
    });
    item.appendChild(row);
  }

  async function send(message, shown) {
    add("user", shown || message);
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: message }),
      });
      const body = await response.json();
      if (!response.ok) { add("error", body.error || "Er ging iets mis. Probeer het opnieuw."); return; }
      body.forEach(function (m) {
        // Structured data for other channels (e.g. the printable routeadvies) has its text sent too.
        if (!m.text && !m.buttons) return;
        const item = add("bot", m.text || "");
        if (m.buttons) addButtons(item, m.buttons);
      });
    } catch (e) {
      add("error", "Geen verbinding. Controleer je internet en probeer het opnieuw.");
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    send(text);
  });
})();
