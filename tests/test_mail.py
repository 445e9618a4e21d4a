# ruff: noqa: RUF001 - Dutch text quotes titles with typographic single quotes
"""Every e-mail of the portal, through the one outbox, read as the person who gets it.

Each case causes one kind of e-mail the way the portal does (a service call), with the person
who causes it working in English. The whole pipeline runs: the service stores the e-mail in the
outbox inside its transaction, the commit enqueues the task, the task claims and sends it. The
test then reads what arrived: the right person, Dutch text, and only absolute links to the
portal (``PORTAL_BASE_URL``), in the text, in the HTML and in a calendar attachment.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from icalendar import Calendar

from conference import notifications
from conference import services as conference_services
from conference.models import OutgoingEmail
from conference.tasks import send_email
from tests.conference.factories import SessionFactory
from tests.factories import CoordinatorFactory, EditionFactory, PartnerFactory, UserFactory
from tests.themes.factories import ThemeFactory
from tests.workgroups.factories import ProgressReportFactory, WorkgroupFactory, WorkgroupMembershipFactory
from themes import services as theme_services
from themes.models import Theme
from workgroups import services as workgroup_services
from workgroups.models import ProgressReport, WorkgroupMembership

pytestmark = pytest.mark.django_db

BASE = "https://portaal.example.nl"
URL = re.compile(r"https?://[^\s\"'<>]+")
#: A path written where a link belongs: at the start of a line or after a space or a colon.
RELATIVE = re.compile(r"(?:^|[\s:(])(/[\w\-./?=&%]*)", re.MULTILINE)
HREF = re.compile(r"""href=["']([^"']*)["']""")
#: English from the templates that must never reach a Dutch reader.
ENGLISH = ("Dear ", "Kind regards", "Your ", "You are", "You now", "The edition", "Theme:", "waiting list")


@dataclass
class Sent:
    recipients: list[str]
    subject: str
    phrases: list[str]  # Dutch sentences the body must contain
    ics: bool = False


@pytest.fixture(autouse=True)
def _pipeline(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PORTAL_BASE_URL = BASE + "/"  # a trailing slash must not give "//" in links


# --- One function per kind of e-mail: set up, clear the outbox, cause the e-mail ----------------


def registration_confirmed(run):
    edition = EditionFactory(title="Werkconferentie voorjaar")
    session = SessionFactory(conference=edition, title="Wonen met zorg")
    person = UserFactory()
    run(lambda: conference_services.register(conference=edition, user=person, sessions=[session]))
    return Sent(
        [person.email],
        "Uw aanmelding voor Werkconferentie voorjaar",
        ["U bent aangemeld voor Werkconferentie voorjaar.", "Uw sessies:", "Wonen met zorg"],
        ics=True,
    )


def registration_waitlisted(run):
    edition = EditionFactory(title="Werkconferentie voorjaar", capacity=1)
    conference_services.register(conference=edition, user=UserFactory())
    person = UserFactory()
    run(lambda: conference_services.register(conference=edition, user=person))
    return Sent(
        [person.email],
        "U staat op de wachtlijst voor Werkconferentie voorjaar (plaats 1)",
        ["De editie Werkconferentie voorjaar is vol. U staat op de wachtlijst, plaats 1."],
    )


def place_at_the_edition(run):
    edition = EditionFactory(title="Werkconferentie voorjaar", capacity=1)
    holder = conference_services.register(conference=edition, user=UserFactory())
    waiting = conference_services.register(conference=edition, user=UserFactory())
    run(lambda: conference_services.cancel_registration(registration=holder))
    return Sent(
        [waiting.user.email],
        "U hebt nu een plaats bij Werkconferentie voorjaar",
        ["U stond op de wachtlijst en bent nu aangemeld voor Werkconferentie voorjaar."],
        ics=True,
    )


def place_in_a_session(run):
    session = SessionFactory(title="Wonen met zorg", capacity=1)
    holder = conference_services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    waiting = conference_services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    run(lambda: conference_services.cancel_registration(registration=holder))
    return Sent(
        [waiting.user.email],
        "U hebt nu een plaats in ‘Wonen met zorg’",
        ["Goed nieuws: er is een plaats voor u vrijgekomen.", "U hebt nu een plaats in:\n- "],
        ics=True,
    )


def session_removed(run):
    session = SessionFactory(title="Wonen met zorg")
    person = UserFactory()
    conference_services.register(conference=session.conference, user=person, sessions=[session])
    run(lambda: conference_services.delete_session(session=session))
    return Sent(
        [person.email],
        "‘Wonen met zorg’ gaat niet door",
        ["Uw aanmelding voor de editie blijft staan.", "Uw aanmelding wijzigen of afmelden: "],
        ics=True,
    )


def theme_published(run):
    theme = ThemeFactory(status=Theme.Status.SUBMITTED, title="Samen eten")
    run(lambda: theme_services.publish_theme(theme=theme))
    return Sent(
        [theme.submitted_by.email],
        "Uw thema is gepubliceerd",
        ["Goed nieuws: uw thema is gepubliceerd.", "Thema: Samen eten\n"],
    )


def theme_rejected(run):
    theme = ThemeFactory(status=Theme.Status.SUBMITTED, title="Samen eten")
    run(lambda: theme_services.reject_theme(theme=theme, reason="Past bij het meldpunt."))
    return Sent(
        [theme.submitted_by.email],
        "Uw thema is niet gepubliceerd",
        ["Uw thema is niet gepubliceerd. De reden:\n\nPast bij het meldpunt.\n", "Thema: Samen eten\n"],
    )


def theme_merged(run):
    into = ThemeFactory(title="Samen eten in de wijk")
    theme = ThemeFactory(conference=into.conference, status=Theme.Status.SUBMITTED, title="Eten met de buren")
    run(lambda: theme_services.merge_theme(theme=theme, into=into))
    return Sent(
        [theme.submitted_by.email],
        "Uw thema is samengevoegd",
        ["Uw thema lijkt veel op “Samen eten in de wijk”. We hebben ze samengevoegd", "Thema: Eten met de buren\n"],
    )


def _workgroup():
    workgroup = WorkgroupFactory(name="Eenzaamheid")
    lead, member = PartnerFactory(), PartnerFactory()
    WorkgroupMembershipFactory(workgroup=workgroup, user=lead, role=WorkgroupMembership.Role.LEAD)
    WorkgroupMembershipFactory(workgroup=workgroup, user=member)
    workgroup_services.add_member(workgroup=workgroup, name="Dokter Jansen")  # no account: no e-mail
    return workgroup, lead, member


def report_sent_back(run):
    workgroup, _lead, member = _workgroup()
    report = ProgressReportFactory(workgroup=workgroup, author=member, status=ProgressReport.Status.SUBMITTED)
    run(lambda: workgroup_services.send_back_report(report=report, comment="Vul de doelen aan."))
    return Sent(
        [member.email],
        "Uw voortgangsrapportage van Eenzaamheid is teruggestuurd",
        ["De regiegroep heeft uw voortgangsrapportage teruggestuurd", "Vul de doelen aan."],
    )


def report_published(run):
    workgroup, lead, member = _workgroup()
    report = ProgressReportFactory(workgroup=workgroup, author=member, status=ProgressReport.Status.SUBMITTED)
    run(lambda: workgroup_services.publish_report(report=report))
    return Sent(
        [lead.email, member.email],
        "De voortgangsrapportage van Eenzaamheid is gepubliceerd",
        ["is gepubliceerd. Iedereen kan die nu lezen."],
    )


def decision_recorded(run):
    workgroup, lead, member = _workgroup()
    report = ProgressReportFactory(workgroup=workgroup, author=member, status=ProgressReport.Status.SUBMITTED)
    decide = workgroup_services.record_decision
    run(lambda: decide(report=report, decided_by=CoordinatorFactory(), decision=ProgressReport.Decision.CONTINUE))
    return Sent(
        [lead.email, member.email],
        "Besluit voor Eenzaamheid: Doorgaan",
        ["Er is een besluit genomen over Eenzaamheid", "Besloten op "],
    )


def report_reminder(run):
    EditionFactory(title="Werkconferentie najaar", starts_at=timezone.now() + timedelta(weeks=3))
    _group, lead, _member = _workgroup()
    run(workgroup_services.queue_report_reminders)
    return Sent(
        [lead.email],
        "Herinnering: voortgangsrapportage van Eenzaamheid voor Werkconferentie najaar",
        ["Uw werkgroep Eenzaamheid heeft de voortgangsrapportage nog niet ingediend."],
    )


KINDS = [
    registration_confirmed,
    registration_waitlisted,
    place_at_the_edition,
    place_in_a_session,
    session_removed,
    theme_published,
    theme_rejected,
    theme_merged,
    report_sent_back,
    report_published,
    decision_recorded,
    report_reminder,
]


def _links_are_absolute(text: str) -> list[str]:
    """Every link in ``text``: each must start with the portal's address."""
    links = URL.findall(text)
    assert links, "an e-mail without a link to the portal"
    assert [link for link in links if not link.startswith(BASE + "/")] == []
    assert "//" not in "".join(link.removeprefix("https://") for link in links)
    assert "/en/" not in text
    assert RELATIVE.findall(URL.sub("", text)) == []
    return links


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_each_email_reaches_the_right_person_in_dutch_with_absolute_links(kind, django_capture_on_commit_callbacks):
    def run(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True), translation.override("en"):  # the actor: English
            action()

    sent = kind(run)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(sent.recipients)
    assert all(len(m.to) == 1 for m in mail.outbox)
    for message in mail.outbox:
        assert message.subject == sent.subject
        body = message.body
        assert body.startswith("Beste ")
        for phrase in sent.phrases:
            assert phrase in body
        assert [word for word in ENGLISH if word in body] == []
        links = _links_are_absolute(body)
        for html in [c for c, mimetype in message.alternatives if mimetype == "text/html"]:
            hrefs = HREF.findall(html)
            assert hrefs and all(href.startswith(BASE + "/") for href in hrefs)
            assert set(hrefs) <= set(links)
            assert '<html lang="nl">' in html
        calendars = [a for a in message.attachments if a.mimetype == "text/calendar"]
        assert len(calendars) == (1 if sent.ics else 0)
        for calendar in calendars:
            for event in Calendar.from_ical(calendar.content).walk("VEVENT"):
                assert str(event["url"]).startswith(BASE + "/")
    stored = OutgoingEmail.objects.filter(to__in=sent.recipients, subject=sent.subject)
    assert stored.count() == len(sent.recipients)
    assert all(email.sent_at is not None and email.attempts == 1 for email in stored)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_each_email_is_sent_once_however_often_its_task_runs(kind, django_capture_on_commit_callbacks):
    def run(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()

    sent = kind(run)
    emails = list(OutgoingEmail.objects.filter(subject=sent.subject).order_by("pk"))

    outcomes = [send_email.call(email.pk) for email in emails for _ in range(2)]  # a duplicate task, twice

    assert outcomes == ["already sent"] * 2 * len(sent.recipients)
    assert len(mail.outbox) == len(sent.recipients)


def test_queueing_the_same_email_twice_stores_and_sends_it_once(resident, django_capture_on_commit_callbacks):
    edition = EditionFactory()
    registration = conference_services.register(conference=edition, user=resident)
    first = OutgoingEmail.objects.get()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = notifications.registration_received(registration.pk)

    assert again == first
    assert callbacks == []  # nothing new to send
    assert OutgoingEmail.objects.count() == 1


def test_an_email_rolled_back_with_its_change_is_never_sent(resident, django_capture_on_commit_callbacks):
    """The outbox row is written in the caller's transaction: a failed change leaves no e-mail behind."""
    from django.db import transaction

    edition = EditionFactory()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        conference_services.register(conference=edition, user=resident)
        raise RuntimeError("the request failed after the registration")

    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []
