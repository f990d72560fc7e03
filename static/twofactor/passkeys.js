// Passkeys on the account's two-factor page (issue 14 item 2): once django-otp-webauthn's
// script has registered a passkey, post its id with the name the user typed, which saves the
// name and reloads the list. A static file, so the Content-Security-Policy stays script 'self'.
document.addEventListener("otp_webauthn.register_complete", function (event) {
  var form = document.getElementById("passkey-name-form");
  var field = document.getElementById("passkey-id");
  if (!form || !field || !event.detail || !event.detail.id) {
    window.location.reload();
    return;
  }
  field.value = String(event.detail.id);
  form.submit();
});
