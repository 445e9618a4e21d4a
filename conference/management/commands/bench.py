"""Measure the portal over real HTTP: gunicorn in production mode, loaded by wrk (``make bench``).

Run it through ``bench/run`` (``make bench``, ``make bench-scale``), which prepares the database
(``load_bench``), the production environment and the load generator. Every row is measured for the
same fixed time at the same number of connections, one after another; ``/healthz`` (no database,
no template), measured first and again last in the same run, is the ceiling the other rows are compared
with (the mean of both). Speed is measured here, never in a unit test.
"""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from conference.bench import proofs, report, servers, targets, wrk
from conference.bench.report import Line

WRITES_LUA = Path(settings.BASE_DIR) / "bench" / "wrk" / "writes.lua"
QUERY_HEADER = "X-Bench-Queries"
#: A slow answer is measured, not dropped: wrk's own default counts anything over 2 s as an error.
WRK_TIMEOUT = "120s"
#: The write rows: what each kind is called in the table (``--only`` matches these too).
WRITE_LABELS = {"vote": "casting votes", "register": "registering for sessions"}


def _seconds(duration: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    return float(duration[:-1]) * units[duration[-1]] if duration[-1] in units else float(duration)


class Command(BaseCommand):
    help = "Benchmark the portal over HTTP with wrk against gunicorn in production mode (see README, Speed)."

    def add_arguments(self, parser):
        parser.add_argument("--duration", default="10s", help="how long each row is measured (wrk -d), e.g. 10s")
        parser.add_argument("--connections", type=int, default=16, help="open connections (wrk -c)")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads (wrk -t)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes per instance")
        parser.add_argument("--output", default="bench/results/latest.md", help="the results file")
        parser.add_argument("--scale-out", action="store_true", help="two instances behind nginx (make bench-scale)")
        parser.add_argument(
            "--only", default="", help="measure only the rows (pages or writes) whose label contains this text"
        )
        parser.add_argument("--scale", default="", help="the load_bench scale, for the results file")

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: apt-get install wrk (make bench installs it).")
        if settings.DEBUG:
            raise CommandError("Run the bench with production settings (DEBUG=false): use make bench.")
        self.options = options
        self.commit = report.commit()  # the code measured, even if a commit lands while the bench runs
        self.output = Path(settings.BASE_DIR) / options["output"]
        cache.clear()  # the bench's own cache (bench/run gives it a Redis database of its own)
        if options["scale_out"]:
            self._scale_out()
        else:
            self._bench()

    # --- make bench ------------------------------------------------------------------------

    def _bench(self):
        opts = self.options
        rows = targets.page_rows()
        if opts["only"]:
            rows = [rows[0], *(row for row in rows[1:] if opts["only"] in row.label)]
        resident = targets.residents().order_by("pk").first()
        signed_in = targets.cookie(targets.sessions_for([resident])[resident.pk])
        before = report.machine()
        server = servers.Gunicorn(env=servers.production_env(), workers=opts["workers"])
        try:
            lines = [self._measure(server.port, row, signed_in) for row in rows]
            lines += [
                self._write_row(server.port, kind) for kind, label in WRITE_LABELS.items() if opts["only"] in label
            ]
            # The ceiling once more at the end: a machine that runs faster or slower for a while moves one
            # measurement of it, and every share with it; the shares use the mean of both.
            again = self._measure(server.port, rows[0], signed_in)
            again.label = report.CEILING_AGAIN
            lines.append(again)
        finally:
            server.stop()
        ceiling = (lines[0].rps + lines[-1].rps) / 2
        for line in lines:
            line.share = line.rps / ceiling if ceiling else None
        self._print(lines)
        body = self._bench_section(lines, before)
        if not opts["only"]:
            report.write_section(self.output, f"bench scale {opts['scale'] or '?'}", body)
            report.compare_scales(self.output, str(opts["scale"] or ""))
            self.stdout.write(f"Written: {self.output}")
        if any(line.errors for line in lines):
            raise CommandError("Some rows had errors; see the table above.")

    def _wrk(self, port: int, path: str, *, headers=None, script=None, env=None) -> wrk.WrkResult:
        """One row. A row too slow to answer every connection once is measured again, four times as long."""
        opts = self.options
        duration = opts["duration"]
        for attempt in range(2):
            servers.drain(port)
            result = wrk.run(
                f"http://127.0.0.1:{port}{path}",
                duration=duration,
                connections=opts["connections"],
                threads=opts["threads"],
                headers={"Accept-Language": "nl", **(headers or {})},
                script=script,
                env=env,
                timeout=WRK_TIMEOUT,
            )
            servers.drain(port)  # the next row starts on an idle server
            result.duration = duration
            if result.requests >= opts["connections"] or script is not None or attempt:
                return result
            duration = f"{_seconds(duration) * 4:g}s"
            self.stdout.write(f"    only {result.requests} answers: measured again for {duration}")
        return result

    def _measure(self, port: int, row: targets.Row, signed_in_cookie: str) -> Line:
        headers = {"Cookie": signed_in_cookie} if row.signed_in else {}
        queries = "-"
        for _warm_up in range(4):  # every worker renders the page once before the clock runs
            status, answer, _body = servers.get(port, row.path, headers)
            if status != 200:
                raise CommandError(f"{row.path} answered {status} before the run.")
            if row.signed_in and reverse("account_logout") not in _body:  # the header of someone signed in
                raise CommandError(f"{row.path} did not open as a signed-in resident.")
            queries = answer.get(QUERY_HEADER, "-")
        self.stdout.write(f"  {row.label} ({'signed in' if row.signed_in else 'anonymous'}) ...")
        result = self._wrk(port, row.path, headers=headers)
        note = "" if result.duration == self.options["duration"] else f"measured for {result.duration}"
        if not result.requests:
            note = f"no answer within {result.duration}"
        return Line(
            row.label,
            "resident" if row.signed_in else "anonymous",
            result.rps,
            None,
            result.p50_ms,
            result.p99_ms,
            result.errors + (0 if result.requests else 1),
            queries,
            note,
        )

    def _write_row(self, port: int, kind: str) -> Line:
        """Votes or session choices, each request from another signed-in resident; then count what was stored."""
        opts = self.options
        people = targets.reset_writes()
        needed = targets.writes_needed(_seconds(opts["duration"]), opts["connections"])
        probe_person, people = people[-1], people[:-1]
        per_person = 3 if kind == "vote" else 1
        people = people[: needed // per_person + 1]
        sessions = targets.sessions_for([*people, probe_person])
        make = targets.vote_lines if kind == "vote" else targets.register_lines
        lines = make(people, sessions, needed)
        requests = targets.write_file(lines, servers.VAR / f"{kind}-requests.tsv")
        env = {
            "BENCH_REQUESTS": str(requests),
            "BENCH_THREADS": str(opts["threads"]),
            "BENCH_SESSION_COOKIE": settings.SESSION_COOKIE_NAME,
            "BENCH_CSRF_COOKIE": settings.CSRF_COOKIE_NAME,
            "PATH": "/usr/bin:/bin",
        }
        label = WRITE_LABELS[kind]
        self.stdout.write(f"  {label} ({len(lines)} different requests ready) ...")
        result = self._wrk(port, "/", script=WRITES_LUA, env=env)
        stored = targets.stored_writes(kind, people)
        answered = result.requests - result.errors
        missing = max(0, answered - stored)
        note = f"{missing} not stored" if missing else ""
        if result.requests > len(lines):
            note = f"{note}; " if note else ""
            note += f"ran out of prepared requests ({len(lines)})"
        probe = make([probe_person], sessions, 1)[0].split("\t")
        _status, answer, _body = self._probe_write(port, probe, sessions[probe_person.pk])
        return Line(
            label,
            "residents",
            result.rps,
            None,
            result.p50_ms,
            result.p99_ms,
            result.errors + missing,
            answer.get(QUERY_HEADER, "-"),
            note,
        )

    @staticmethod
    def _probe_write(port, probe, session):
        headers = {
            "Cookie": targets.cookie(session),
            "X-CSRFToken": session[1],
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return servers.get(port, probe[0], headers, method="POST", body=probe[3])

    def _print(self, lines: list[Line]) -> None:
        self.stdout.write(report.table(lines))

    def _settings_line(self) -> str:
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        database = settings.DATABASES["default"]
        return (
            f"DEBUG=false, gunicorn {self.options['workers']} sync workers, {database['ENGINE'].rsplit('.', 1)[-1]} "
            f"(CONN_MAX_AGE={database.get('CONN_MAX_AGE', 0)}), cache {cache}, sessions "
            f"{settings.SESSION_ENGINE.rsplit('.', 1)[-1]}"
        )

    def _bench_section(self, lines: list[Line], machine: str) -> str:
        opts = self.options
        return "\n".join(
            [
                f"## make bench, scale {opts['scale'] or '?'}",
                "",
                f"- run: {report.stamp()}, commit {self.commit}",
                f"- machine: {machine}",
                f"- data: `load_bench --scale {opts['scale'] or '?'}`",
                f"- load: `wrk -t{opts['threads']} -c{opts['connections']} -d{opts['duration']} --latency "
                f"--timeout {WRK_TIMEOUT}` per row, one row after another on an idle server, 127.0.0.1 only",
                f"- settings: {self._settings_line()}",
                "- queries/request: counted by the bench-only middleware (`X-Bench-Queries`) on a warm request",
                "",
                report.table(lines),
                "",
                "Anonymous visitors get published pages from the page cache; signed-in residents get pages whose "
                "shared parts come from it (README, *Speed*).",
                "",
                "Targets of the issue *Speed at scale*:",
                "",
                *(f"- {text}" for text in report.targets(lines)),
            ]
        )

    # --- make bench-scale ------------------------------------------------------------------

    def _scale_out(self):
        opts = self.options
        if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
            raise CommandError("bench-scale needs the shared cache in Redis: set REDIS_URL (bench/run does).")
        env = servers.production_env()
        before = report.machine()
        first = servers.Gunicorn(env=env, workers=opts["workers"])
        second = servers.Gunicorn(env=env, workers=opts["workers"])
        balancers = []
        try:
            resident = targets.residents().order_by("pk").first()
            checks = proofs.run_all(
                first.port,
                second.port,
                email=resident.email,
                password=os.environ.get("PORTAL_BENCH_PASSWORD", ""),
                name=resident.display_name,
                stdout=self.stdout,
            )
            one = servers.Nginx([first.port])
            balancers.append(one)
            two = servers.Nginx([first.port, second.port])
            balancers.append(two)
            rows = self._scale_rows()
            signed_in = targets.cookie(targets.sessions_for([resident])[resident.pk])
            results = []
            for row in rows:
                for name, balancer in (("one instance", one), ("two instances", two)):
                    line = self._measure(balancer.port, row, signed_in)
                    line.label = f"{row.label}: {name}"
                    results.append(line)
        finally:
            for process in [*balancers, second, first]:
                process.stop()
        self._print(results)
        report.write_section(self.output, "bench-scale", self._scale_section(results, checks, before))
        self.stdout.write(f"Written: {self.output}")
        if any(line.errors for line in results) or not all(check.passed for check in checks):
            raise CommandError("A check failed or a row had errors; see above.")

    @staticmethod
    def _scale_rows() -> list[targets.Row]:
        wanted = {"/healthz (ceiling)", "home", "theme search ?q=eenzaamheid", "one workgroup with its timeline"}
        rows = targets.page_rows()
        chosen = [row for row in rows if row.label in wanted and not row.signed_in]
        chosen += [row for row in rows if row.signed_in and row.label == "home"]
        return chosen

    def _scale_section(self, lines: list[Line], checks, machine: str) -> str:
        opts = self.options
        pairs = {}
        for line in lines:
            base, _sep, name = line.label.rpartition(": ")
            pairs.setdefault((base, line.visitor), {})[name] = line
        table = [
            "| page | visitor | one instance req/s | two instances req/s | two / one | p99 ms (two) | errors "
            "| queries |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for (base, visitor), both in pairs.items():
            one, two = both["one instance"], both["two instances"]
            ratio = two.rps / one.rps if one.rps else 0
            table.append(
                f"| {base} | {visitor} | {one.rps:,.1f} | {two.rps:,.1f} | {ratio:.2f}x | {report._ms(two.p99_ms)} "
                f"| {one.errors + two.errors} | {two.queries} |"
            )
        return "\n".join(
            [
                "## make bench-scale",
                "",
                f"- run: {report.stamp()}, commit {self.commit}",
                f"- machine: {machine}",
                f"- data: `load_bench --scale {opts['scale'] or '?'}`",
                f"- setup: nginx (Debian, config in `var/bench/`) on 127.0.0.1 in front of one or two gunicorn "
                f"instances of {opts['workers']} workers each; Redis as the shared cache (sessions, rate limits); "
                "one PostgreSQL",
                f"- load: `wrk -t{opts['threads']} -c{opts['connections']} -d{opts['duration']} --latency` "
                "through nginx",
                f"- settings: {self._settings_line()}",
                "",
                "Shared state across the two instances (checked before measuring):",
                "",
                *(f"- {'✔' if check.passed else '✘'} {check.text}" for check in checks),
                "",
                *table,
            ]
        )
