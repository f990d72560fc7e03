"""A small OpenID Connect provider for the tests, served on 127.0.0.1 in a thread: discovery,
JWKS, authorize and token endpoints, RS256 ID tokens signed with a key made for the run."""

from __future__ import annotations

import json
import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class OIDCProvider:
    client_id = "standing-together"
    client_secret = "provider-secret-for-tests"

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key"
        self.identity: dict = {}  # the claims the next sign-in asserts
        self.nonce_override: str | None = None
        self.codes: dict[str, dict] = {}
        self.server = make_server("127.0.0.1", 0, self.app, handler_class=_Quiet)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # -- the WSGI app --------------------------------------------------------------------------
    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/.well-known/openid-configuration":
            return self._json(start_response, {
                "issuer": self.issuer,
                "authorization_endpoint": self.issuer + "/authorize",
                "token_endpoint": self.issuer + "/token",
                "jwks_uri": self.issuer + "/jwks",
                "id_token_signing_alg_values_supported": ["RS256"],
            })
        if path == "/jwks":
            jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
            jwk.update(kid=self.kid, alg="RS256", use="sig")
            return self._json(start_response, {"keys": [jwk]})
        if path == "/authorize":
            if query.get("client_id") != self.client_id:
                return self._json(start_response, {"error": "unauthorized_client"}, "400 Bad")
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": query.get("nonce"), "redirect_uri": query["redirect_uri"]}
            location = query["redirect_uri"] + "?" + urlencode(
                {"code": code, "state": query["state"]})
            start_response("302 Found", [("Location", location)])
            return [b""]
        if path == "/token":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
            grant = self.codes.pop(form.get("code", ""), None)
            if (grant is None or form.get("client_secret") != self.client_secret
                    or form.get("redirect_uri") != grant["redirect_uri"]):
                return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
            now = int(time.time())
            claims = {"iss": self.issuer, "aud": self.client_id, "sub": "subject-1",
                      "iat": now, "exp": now + 300,
                      "nonce": self.nonce_override or grant["nonce"], **self.identity}
            id_token = jwt.encode(claims, self.key, algorithm="RS256",
                                  headers={"kid": self.kid})
            return self._json(start_response, {"access_token": "access", "token_type": "Bearer",
                                               "id_token": id_token, "expires_in": 300})
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    @staticmethod
    def _json(start_response, body, status="200 OK"):
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]
