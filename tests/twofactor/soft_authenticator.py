"""A software passkey for tests (issue 14 item 2): an EC P-256 key that answers WebAuthn
ceremonies as a browser and authenticator would, so registration and verification are tested
end to end through the real endpoints. "none" attestation; the counter is ours to set."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from base64 import urlsafe_b64decode, urlsafe_b64encode

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

BASE = "/accounts/two-factor/passkeys/"
UP, UV, AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftPasskey:
    def __init__(self, *, rp_id: str | None = None, origin: str | None = None):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.rp_id = rp_id or settings.OTP_WEBAUTHN_RP_ID
        self.origin = origin or settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0]
        self.counter = 0

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                            -3: numbers.y.to_bytes(32, "big")})

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge,
                           "origin": origin or self.origin, "crossOrigin": False}).encode()

    def attestation(self, options: dict, *, origin: str | None = None) -> dict:
        """The browser's answer to ``navigator.credentials.create(options)``."""
        auth_data = (hashlib.sha256(self.rp_id.encode()).digest()
                     + bytes([UP | UV | AT]) + struct.pack(">I", self.counter)
                     + bytes(16) + struct.pack(">H", len(self.credential_id))
                     + self.credential_id + self._cose_key())
        attestation_object = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return {"id": b64url(self.credential_id), "rawId": b64url(self.credential_id),
                "type": "public-key", "authenticatorAttachment": "platform",
                "response": {"clientDataJSON": b64url(client_data),
                             "attestationObject": b64url(attestation_object),
                             "transports": ["internal"]},
                "clientExtensionResults": {"credProps": {"rk": True}}}

    def assertion(self, options: dict, *, origin: str | None = None,
                  counter: int | None = None) -> dict:
        """The browser's answer to ``navigator.credentials.get(options)``; the counter goes up
        by one unless given."""
        self.counter = self.counter + 1 if counter is None else counter
        auth_data = (hashlib.sha256(self.rp_id.encode()).digest() + bytes([UP | UV])
                     + struct.pack(">I", self.counter))
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(),
                                  ec.ECDSA(hashes.SHA256()))
        return {"id": b64url(self.credential_id), "rawId": b64url(self.credential_id),
                "type": "public-key",
                "response": {"clientDataJSON": b64url(client_data),
                             "authenticatorData": b64url(auth_data),
                             "signature": b64url(signature), "userHandle": None},
                "clientExtensionResults": {}}


def post_json(client, path: str, data: dict | None = None):
    return client.post(path, json.dumps(data or {}), content_type="application/json")


def register(client, passkey: SoftPasskey, **kwargs):
    options = post_json(client, f"{BASE}registration/begin/").json()
    return post_json(client, f"{BASE}registration/complete/",
                     passkey.attestation(options, **kwargs))


def authenticate(client, passkey: SoftPasskey, *, next_url: str = "", tamper=None, **kwargs):
    options = post_json(client, f"{BASE}authentication/begin/").json()
    if tamper:
        options = tamper(options)
    query = f"?next={next_url}" if next_url else ""
    return post_json(client, f"{BASE}authentication/complete/{query}",
                     passkey.assertion(options, **kwargs))
