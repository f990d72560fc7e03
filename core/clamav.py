"""Scanning uploads with ClamAV's daemon, where the installation has one (issue 14 item 7).

Settings: ``CLAMAV_SOCKET`` (a Unix socket path) or ``CLAMAV_HOST`` + ``CLAMAV_PORT`` (TCP);
``CLAMAV_TIMEOUT`` seconds. All empty: no scanning. The client speaks clamd's ``INSTREAM``
command itself (``zINSTREAM\\0``, then chunks each prefixed by its length as a 4-byte
big-endian number, then a zero length; the answer is ``stream: OK``,
``stream: <signature> FOUND`` or ``... ERROR``), about thirty lines, so no client library.

Fail closed: when scanning is configured and clamd cannot be reached or answers an error, the
upload is refused with "could not be checked, try again". An installation that turned scanning
on has said unscanned files must not reach the case file; a person who is refused can try again
in a minute (and a reporter can send their report without the file and add it later), while a
file let through unscanned cannot be called back from the staff who open it.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024


class ScanUnavailable(Exception):
    """clamd is configured but did not give an answer (down, timed out, or an error)."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def scanning_enabled() -> bool:
    return bool(getattr(settings, "CLAMAV_SOCKET", "") or getattr(settings, "CLAMAV_HOST", ""))


def _connect() -> socket.socket:
    timeout = float(getattr(settings, "CLAMAV_TIMEOUT", 30))
    path = getattr(settings, "CLAMAV_SOCKET", "")
    if path:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(path)
        return sock
    return socket.create_connection(
        (settings.CLAMAV_HOST, int(getattr(settings, "CLAMAV_PORT", 3310))), timeout=timeout)


def clamav_scan(data: bytes) -> ScanResult:
    """Stream ``data`` to clamd; :class:`ScanUnavailable` when there is no clear answer."""
    try:
        with _connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start:start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        raise ScanUnavailable(f"clamd could not be reached: {exc.__class__.__name__}") from exc
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" OK"):
        return ScanResult(clean=True)
    if answer.endswith(" FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        return ScanResult(clean=False, signature=signature[:200])
    raise ScanUnavailable(f"clamd answered: {answer[:200]!r}")
