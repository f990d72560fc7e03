// Quick exit: open a neutral site and replace this page in the history, so the Back button
// does not return here. Escape pressed twice does the same. Without JavaScript the button is
// an ordinary link to the same neutral site.
(function () {
  function leave(url) {
    try { window.open(url, "_blank", "noopener"); } catch (e) { /* pop-up blocked: fine */ }
    window.location.replace(url);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    leave(link.getAttribute("data-quick-exit"));
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var link = document.querySelector("[data-quick-exit]");
    if (!link) return;
    var now = Date.now();
    if (now - lastEscape < 800) leave(link.getAttribute("data-quick-exit"));
    lastEscape = now;
  });
})();
