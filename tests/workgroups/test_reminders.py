import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from conference.models import OutgoingEmail
from conference.tasks import send_email
from tests.factories import EditionFactory, PartnerFactory
from tests.workgroups.factories import ProgressReportFactory, WorkgroupFactory, WorkgroupMembershipFactory
from tests.workgroups.mail_backends import FlakyBackend
from workgroups import services
from workgroups.models import ProgressReport, ReportReminder, Workgroup, WorkgroupMembership

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def _group_with_lead(**kwargs):
    workgroup = WorkgroupFactory(**kwargs)
    lead = PartnerFactory()
    WorkgroupMembershipFactory(workgroup=workgroup, user=lead, role=WorkgroupMembership.Role.LEAD)
    return workgroup, lead


def _run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)


def test_reminder_is_queued_once_per_lead_per_edition(django_capture_on_commit_callbacks):
    edition = EditionFactory(starts_at=timezone.now() + timedelta(weeks=3))
    _group_with_lead()
    _group_with_lead()

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            call_command("send_report_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert ReportReminder.objects.filter(conference=edition).count() == 2
    assert OutgoingEmail.objects.count() == 2
    assert DBTaskResult.objects.count() == 2


def test_no_reminder_for_groups_that_submitted_or_are_paused_or_far_away():
    edition = EditionFactory(starts_at=timezone.now() + timedelta(weeks=3))
    EditionFactory(starts_at=timezone.now() + timedelta(weeks=20))
    submitted, _lead = _group_with_lead()
    ProgressReportFactory(workgroup=submitted, conference=edition, status=ProgressReport.Status.SUBMITTED)
    drafting, drafting_lead = _group_with_lead()
    ProgressReportFactory(workgroup=drafting, conference=edition, status=ProgressReport.Status.DRAFT)
    _group_with_lead(status=Workgroup.Status.PAUSED)

    count = services.queue_report_reminders()

    assert count == 1
    assert list(ReportReminder.objects.values_list("lead", flat=True)) == [drafting_lead.pk]


def test_reminder_weeks_are_configurable(settings):
    EditionFactory(starts_at=timezone.now() + timedelta(weeks=3))
    _group_with_lead()
    settings.WORKGROUP_REMINDER_WEEKS = 2

    assert services.queue_report_reminders() == 0
    assert services.queue_report_reminders(weeks=4) == 1


@pytest.mark.django_db(transaction=True)  # the worker manages its own transactions
def test_worker_sends_each_email_once_even_when_started_twice():
    edition = EditionFactory(starts_at=timezone.now() + timedelta(weeks=3))
    for _ in range(3):
        _group_with_lead()
    services.queue_report_reminders()
    for email in OutgoingEmail.objects.all():  # a duplicate task for every e-mail, as after a crash
        send_email.enqueue(email.pk)

    _run_worker()
    _run_worker()

    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.subject.startswith("Herinnering: voortgangsrapportage")
    assert str(edition) in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_failed_send_is_retried_and_sent_once(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.workgroups.mail_backends.FlakyBackend"}}
    FlakyBackend.failures_left = 1
    EditionFactory(starts_at=timezone.now() + timedelta(weeks=3))
    _group_with_lead()
    services.queue_report_reminders()

    _run_worker()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # the retry is due now
    _run_worker()
    _run_worker()

    email = OutgoingEmail.objects.get()
    assert len(mail.outbox) == 1
    assert (email.attempts, email.last_error) == (2, "mail server unavailable")
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True)) == [
        "FAILED",
        "SUCCESSFUL",
    ]


def test_email_sent_but_not_stamped_is_not_sent_again(monkeypatch):
    """The mail server took the e-mail, then the database failed: a retry must not send it twice."""
    EditionFactory(starts_at=timezone.now() + timedelta(weeks=3))
    _group_with_lead()
    services.queue_report_reminders()
    email = OutgoingEmail.objects.get()
    update, save_update = QuerySet.update, QuerySet._update

    def failing_update(self, **kwargs):  # queryset.update(sent_at=...)
        if "sent_at" in kwargs:
            raise DatabaseError("connection lost")
        return update(self, **kwargs)

    def failing_save_update(self, values, *args, **kwargs):  # email.save(update_fields=["sent_at", ...])
        if any(field.name == "sent_at" for field, _model, _value in values):
            raise DatabaseError("connection lost")
        return save_update(self, values, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(QuerySet, "update", failing_update)
        patch.setattr(QuerySet, "_update", failing_save_update)
        with pytest.raises(DatabaseError):
            send_email.call(email.pk)
    outcome = send_email.call(email.pk)  # the retry after the crash

    email.refresh_from_db()
    assert len(mail.outbox) == 1
    assert outcome == "already claimed"
    assert email.claimed_at is not None
    assert email.sent_at is None


def _worker(number):
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"test-worker-{number}",
        excluded_queue_names=[],
    )


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_email_once(settings, monkeypatch):
    """Each e-mail's task is followed right away by a duplicate, so the two workers take an
    e-mail and its duplicate at the same moment. Claiming is slowed down (and so is the mail
    server), so both read the row before either has claimed it: only the row lock keeps them
    from both sending it. Without select_for_update in conference.tasks this sends 8 e-mails."""
    settings.MAILERS = {"default": {"BACKEND": "tests.workgroups.mail_backends.SlowBackend"}}
    save = OutgoingEmail.save

    def slow_claim(self, *args, **kwargs):
        if kwargs.get("update_fields") == ["claimed_at"]:
            time.sleep(0.2)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(OutgoingEmail, "save", slow_claim)
    EditionFactory(starts_at=timezone.now() + timedelta(weeks=3))
    for _ in range(4):
        _group_with_lead()
    services.queue_report_reminders()
    DBTaskResult.objects.all().delete()  # keep the e-mails, queue their tasks again in pairs:
    for email in OutgoingEmail.objects.order_by("pk"):
        send_email.enqueue(email.pk)
        send_email.enqueue(email.pk)  # the duplicate, next in the queue
    assert DBTaskResult.objects.count() == 8
    errors = []

    def work(number):
        try:
            _worker(number).run()  # the command's body, without its signal handlers (main thread only)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(number,)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(OutgoingEmail.objects.values_list("to", flat=True))
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 0
    outcomes = list(DBTaskResult.objects.values_list("return_value", flat=True))
    assert outcomes.count("sent") == 4
    assert set(outcomes) - {"sent"} <= {"already claimed", "already sent"}
    assert "already claimed" in outcomes  # a duplicate did arrive while its original was being sent


def test_email_links_use_the_portal_host(settings):
    from conference.mail import absolute_url as absolute

    settings.PORTAL_BASE_URL = ""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["werkconferentie.example.nl"]
    assert absolute("/werkgroepen/") == "https://werkconferentie.example.nl/werkgroepen/"
    settings.PORTAL_BASE_URL = "https://portaal.example.nl/"
    assert absolute("/werkgroepen/") == "https://portaal.example.nl/werkgroepen/"


def test_email_subject_is_not_html_escaped():
    EditionFactory(starts_at=timezone.now() + timedelta(weeks=3))
    _group_with_lead(name="Zorg & welzijn")

    services.queue_report_reminders()

    assert "Zorg & welzijn" in OutgoingEmail.objects.get().subject
    assert "Zorg &amp; welzijn" in OutgoingEmail.objects.get().body_html
