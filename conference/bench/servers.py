"""The processes a bench run starts: gunicorn instances and, for scale-out, nginx in front of them.

Everything listens on 127.0.0.1 only, on free ports; nginx runs from its own configuration under
``var/bench/`` (never the system's default site). Each process is stopped by its own id.
"""

import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

VAR = Path(settings.BASE_DIR) / "var" / "bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production server, as the README's Production section sets it.

    The secret key comes from the caller's environment (``bench/run`` generates one per run), so
    the sessions the bench creates are valid on the servers it starts.
    """
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback; TLS is the proxy's job
        "PORTAL_BENCH_QUERY_COUNT": "true",
        "LOG_LEVEL": "ERROR",
    }
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    env.update(extra)
    return env


def get(port: int, path: str, headers: dict | None = None, *, method="GET", body: str | None = None):
    """One request; returns (status, headers as a dict, body text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request(method, path, body=body, headers={"Accept-Language": "nl", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"Nothing answered /healthz on port {port} within {seconds:.0f} seconds.")


def drain(port: int, seconds: float = 300) -> None:
    """Wait until the requests a load run left queued are done: /healthz answers at once again."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        get(port, "/healthz")
        if time.monotonic() - started < 0.2:
            return
    raise RuntimeError(f"The server on port {port} was still busy after {seconds:.0f} seconds.")


class Gunicorn:
    """``gunicorn conference.wsgi --workers N --bind 127.0.0.1:PORT``, as the README recommends."""

    def __init__(self, *, env: dict, workers: int = 2, port: int | None = None):
        self.port = port or free_port()
        command = [
            sys.executable, "-m", "gunicorn", "conference.wsgi", "--workers", str(workers),
            "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603 - fixed argv
        try:
            wait_until_up(self.port)
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


NGINX_CONF = """\
# Written by the bench (conference/bench/servers.py): a load balancer on the loopback only.
worker_processes 1;
pid {var}/nginx.pid;
error_log {var}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {var}/tmp/body;
    proxy_temp_path {var}/tmp/proxy;
    fastcgi_temp_path {var}/tmp/fastcgi;
    uwsgi_temp_path {var}/tmp/uwsgi;
    scgi_temp_path {var}/tmp/scgi;
    proxy_max_temp_file_size 0;
    proxy_buffers 64 16k;
    # Compress what the portal sends as text (a long edition page: 350 KB of HTML, 22 KB gzipped);
    # WhiteNoise already sends static files compressed, nginx leaves those alone.
    gzip on;
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_proxied any;
    gzip_vary on;
    gzip_types application/atom+xml application/json text/calendar text/css application/javascript;
    upstream portal {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


class Nginx:
    """Debian's nginx as a round-robin load balancer over the given upstream ports."""

    def __init__(self, upstreams: list[int], port: int | None = None):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise RuntimeError("nginx is not installed (apt-get install nginx); bench/run installs it.")
        self.port = port or free_port()
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (VAR / "tmp" / name).mkdir(parents=True, exist_ok=True)
        servers = "\n".join(f"        server 127.0.0.1:{upstream};" for upstream in upstreams)
        conf = VAR / f"nginx-{self.port}.conf"
        conf.write_text(NGINX_CONF.format(var=VAR, servers=servers, port=self.port), encoding="utf-8")
        command = [binary, "-p", str(VAR), "-e", str(VAR / "nginx-error.log"), "-c", str(conf)]
        self.process = subprocess.Popen(command)  # noqa: S603 - fixed argv
        try:
            wait_until_up(self.port, 20)
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
