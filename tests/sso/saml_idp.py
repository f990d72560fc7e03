"""A SAML identity provider for the tests: pysaml2's own ``saml2.server.Server`` with a
self-signed certificate made for the run. It is called directly (no network): the test reads
our AuthnRequest from the redirect and posts the IdP's signed response to our ACS."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import AUTHN_PASSWORD_PROTECTED, NAME_FORMAT_URI, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server

ENTITY_ID = "https://idp.kingsway.test/idp/shibboleth"


def self_signed(directory, name: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .sign(key, hashes.SHA256()))
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


def _config(key_file: str, cert_file: str, sp_metadata: str | None) -> IdPConfig:
    config = IdPConfig()
    config.load({
        "entityid": ENTITY_ID,
        "xmlsec_binary": shutil.which("xmlsec1"),
        "key_file": key_file,
        "cert_file": cert_file,
        "metadata": {"inline": [sp_metadata]} if sp_metadata else {},
        "service": {"idp": {
            "endpoints": {"single_sign_on_service": [
                ("https://idp.kingsway.test/sso", BINDING_HTTP_REDIRECT)]},
            "name_id_format": [NAMEID_FORMAT_TRANSIENT],
            "policy": {"default": {"lifetime": {"minutes": 15},
                                   "attribute_restrictions": None,
                                   "name_form": NAME_FORMAT_URI}},
        }},
    })
    return config


class SAMLIdP:
    def __init__(self, directory, name: str = "idp"):
        self.key_file, self.cert_file = self_signed(directory, name)
        self.config = _config(self.key_file, self.cert_file, None)

    def metadata(self) -> str:
        return str(entity_descriptor(self.config))

    def trust_sp(self, sp_metadata: str) -> None:
        self.server = Server(config=_config(self.key_file, self.cert_file, sp_metadata))

    def respond(self, redirect_location: str, identity: dict, *, signed: bool = True) -> str:
        """The base64 SAMLResponse answering the AuthnRequest in ``redirect_location``."""
        query = parse_qs(urlparse(redirect_location).query)
        request = self.server.parse_authn_request(query["SAMLRequest"][0],
                                                  BINDING_HTTP_REDIRECT)
        message = request.message
        response = self.server.create_authn_response(
            identity=identity, in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_TRANSIENT, text="transient-1"),
            authn={"class_ref": AUTHN_PASSWORD_PROTECTED},
            userid="transient-1", sign_response=signed, sign_assertion=signed)
        return base64.b64encode(str(response).encode()).decode()
