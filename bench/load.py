"""Throughput against a real server: gunicorn on a spare localhost port (the production
command's shape: ``config.wsgi``, sync workers), driven by ``wrk`` when it is installed
(``apt-get install wrk``) or else by a small Python load generator (threads, one connection per
request as gunicorn's sync workers close them), which on a small machine takes CPU from the
server and so measures lower. Traffic goes to 127.0.0.1 only, for a bounded time."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def wrk_path() -> str | None:
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving the application on 127.0.0.1, against ``database_url``."""

    def __init__(self, database_url: str, *, workers: int = 2) -> None:
        self.database_url = database_url
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open for the server
            prefix="bench-gunicorn-", suffix=".log", delete=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        env = {**os.environ, "DATABASE_URL": self.database_url,
               "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE",
                                                        "config.settings.bench")}
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "gunicorn", "bench.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log.name}")
            try:
                status, _ = request(self.base + "/__bench__/bare/")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s: see {self.log.name}")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def request(url: str, *, method: str = "GET", body: bytes | None = None,
            headers: dict | None = None, timeout: float = 30) -> tuple[int, bytes]:
    match = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    assert match, url
    conn = http.client.HTTPConnection(match[1], int(match[2]), timeout=timeout)
    try:
        conn.request(method, match[3], body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Throughput:
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0  # answers other than 2xx (wrk: other than 2xx/3xx), socket errors, time-outs
    tool: str = ""
    statuses: dict[int, int] = field(default_factory=dict)
    note: str = ""

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def session_cookie(user) -> str:
    """A logged-in session for ``user``, stored in the database the server uses (the same
    ``SESSION_ENGINE``), as the cookie header value."""
    from .sessions import staff_client

    client = staff_client(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def run_load(url: str, *, seconds: float, connections: int = 8, method: str = "GET",
             body: bytes | None = None, headers: dict | None = None,
             loadgen: str = "auto") -> Throughput:
    """Requests to ``url`` for ``seconds`` (longer for a slow page: at least ten times one
    request, so that the rate rests on more than a handful of answers). One request first must
    succeed (2xx): a page that redirects to the login page would otherwise be counted as
    served."""
    started = time.monotonic()
    try:
        status, _ = request(url, method=method, body=body, headers=headers, timeout=300)
    except OSError as exc:
        return Throughput(errors=1, note=f"no answer: {exc}")
    one = time.monotonic() - started
    if not 200 <= status < 300:
        return Throughput(errors=1, note=f"answered {status}, not 2xx: not measured")
    seconds = max(seconds, 10 * one)
    if loadgen == "wrk" or (loadgen == "auto" and wrk_path()):
        result = _wrk(url, seconds=seconds, connections=connections, method=method, body=body,
                      headers=headers or {})
    else:
        result = _python(url, seconds=seconds, connections=connections, method=method,
                         body=body, headers=headers or {})
        result.note = ("Python load generator: lower than wrk" if loadgen == "python" else
                       "wrk not installed (apt-get install wrk): Python load generator, lower")
    drain(url)
    return result


def drain(url: str) -> None:
    """Wait until the server has answered what the load left queued (wrk stops sending at the
    end, but requests it sent may still wait for a worker), so the next measurement starts on
    an idle server."""
    base = re.match(r"(http://[^/]+)", url)
    if base:
        with contextlib.suppress(OSError):
            request(base[1] + "/__bench__/bare/", timeout=600)


_LUA = """
wrk.method = {method}
wrk.body = {body}
{headers}
"""


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string for ASCII text


def _wrk(url, *, seconds, connections, method, body, headers) -> Throughput:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA.format(
            method=_lua_string(method),
            body=_lua_string((body or b"").decode()) if body else "nil",
            headers="\n".join(f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}"
                              for k, v in headers.items())))
    try:
        completed = subprocess.run(  # noqa: S603 - wrk from PATH, our own arguments
            [wrk_path() or "wrk", "-t", "2", "-c", str(connections), "-d", f"{int(seconds)}s",
             "--timeout", "30s", "-s", script.name, url],
            capture_output=True, text=True, timeout=seconds + 60, check=False)
    finally:
        os.unlink(script.name)
    out = completed.stdout
    result = Throughput(tool="wrk")
    total = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out)
    if not total:
        result.note = f"wrk output not understood: {out.strip()[:200]} {completed.stderr[:200]}"
        result.errors = 1
        return result
    result.requests = int(total[1])
    unit = {"ms": 0.001, "s": 1.0, "m": 60.0}[total[3]]
    result.seconds = float(total[2]) * unit
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result.errors = int(non_2xx[1]) if non_2xx else 0
    if socket_errors:
        result.errors += sum(int(x) for x in socket_errors.groups())
    return result


def _python(url, *, seconds, connections, method, body, headers) -> Throughput:
    result = Throughput(tool="python")
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        while time.monotonic() < stop_at:
            try:
                status, _ = request(url, method=method, body=body, headers=headers)
            except OSError:
                status = 0
            with lock:
                result.requests += 1
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if not 200 <= status < 300:
                    result.errors += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    result.seconds = time.monotonic() - started
    return result


def submission_body() -> bytes:
    """An anonymous disclosure through the public API, as a client would send it."""
    return json.dumps({
        "reporter_role": "student", "perspective": "self", "categories": ["harassment"],
        "when": "last_month", "location": "hall",
        "narrative": "Someone in my hall keeps sending me messages at night. " * 6,
        "wants": ["support"], "anonymous": True,
    }).encode()
