"""Pieces of ``manage.py loadtest`` (``make loadtest``, ``make loadtest-restart``).

- ``OwnCluster``: a PostgreSQL cluster of the load test's own (initdb under /tmp, its own port,
  run as the postgres user), so a restart never touches the machine's shared cluster;
- ``Client``: residents and visitors over real HTTP to gunicorn (http.client, one thread per
  client, a bounded number of requests in a bounded time, 127.0.0.1 only), logging every answer;
- ``check_*``: after the run, the database is read and compared with the client's log.

A plain Python client rather than locust: no new dependency, every request and its answer is in
our own log (what the checks compare with the database), and the CSRF and session flow is
exactly the browser's.
"""

import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the cluster -------------------------------------------------------------------------------


def _pg_bin() -> Path:
    """The folder of initdb/pg_ctl: Debian keeps them under /usr/lib/postgresql/<version>/bin."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return candidates[-1].parent
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    raise RuntimeError("No pg_ctl found: install the PostgreSQL server (Debian: apt-get install postgresql).")


@dataclass
class OwnCluster:
    folder: Path
    port: int

    def __post_init__(self):
        if self.port == 5432:
            raise ValueError("The load test's cluster never uses 5432, the machine's shared cluster.")
        self.bin = _pg_bin()

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # initdb refuses root
        return subprocess.run([*prefix, *command], capture_output=True, text=True, check=check)  # noqa: S603

    def ensure(self) -> None:
        if (self.folder / "PG_VERSION").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.folder.chmod(0o700)
        self._run(str(self.bin / "initdb"), "-D", str(self.folder), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def running(self) -> bool:
        return self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder), "status", check=False).returncode == 0

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.folder), "-o", options,
            "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """Fast shutdown: every open connection is cut, as in a crash or a fail-over."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder), "-m", "fast", "-w", "stop")

    def connect(self, dbname: str = "postgres"):
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True)

    def recreate_database(self, name: str) -> None:
        with self.connect() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')


# --- the client --------------------------------------------------------------------------------

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["eenzaamheid", "jongeren", "wonen", "zorg", "dementie", "eenzaamhied", "mantelzorg", "vrijwilligers"]


@dataclass
class Record:
    started: float  # seconds since the run began
    ended: float
    kind: str  # view, search, vote, register, login
    status: int  # 0: no answer (connection refused, time-out)
    outcome: str  # ok, success, refused, error
    resident: int | None = None
    target: int | None = None  # theme id (vote) or edition id (register)
    dutch: bool = False  # the answer is a Dutch page (<html lang="nl">)


@dataclass
class Resident:
    index: int
    email: str
    password: str | None = None  # only for those who sign in through the login form
    cookies: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Plan:
    """What the client may do, prepared by the command from the database."""

    pages: list[str]
    round_path: str
    round_id: int
    themes: list[int]
    register_path: str
    open_edition: int
    slots: dict[str, list[int]]  # form field -> session ids (the registration form's radio groups)
    closed_register_path: str
    closed_edition: int


class Client:
    def __init__(self, *, port: int, plan: Plan, residents: list[Resident], seed: int = 1):
        self.port, self.plan, self.residents = port, plan, residents
        self.origin = f"https://127.0.0.1:{port}"
        self.records: list[Record] = []
        self.lock = threading.Lock()
        self.seed = seed
        self.t0 = time.monotonic()

    # one HTTP exchange
    def _request(self, method, path, resident=None, body=None, headers=None):
        headers = {"Accept-Language": "nl", "X-Forwarded-Proto": "https", **(headers or {})}
        if resident is not None:
            with resident.lock:
                if resident.cookies:
                    headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in resident.cookies.items())
        if body is not None:
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin}
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            if resident is not None:
                self._keep_cookies(resident, response.headers.get_all("Set-Cookie") or [])
            return response.status, text, response.headers
        except (OSError, http.client.HTTPException):
            return 0, "", {}
        finally:
            connection.close()

    @staticmethod
    def _keep_cookies(resident, set_cookies):
        with resident.lock:
            for header in set_cookies:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        resident.cookies.pop(name, None)
                    else:
                        resident.cookies[name] = morsel.value

    def _log(self, started, kind, status, outcome, text="", **extra):
        record = Record(
            started=started - self.t0, ended=time.monotonic() - self.t0, kind=kind, status=status,
            outcome=outcome, dutch='<html lang="nl"' in text, **extra,
        )  # fmt: skip
        with self.lock:
            self.records.append(record)
        return record

    def _get(self, kind, path, resident=None):
        started = time.monotonic()
        status, text, _headers = self._request("GET", path, resident)
        self._log(started, kind, status, "ok" if status == 200 else "error", text, resident=_index(resident))
        return status, text

    # what people do
    def login(self, resident):
        status, text = self._get("view", "/account/login/", resident)
        token = TOKEN.search(text)
        started = time.monotonic()
        if status != 200 or token is None:
            return self._log(started, "login", 0, "error", resident=resident.index)
        body = urlencode({"csrfmiddlewaretoken": token[1], "login": resident.email, "password": resident.password})
        status, text, _headers = self._request("POST", "/account/login/", resident, body)
        ok = status == 302 and "sessionid" in resident.cookies
        return self._log(started, "login", status, "success" if ok else "error", text, resident=resident.index)

    def vote(self, resident, rng):
        status, text = self._get("view", self.plan.round_path, resident)
        token = TOKEN.search(text)
        if status != 200 or token is None:
            return
        theme = rng.choice(self.plan.themes)
        started = time.monotonic()
        body = urlencode({"csrfmiddlewaretoken": token[1], "theme": theme})
        path = f"/themas/stemrondes/{self.plan.round_id}/stem/"
        status, text, _headers = self._request("POST", path, resident, body, {"HX-Request": "true"})
        if status == 200 and "alert-success" in text:
            outcome = "success"
        elif status == 200 and "alert-danger" in text:
            outcome = "refused"
        else:
            outcome = "error"
        self._log(started, "vote", status, outcome, text, resident=resident.index, target=theme)

    def register(self, resident, rng):
        closed = rng.random() < 0.15  # some try the edition whose registration has closed: must be refused
        path = self.plan.closed_register_path if closed else self.plan.register_path
        status, text = self._get("view", path, resident)
        token = TOKEN.search(text)
        if status != 200 or token is None:
            return
        fields = {"csrfmiddlewaretoken": token[1]}
        if not closed:
            fields |= {name: rng.choice([*sessions, ""]) for name, sessions in self.plan.slots.items()}
        started = time.monotonic()
        status, text, headers = self._request("POST", path, resident, urlencode(fields))
        if status == 302 and "/mijn/" in headers.get("Location", ""):
            outcome = "success"
        elif status == 200:
            outcome = "refused"
        else:
            outcome = "error"
        edition = self.plan.closed_edition if closed else self.plan.open_edition
        self._log(started, "register", status, outcome, text, resident=resident.index, target=edition)

    def one_action(self, rng):
        resident = rng.choice(self.residents)
        roll = rng.random()
        if roll < 0.25:
            self._get("view", rng.choice(self.plan.pages), resident if rng.random() < 0.5 else None)
        elif roll < 0.40:
            query = urlencode({"q": rng.choice(SEARCHES)})
            self._get("search", f"/zoeken/?{query}", resident if rng.random() < 0.5 else None)
        elif roll < 0.75:
            self.vote(resident, rng)
        else:
            self.register(resident, rng)

    def run(self, *, threads: int, duration: float, max_actions: int) -> None:
        """Each thread acts until ``duration`` seconds have passed or it did ``max_actions`` actions."""
        deadline = self.t0 + duration

        def worker(number):
            rng = random.Random(self.seed * 1000 + number)  # noqa: S311 - load, not secrets
            for _ in range(max_actions):
                if time.monotonic() >= deadline:
                    return
                self.one_action(rng)

        pool = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join(timeout=duration + 60)


def _index(resident):
    return None if resident is None else resident.index


# --- figures and checks ------------------------------------------------------------------------


def by_phase(records: list[Record], phases: list[tuple[str, float, float]]) -> dict[str, dict]:
    table = {}
    for name, start, end in phases:
        inside = [r for r in records if start <= r.started < end]
        table[name] = {
            "seconds": end - start,
            "requests": len(inside),
            "ok": sum(r.outcome in ("ok", "success") for r in inside),
            "refused": sum(r.outcome == "refused" for r in inside),
            "errors": sum(r.outcome == "error" for r in inside),
            "statuses": dict(sorted(Counter(r.status for r in inside if r.outcome == "error").items())),
            "dutch_errors": sum(r.dutch for r in inside if r.outcome == "error"),
            "p95_ms": _p95([r.ended - r.started for r in inside]),
        }
    return table


def _p95(seconds):
    if not seconds:
        return 0
    ordered = sorted(seconds)
    return round(ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000)


def check_votes(records, *, votes_by_resident: dict[int, list[int]], budget: int) -> list[str]:
    """Every vote answered with success exists once, none only refused exists, no budget exceeded."""
    problems = []
    success, refused, unknown = defaultdict(set), defaultdict(set), defaultdict(set)
    for r in records:
        if r.kind == "vote":
            {"success": success, "refused": refused, "error": unknown}[r.outcome][r.resident].add(r.target)
    for resident in sorted(set(success) | set(refused) | set(unknown) | set(votes_by_resident)):
        stored = votes_by_resident.get(resident, [])
        if len(stored) != len(set(stored)):
            problems.append(f"resident {resident}: a theme has more than one vote: {sorted(stored)}")
        stored = set(stored)
        if missing := success[resident] - stored:
            problems.append(f"resident {resident}: votes answered with success are missing: {sorted(missing)}")
        if ghost := (stored & refused[resident]) - success[resident] - unknown[resident]:
            problems.append(f"resident {resident}: refused votes exist: {sorted(ghost)}")
        if unasked := stored - success[resident] - unknown[resident] - refused[resident]:
            problems.append(f"resident {resident}: votes nobody was told about: {sorted(unasked)}")
        if len(stored) > budget:
            problems.append(f"resident {resident}: {len(stored)} votes, over the budget of {budget}")
    return problems


def check_registrations(records, *, registrations: dict[tuple[int, int], list[str]], open_edition: int) -> list[str]:
    """Every registration answered with success exists exactly once; none that was only refused exists."""
    problems = []
    success, refused, unknown = set(), set(), set()
    for r in records:
        if r.kind == "register":
            {"success": success, "refused": refused, "error": unknown}[r.outcome].add((r.resident, r.target))
    for key in sorted(success):
        rows = registrations.get(key, [])
        if len(rows) != 1 or rows[0] not in ("confirmed", "waitlisted"):
            problems.append(f"registration {key} answered with success, stored as {rows}")
    for key in sorted(refused - success - unknown):
        if registrations.get(key):
            problems.append(f"registration {key} was refused but exists: {registrations[key]}")
    for key, rows in sorted(registrations.items()):
        if key not in success | unknown:
            problems.append(f"registration {key} exists ({rows}) without a successful answer")
        if key[1] != open_edition:
            problems.append(f"registration {key} for an edition whose registration is closed")
    return problems


def check_capacity(label: str, *, capacity: int | None, confirmed: int, waiting: int) -> list[str]:
    """No more seats given than there are; nobody waits while a seat is free."""
    if capacity is None:
        return [] if waiting == 0 else [f"{label}: {waiting} waiting without a capacity"]
    problems = []
    if confirmed > capacity:
        problems.append(f"{label}: {confirmed} confirmed, capacity {capacity}")
    if waiting and confirmed < capacity:
        problems.append(f"{label}: {waiting} waiting while {capacity - confirmed} seats are free")
    return problems
