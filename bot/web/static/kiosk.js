// Kiosk behaviour around the widget: the advice as a QR code to take home, the privacy statement in an overlay
// (links do not open on a kiosk), and an idle timeout that warns with a countdown and then wipes the screen, the
// tab's storage and the conversation id for the next visitor.
// Styles go through the CSSOM (element.style), never a style attribute: the page's CSP refuses inline styles.
(function () {
  "use strict";
  var page = document.getElementById("kiosk");
  var idleSeconds = parseInt(page.dataset.idleSeconds, 10) || 90;
  var warnSeconds = Math.min(parseInt(page.dataset.warnSeconds, 10) || 15, idleSeconds - 1);
  var dialog = document.getElementById("idle");
  var count = document.getElementById("idle-count");
  var idleTimer = null, tick = null, left = 0, active = false;
  var chat = window.Routeadvies;
  var privacy = document.getElementById("privacy");

  function showQr(event) {
    var card = event.card;
    var figure = document.createElement("figure");
    figure.className = "qr";
    Object.assign(figure.style, { margin: ".8em 0 0", textAlign: "center" });
    var note = document.createElement("figcaption");
    note.textContent = "Even geduld, ik maak een code om je advies mee te nemen...";
    figure.appendChild(note);
    card.appendChild(figure);
    chat.createAdvice().then(function (advice) {
      var img = document.createElement("img");
      img.src = advice.qr;
      img.alt = "QR-code: scan hem met je telefoon om dit advies mee te nemen";
      Object.assign(img.style, { width: "240px", height: "240px", display: "block", margin: "0 auto",
        background: "#fff" });
      img.setAttribute("data-link", advice.url);
      figure.insertBefore(img, note);
      note.textContent = "Scan de code met de camera van je telefoon. Dan neem je dit advies mee. " +
        "De link werkt tot " + chat.dutchDate(advice.expires) + ".";
    }).catch(function (error) { note.textContent = error.message; });
  }

  function showPrivacy() {
    var id = document.getElementById("privacy-id");
    id.querySelector("strong").textContent = chat.conversationId();
    id.hidden = false;
    privacy.hidden = false;
    document.getElementById("privacy-close").focus();
  }
  function hidePrivacy() {
    if (privacy.hidden) return;
    privacy.hidden = true;
    chat.focus();
  }

  function wipe() {
    clearTimeout(idleTimer); clearInterval(tick);
    dialog.hidden = true;
    privacy.hidden = true;
    active = false;
    chat.wipe();
    try { sessionStorage.clear(); localStorage.clear(); } catch (e) { /* nothing kept */ }
  }

  function warn() {
    left = warnSeconds;
    count.textContent = String(left);
    dialog.hidden = false;
    document.getElementById("idle-stay").focus();
    tick = setInterval(function () {
      left -= 1;
      count.textContent = String(Math.max(left, 0));
      if (left <= 0) wipe();
    }, 1000);
  }

  function activity() {
    if (!dialog.hidden) return;  // only the dialog's buttons answer while it is open
    active = true;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(warn, (idleSeconds - warnSeconds) * 1000);
  }

  document.getElementById("idle-stay").addEventListener("click", function () {
    clearInterval(tick); dialog.hidden = true; activity();
    chat.focus();  // back to the conversation
  });
  document.getElementById("idle-end").addEventListener("click", wipe);
  document.getElementById("privacy-open").addEventListener("click", showPrivacy);
  document.getElementById("privacy-close").addEventListener("click", hidePrivacy);
  privacy.addEventListener("keydown", function (e) { if (e.key === "Escape") hidePrivacy(); });
  ["pointerdown", "keydown", "touchstart", "wheel"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true, capture: true });
  });
  chat.on("advice", showQr);
  chat.on("message", function () { if (active) activity(); });
})();
