// Copies a report's receipt (was inline in reporting/public/done.html; issue 14: no inline
// script under the Content-Security-Policy).
(function () {
  var button = document.querySelector("[data-copy]");
  var status = document.getElementById("copy-status");
  if (!button) return;
  document.getElementById("copy-line").hidden = false;
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "absolute";
    area.style.left = "-9999px"; document.body.appendChild(area); area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  function said(ok) {
    status.textContent = ok ? "Copied. Paste it somewhere only you can see." :
      "Could not copy. Please write it down.";
  }
  button.addEventListener("click", function () {
    var text = button.getAttribute("data-copy");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { said(true); },
        function () { said(fallback(text)); });
    } else {
      said(fallback(text));
    }
  });
})();
