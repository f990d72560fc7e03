// Quick exit: open a neutral site, and replace this page in the history with the quick-exit
// address, which deletes the saved draft and forgets the session before it sends the browser
// on to the same neutral site; so the Back button does not return here, and nothing written
// can be brought back. Escape pressed twice does the same. Without JavaScript the button is an
// ordinary link to the quick-exit address.
(function () {
  function leave(link) {
    var neutral = link.getAttribute("data-quick-exit");
    try { window.open(neutral, "_blank", "noopener"); } catch (e) { /* pop-up blocked: fine */ }
    window.location.replace(link.href || neutral);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    leave(link);
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var link = document.querySelector("[data-quick-exit]");
    if (!link) return;
    var now = Date.now();
    if (now - lastEscape < 800) leave(link);
    lastEscape = now;
  });
})();
