// Proof of work (core/work.py): while the person reads the page, find a nonce so that
// sha256(challenge + nonce) starts with the asked number of zero bits, and put it in the form.
// A form sent before the work is done waits for it (at most 30 seconds, then goes without:
// the server still accepts it, under its stricter limit for requests without work).
(function () {
  if (!window.crypto || !window.crypto.subtle || !window.TextEncoder) return;
  var encoder = new TextEncoder();
  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer), count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { count += 1; b <<= 1; }
      return count;
    }
    return count;
  }
  function solve(challenge, bits) {
    var nonce = 0;
    function step() {
      var batch = [];
      for (var k = 0; k < 256; k++, nonce++) {
        (function (n) {
          batch.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge + n))
            .then(function (d) { return zeroBits(d) >= bits ? String(n) : null; }));
        })(nonce);
      }
      return Promise.all(batch).then(function (found) {
        for (var j = 0; j < found.length; j++) if (found[j] !== null) return found[j];
        return step();
      });
    }
    return step();
  }
  document.querySelectorAll("input[data-work-bits]").forEach(function (input) {
    var form = input.form;
    var challenge = form.querySelector("input[name=work_challenge]").value;
    var done = false, waiting = false;
    var work = solve(challenge, parseInt(input.getAttribute("data-work-bits"), 10))
      .then(function (nonce) { input.value = nonce; done = true; });
    form.addEventListener("submit", function (event) {
      if (done) return;
      event.preventDefault();
      if (waiting) return;
      waiting = true;
      var send = function () { HTMLFormElement.prototype.submit.call(form); };
      Promise.race([work, new Promise(function (r) { setTimeout(r, 30000); })])
        .then(send, send);
    });
  });
})();
