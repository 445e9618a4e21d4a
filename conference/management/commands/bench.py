"""Measure page speed over real HTTP against gunicorn in production mode.

``make bench`` loads the demo data and runs this. Each page is requested a fixed number of
times from a few threads after a warm-up; /healthz (no database, tiny body) is the ceiling
the other pages are compared with. Speed is measured here, never in a timed unit test.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conference.models import Edition


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = "Benchmark the main pages over HTTP (gunicorn, production settings)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="requests per page")
        parser.add_argument("--concurrency", type=int, default=4, help="client threads")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")

    def handle(self, *args, requests, concurrency, workers, **options):
        paths = self._paths()
        port = _free_port()
        server = self._start_server(port, workers)
        try:
            self._wait_until_up(port)
            rows = [self._measure(port, path, requests, concurrency) for path in paths]
        finally:
            server.terminate()
            server.wait(timeout=20)
        self._report(rows, requests, concurrency, workers)
        if any(row["errors"] for row in rows):
            raise CommandError("Some pages did not answer 200; see the table above.")

    def _paths(self) -> list[str]:
        paths = ["/healthz", "/", "/edities/", "/themas/", "/werkgroepen/", "/terugblikken/"]
        edition = Edition.objects.published().order_by("-starts_at").first()
        if edition:
            paths.append(edition.get_absolute_url())
            session = edition.sessions.order_by("starts_at", "pk").first()
            if session:
                paths.append(session.get_absolute_url())
        return paths

    def _start_server(self, port: int, workers: int) -> subprocess.Popen:
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_MANIFEST": "false",
            "EMAIL_HOST": "localhost",
        }
        command = [
            sys.executable, "-m", "gunicorn", "conference.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--log-level", "warning",
        ]  # fmt: skip
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603 - fixed argument list

    def _wait_until_up(self, port: int) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self._get(port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not start within 30 seconds.")

    @staticmethod
    def _get(port: int, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path, headers={"Accept-Language": "nl", "X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        finally:
            connection.close()

    def _measure(self, port: int, path: str, requests: int, concurrency: int) -> dict:
        for _ in range(5):
            self._get(port, path)
        lock = threading.Lock()
        timings, errors = [], []

        def one(_index):
            status, seconds = self._get(port, path)
            with lock:
                timings.append(seconds)
                if status != 200:
                    errors.append(status)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(one, range(requests)))
        elapsed = time.perf_counter() - started
        timings.sort()
        return {
            "path": path,
            "rps": requests / elapsed,
            "p50": statistics.median(timings) * 1000,
            "p95": timings[int(len(timings) * 0.95) - 1] * 1000,
            "errors": sorted(set(errors)),
        }

    def _report(self, rows: list[dict], requests: int, concurrency: int, workers: int) -> None:
        ceiling = rows[0]["rps"]
        self.stdout.write(
            f"{requests} requests per page, {concurrency} client threads, gunicorn with {workers} workers"
        )
        self.stdout.write(f"{'page':<45} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'of ceiling':>10}  errors")
        for row in rows:
            share = f"{row['rps'] / ceiling:.0%}"
            errors = ",".join(map(str, row["errors"])) or "-"
            self.stdout.write(
                f"{row['path']:<45} {row['rps']:>8.1f} {row['p50']:>8.1f} {row['p95']:>8.1f} {share:>10}  {errors}"
            )
