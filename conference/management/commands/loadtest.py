"""``make loadtest`` / ``make loadtest-restart``: many residents at once, and nothing lost.

On a PostgreSQL cluster of its own (``conference.loadtest.OwnCluster``, port 5499 by default,
never the machine's 5432) it builds a fresh database (migrate, demo data, residents with
server-side sessions, a few who sign in through the real login form), starts gunicorn with
several workers and the task worker in production mode, and lets client threads view pages,
search, vote and register for a bounded time. ``--restart-database`` stops PostgreSQL in the
middle (fast shutdown: every connection cut) and starts it again; the app is not restarted.

Afterwards it reads the database and compares it with the client's log: every vote and
registration answered with success exists exactly once, none that was refused exists, no vote
budget or capacity is exceeded, every e-mail the run queued was sent. With a restart, every
request that started 10 s or more after the database was back must have succeeded. The figures
go to ``bench/results/loadtest.md`` (this command's section of it). Not part of ``make test``.
"""

import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.models import Count, Q
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conference import loadtest, selectors, services
from conference.auth_backends import SESSION_BACKEND
from conference.models import Edition, OutgoingEmail, Registration, SessionChoice, User
from conference.tasks import compose_email
from themes.models import Theme, Vote, VotingRound

RECOVERY_LIMIT = 10.0  # seconds after the database is back by which every request must succeed
HEADER = """# Load test results

Written by `make loadtest` and `make loadtest-restart` (`conference/management/commands/loadtest.py`),
each into its own section below; see README "Load and faults". Requests go to gunicorn on
127.0.0.1 in production mode, on a PostgreSQL cluster of the load test's own. "ok" counts pages
answered 200 and votes, registrations and logins answered with success; "refused" counts votes
and registrations the portal turned down on purpose (budget used, theme already chosen,
registration closed); "errors" counts everything else (5xx, no answer).
"""


class Command(BaseCommand):
    help = "Load test over HTTP against gunicorn on a PostgreSQL cluster of its own; checks nothing was lost."
    # The model checks ask the database for its version (generated columns); that database is the one this
    # command starts, so the checks run once it is up (in handle), not before.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=100)
        parser.add_argument("--real-logins", type=int, default=6, help="residents who sign in through the form")
        parser.add_argument("--clients", type=int, default=16, help="client threads")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
        parser.add_argument("--duration", type=float, default=45.0, help="seconds of load")
        parser.add_argument("--max-actions", type=int, default=2000, help="per client thread, a hard bound")
        parser.add_argument("--restart-database", action="store_true")
        parser.add_argument("--restart-at", type=float, default=12.0, help="seconds into the load")
        parser.add_argument("--outage", type=float, default=5.0, help="seconds the database stays down")
        parser.add_argument("--cluster-dir", type=Path, default=Path("/tmp/werkconferentie-loadtest-pg"))  # noqa: S108
        parser.add_argument("--output", type=Path, default=settings.BASE_DIR / "bench" / "results" / "loadtest.md")
        parser.add_argument("--logs", type=Path, default=settings.BASE_DIR / "var" / "loadtest")

    def handle(self, *args, **options):
        db = connections["default"].settings_dict
        cluster = self._cluster(db, options["cluster_dir"])
        self.stdout.write(f"Cluster {cluster.folder} on port {cluster.port}; database {db['NAME']} made anew")
        cluster.recreate_database(db["NAME"])
        self.check(display_num_errors=False)
        connections.close_all()
        plan, residents = self._prepare(options["residents"], options["real_logins"])
        options["logs"].mkdir(parents=True, exist_ok=True)
        port = loadtest.free_port()
        env = self._production_env(port)
        server = self._spawn(self._gunicorn(port, options["workers"]), env, options["logs"] / "gunicorn.log")
        worker = self._spawn(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.5"],
            env,
            options["logs"] / "worker.log",
        )
        try:
            self._wait_until_up(port)
            result = self._load(cluster, port, plan, residents, options)
            result["worker_alive_after_load"] = worker.poll() is None
            connections.close_all()  # the orchestrator's own connection died with a restart
            result["emails"] = self._drain_outbox(residents)
            result["worker_alive"] = worker.poll() is None
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=30)
        result["worker_outage_warnings"] = (options["logs"] / "worker.log").read_text().count("Database unavailable")
        result["problems"] = self._check(result.pop("records"), plan, residents, result)
        self._report(result, options)
        if result["problems"]:
            raise CommandError(f"{len(result['problems'])} problems; see above and {options['output']}.")

    # --- set-up ---------------------------------------------------------------------------------

    def _cluster(self, db, folder) -> loadtest.OwnCluster:
        if db["ENGINE"] != "django.db.backends.postgresql" or db.get("HOST") not in ("127.0.0.1", "localhost"):
            raise CommandError("DATABASE_URL must point at the load test's own cluster on 127.0.0.1 (see Makefile).")
        port = int(db.get("PORT") or 5432)
        if port == 5432:
            raise CommandError("The load test never runs on port 5432 (the machine's shared cluster): use 5499.")
        if settings.SECRET_KEY.startswith("django-insecure"):
            raise CommandError("Set SECRET_KEY: gunicorn runs in production mode and shares it (sessions).")
        cluster = loadtest.OwnCluster(folder=folder, port=port)
        cluster.ensure()
        if not cluster.running():
            cluster.start()
        return cluster

    def _prepare(self, count: int, real_logins: int) -> tuple[loadtest.Plan, list[loadtest.Resident]]:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        edition = next(e for e in Edition.objects.published().order_by("-starts_at") if e.registration_is_open())
        # Fewer seats than residents, so the waiting lists fill up under load: capacity is what is checked.
        edition = services.save_edition(edition=edition, capacity=max(count // 4, 1))
        for session in edition.sessions.filter(capacity__isnull=False):
            services.save_session(conference=edition, session=session, capacity=max(count // 12, 1))
        closed = Edition.objects.published().exclude(pk=edition.pk).order_by("-starts_at").first()
        round_ = VotingRound.objects.get(conference=edition)
        themes = list(
            Theme.objects.filter(conference=edition, status=Theme.Status.PUBLISHED).values_list("pk", flat=True)
        )
        slots = {}
        for index, slot in enumerate(selectors.programme(edition)):  # the registration form's fields
            choosable = [s.pk for s in slot["sessions"] if s.needs_registration]
            if choosable:
                slots[f"slot_{index}"] = choosable
        plan = loadtest.Plan(
            pages=["/", "/edities/", edition.get_absolute_url(), "/themas/", round_.get_absolute_url(),
                   "/werkgroepen/", "/terugblikken/", "/themas/stemrondes/"],
            round_path=round_.get_absolute_url(), round_id=round_.pk, themes=themes,
            register_path=reverse("conference:register", args=[edition.slug]), open_edition=edition.pk, slots=slots,
            closed_register_path=reverse("conference:register", args=[closed.slug]), closed_edition=closed.pk,
        )  # fmt: skip
        return plan, self._residents(count, real_logins)

    def _residents(self, count: int, real_logins: int) -> list[loadtest.Resident]:
        """Accounts with a verified address; most get a session made here, the first few sign in by form."""
        engine = import_module(settings.SESSION_ENGINE)
        residents = []
        for index in range(count):
            email = f"loadtest-{index}@example.org"
            user = User(email=email, display_name=f"Inwoner {index}")
            password = f"Loadtest-{os.urandom(8).hex()}" if index < real_logins else None
            user.set_password(password) if password else user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            resident = loadtest.Resident(index=user.pk, email=email, password=password)
            if password is None:
                session = engine.SessionStore()
                session[SESSION_KEY] = str(user.pk)
                session[BACKEND_SESSION_KEY] = SESSION_BACKEND
                session[HASH_SESSION_KEY] = user.get_session_auth_hash()
                session.create()
                resident.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
            residents.append(resident)
        return residents

    def _production_env(self, port: int) -> dict:
        env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "EMAIL_HOST")}
        return env | {
            "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_MANIFEST": "false",
            "DATABASE_CONN_MAX_AGE": "60",
            "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
            "PYTHONUNBUFFERED": "1",
        }

    @staticmethod
    def _gunicorn(port: int, workers: int) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "conference.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", str(workers), "--log-level", "warning", "--timeout", "60"]  # fmt: skip

    @staticmethod
    def _spawn(command, env, log: Path) -> subprocess.Popen:
        handle = log.open("w")
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603

    @staticmethod
    def _wait_until_up(port: int) -> None:
        import http.client

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start within 60 seconds.")

    # --- the load ----------------------------------------------------------------------------------

    def _load(self, cluster, port, plan, residents, options) -> dict:
        client = loadtest.Client(port=port, plan=plan, residents=residents)
        for resident in residents:  # one after the other: each login hashes the password (deliberately slow)
            if resident.password:
                client.login(resident)
        events = {}
        load_started = time.monotonic() - client.t0
        if options["restart_database"]:
            restart = (cluster, client, load_started + options["restart_at"], options["outage"], events)
            threading.Thread(target=self._restart, args=restart, daemon=True).start()
        client.run(
            threads=options["clients"], duration=load_started + options["duration"], max_actions=options["max_actions"]
        )
        end = time.monotonic() - client.t0
        if options["restart_database"]:
            if "back" not in events:
                raise CommandError("The database did not come back during the run.")
            phases = [
                ("sign-in", 0, load_started),
                ("before", load_started, events["stop"]),
                ("outage", events["stop"], events["back"]),
                ("recovery (10 s)", events["back"], events["back"] + RECOVERY_LIMIT),
                ("after", events["back"] + RECOVERY_LIMIT, end),
            ]
        else:
            phases = [("sign-in", 0, load_started), ("load", load_started, end)]
        records = client.records
        late = [r for r in records if "back" in events and r.started >= events["back"] and r.outcome == "error"]
        return {
            "records": records,
            "phases": loadtest.by_phase(records, phases),
            "events": events,
            "recovery_seconds": round(max((r.ended for r in late), default=events.get("back", 0)) - events["back"], 1)
            if "back" in events
            else None,
            "seconds": round(end, 1),
            "logins": sum(r.kind == "login" and r.outcome == "success" for r in records),
        }

    @staticmethod
    def _restart(cluster, client, at, outage, events):
        time.sleep(max(at - (time.monotonic() - client.t0), 0))
        events["stop"] = round(time.monotonic() - client.t0, 2)
        cluster.stop()
        events["down"] = round(time.monotonic() - client.t0, 2)
        time.sleep(outage)
        cluster.start()  # pg_ctl -w: returns once the server accepts connections
        events["back"] = round(time.monotonic() - client.t0, 2)

    def _drain_outbox(self, residents) -> dict:
        """Let the worker compose and send what the run queued (it must have survived the restart to do so).

        Registration e-mails are composed by the worker (``notifications.later``): until then they are a
        task, not yet a row in the outbox, so both must be done.
        """
        emails = OutgoingEmail.objects.filter(to__in=[r.email for r in residents])
        to_compose = DBTaskResult.objects.filter(
            task_path=compose_email.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (
            to_compose.exists() or emails.filter(claimed_at__isnull=True, sent_at__isnull=True).exists()
        ):
            time.sleep(1)
        return {
            "queued": emails.count(),
            "sent": emails.filter(sent_at__isnull=False).count(),
            "claimed_not_sent": emails.filter(claimed_at__isnull=False, sent_at__isnull=True).count(),
            "waiting": emails.filter(claimed_at__isnull=True, sent_at__isnull=True).count() + to_compose.count(),
        }

    # --- checks and report -----------------------------------------------------------------------

    def _check(self, records, plan, residents, result) -> list[str]:
        ids = [r.index for r in residents]
        round_ = VotingRound.objects.get(pk=plan.round_id)
        votes = defaultdict(list)
        for voter, theme in Vote.objects.filter(ballot__round=round_, ballot__voter__in=ids).values_list(
            "ballot__voter", "theme"
        ):
            votes[voter].append(theme)
        registrations = defaultdict(list)
        for user, edition, status in Registration.objects.filter(user__in=ids).values_list(
            "user", "conference", "status"
        ):
            registrations[(user, edition)].append(status)
        problems = loadtest.check_votes(records, votes_by_resident=votes, budget=round_.votes_per_voter)
        problems += loadtest.check_registrations(records, registrations=registrations, open_edition=plan.open_edition)
        problems += self._capacity(plan.open_edition)
        result["stored"] = {
            "votes": sum(map(len, votes.values())),
            "registrations": sum(map(len, registrations.values())),
            **self._seats(plan.open_edition),
        }
        result["answers"] = {
            kind: {o: sum(r.kind == kind and r.outcome == o for r in records) for o in ("success", "refused", "error")}
            for kind in ("vote", "register")
        }
        if result["phases"]["sign-in"]["errors"] or result["logins"] < sum(bool(r.password) for r in residents):
            problems.append("a resident could not sign in through the login form")
        stop = result["events"].get("stop")
        if stop is not None and any(r.outcome == "error" and r.ended < stop for r in records):
            problems.append("requests failed before the database was stopped")
        if result["phases"].get("after", {}).get("errors") or result["phases"].get("load", {}).get("errors"):
            problems.append("requests failed outside the permitted outage window")
        emails = result["emails"]
        if emails["waiting"] or emails["queued"] == 0:
            problems.append(f"the worker did not send every queued e-mail: {emails}")
        if not result["worker_alive"]:
            problems.append("the task worker died")
        return problems

    @staticmethod
    def _capacity(edition_id) -> list[str]:
        edition = Edition.objects.get(pk=edition_id)
        counts = edition.registrations.aggregate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        problems = loadtest.check_capacity(f"edition {edition.slug}", capacity=edition.capacity, **counts)
        for session in edition.sessions.filter(capacity__isnull=False):
            choices = SessionChoice.objects.filter(session=session, registration__status=Registration.Status.CONFIRMED)
            problems += loadtest.check_capacity(
                f"session {session.pk}",
                capacity=session.capacity,
                confirmed=choices.filter(status=SessionChoice.Status.CONFIRMED).count(),
                waiting=choices.filter(status=SessionChoice.Status.WAITLISTED).count(),
            )
        return problems

    @staticmethod
    def _seats(edition_id) -> dict:
        edition = Edition.objects.get(pk=edition_id)
        return {
            "edition_capacity": edition.capacity,
            "confirmed": edition.registrations.filter(status=Registration.Status.CONFIRMED).count(),
            "waitlisted": edition.registrations.filter(status=Registration.Status.WAITLISTED).count(),
        }

    def _report(self, result, options) -> None:
        mode = "restart" if options["restart_database"] else "steady"
        lines = [
            f"<!-- loadtest:{mode} -->",
            f"### `make loadtest{'-restart' if mode == 'restart' else ''}`",
            "",
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"gunicorn {options['workers']} workers, {options['clients']} client threads, {options['residents']} "
            f"residents ({result['logins']} signed in through the login form), {result['seconds']} s; "
            f"load average at the end {os.getloadavg()[0]:.1f} (the machine is shared: compare runs with care).",
            "",
            "| phase | seconds | requests | ok | refused | errors | error statuses | Dutch error pages | p95 ms |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, row in result["phases"].items():
            statuses = ", ".join(f"{code or 'no answer'}: {n}" for code, n in row["statuses"].items()) or "-"
            lines.append(
                f"| {name} | {row['seconds']:.1f} | {row['requests']} | {row['ok']} | {row['refused']} | "
                f"{row['errors']} | {statuses} | {row['dutch_errors']} | {row['p95_ms']} |"
            )
        answers, stored, emails = result["answers"], result["stored"], result["emails"]
        lines += [
            "",
            f"- Votes: {answers['vote']['success']} answered with success, {answers['vote']['refused']} refused, "
            f"{answers['vote']['error']} without an answer; {stored['votes']} stored.",
            f"- Registrations: {answers['register']['success']} answered with success, "
            f"{answers['register']['refused']} refused, {answers['register']['error']} without an answer; "
            f"{stored['registrations']} stored: {stored['confirmed']} confirmed of {stored['edition_capacity']} seats, "
            f"{stored['waitlisted']} on the waiting list (with the demo's own registrations).",
            f"- E-mails the run queued: {emails['queued']}, sent {emails['sent']}, claimed but not sent "
            f"{emails['claimed_not_sent']}, still waiting {emails['waiting']}; task worker alive: "
            f"{'yes' if result['worker_alive'] else 'NO'} (it logged {result['worker_outage_warnings']} "
            "'Database unavailable' waits).",
        ]
        if result["events"]:
            events = result["events"]
            lines.append(
                f"- Database stopped at {events['stop']} s, down at {events['down']} s, back at {events['back']} s; "
                f"last failed request ended {result['recovery_seconds']} s after it was back "
                f"(limit {RECOVERY_LIMIT:.0f} s). Phases go by the time a request started: the errors under "
                "'before' were in flight when the database stopped (none ended before it)."
            )
        lines.append(
            "- Checks: "
            + ("all passed." if not result["problems"] else "FAILED: " + "; ".join(result["problems"][:20]))
        )
        lines.append(f"<!-- /loadtest:{mode} -->")
        section = "\n".join(lines)
        self.stdout.write(section)
        self._write_section(options["output"], mode, section)
        (options["logs"] / f"{mode}.json").write_text(json.dumps(result, indent=2))

    @staticmethod
    def _write_section(path: Path, mode: str, section: str) -> None:
        text = path.read_text() if path.exists() else HEADER
        start, end = f"<!-- loadtest:{mode} -->", f"<!-- /loadtest:{mode} -->"
        if start in text and end in text:
            text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
