// A report's "Send" button answers one press only (was inline in reporting/public/check.html;
// issue 14: no inline script under the Content-Security-Policy).
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("[data-send-once]");
  if (!button) return;
  if (button.getAttribute("aria-disabled") === "true") { event.preventDefault(); return; }
  button.setAttribute("aria-disabled", "true");
  button.textContent = "Sending…";
});
