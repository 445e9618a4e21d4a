"""Query counts per page do not grow with the data.

Each test measures a page with one edition, then adds 99 editions that are just as full (sessions
with hosts, tables with hosts and outcomes, recaps, evaluations, registrations) and more people
in the measured edition and organisation, and measures again: the count must be the same, and
within a tight bound of what was measured when the test was written.
"""

from datetime import timedelta
from itertools import count as counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conference.models import (
    Edition,
    Evaluation,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    Membership,
    Organisation,
    Outcome,
    Recap,
    RecapSection,
    Registration,
    Session,
    SessionChoice,
    SessionHost,
    SiteSettings,
    TableTalk,
    User,
)
from tests.factories import CoordinatorFactory, PartnerFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]  # count the rendering

_numbers = counter()


def _people(number, organisation):
    users = User.objects.bulk_create(
        User(email=f"mens{n}@example.org", display_name=f"Mens {n}", password="!")
        for n in (next(_numbers) for _ in range(number))
    )
    Membership.objects.bulk_create(Membership(user=u, organisation=organisation) for u in users)
    return users


def _register(edition, sessions, people, evaluation, questions):
    registrations = Registration.objects.bulk_create(Registration(conference=edition, user=p) for p in people)
    SessionChoice.objects.bulk_create(SessionChoice(registration=r, session=sessions[0]) for r in registrations)
    responses = EvaluationResponse.objects.bulk_create(
        EvaluationResponse(evaluation=evaluation, respondent=p, rating=4) for p in people
    )
    EvaluationAnswer.objects.bulk_create(
        EvaluationAnswer(response=r, question=q, text="Goede gesprekken") for r in responses for q in questions
    )


def _fill(number, *, target=None):
    """``number`` full editions; with ``target`` (from an earlier call), more people in that one too.

    The first edition of the first call is upcoming with registration open; the rest lie in the past.
    """
    now = timezone.now()
    first = next(_numbers)
    organisation = Organisation.objects.create(name=f"Partner {first}", slug=f"partner-{first}")
    host = PartnerFactory()
    people = _people(max(1, min(number, 5)), target["organisation"] if target else organisation)
    editions = Edition.objects.bulk_create(
        Edition(
            title=f"Editie {first + i}",
            slug=f"editie-q{first + i}",
            motto="Samen",
            starts_at=now + timedelta(days=30 - 60 * (i + (1 if target else 0))),
            ends_at=now + timedelta(days=30 - 60 * (i + (1 if target else 0)), hours=4),
            venue="Gemeentehuis",
            registration_opens_at=now - timedelta(days=1),
            capacity=500,
            is_published=True,
        )
        for i in range(number)
    )
    sessions = Session.objects.bulk_create(
        Session(
            conference=e,
            kind=Session.Kind.CHOICE,
            title=f"Sessie {n}",
            starts_at=e.starts_at + timedelta(hours=n // 2),
            ends_at=e.starts_at + timedelta(hours=n // 2 + 1),
            room=f"Zaal {n}",
            capacity=100,
            needs_registration=True,
        )
        for e in editions
        for n in range(3)
    )
    SessionHost.objects.bulk_create(
        SessionHost(session=s, name=f"Spreker {n}", organisation=organisation, order=n)
        for s in sessions
        for n in range(2)
    )
    tables = TableTalk.objects.bulk_create(
        TableTalk(conference=e, title=f"Tafel {n}", table_label=str(n), host=host, host_organisation=organisation)
        for e in editions
        for n in range(2)
    )
    Outcome.objects.bulk_create(
        Outcome(
            table_talk=t,
            text=f"Opbrengst {n}",
            order=n,
            status=Outcome.Status.DRAFT if n == 3 else Outcome.Status.PUBLISHED,
            published_at=None if n == 3 else now,
        )
        for t in tables
        for n in range(4)
    )
    recaps = Recap.objects.bulk_create(
        Recap(conference=e, title=f"Terugblik {e.title}", status=Recap.Status.PUBLISHED, published_at=e.ends_at)
        for e in editions
    )
    RecapSection.objects.bulk_create(RecapSection(recap=r, heading="Vooruitblik", body="Verder.") for r in recaps)
    evaluations = Evaluation.objects.bulk_create(Evaluation(conference=e, is_open=True) for e in editions)
    questions = EvaluationQuestion.objects.bulk_create(
        EvaluationQuestion(evaluation=ev, text=f"Vraag {n}", order=n) for ev in evaluations for n in range(2)
    )
    by_edition = {}
    for question in questions:
        by_edition.setdefault(question.evaluation_id, []).append(question)
    regulars = [target["regular"]] if target else []  # someone who comes every time
    for i, (edition, evaluation) in enumerate(zip(editions, evaluations, strict=True)):
        _register(edition, sessions[3 * i : 3 * i + 3], people + regulars, evaluation, by_edition[evaluation.pk])
    if target:
        _register(target["edition"], target["sessions"], people, target["evaluation"], target["questions"])
        return target
    edition = editions[0]
    return {
        "edition": edition,
        "organisation": organisation,
        "host": host,
        "sessions": sessions[:3],
        "table": tables[0],
        "outcome": Outcome.objects.filter(table_talk=tables[0]).first(),
        "evaluation": evaluations[0],
        "questions": by_edition[evaluations[0].pk],
        "regular": people[0],
    }


def _url(name, args, target):
    values = {
        "slug": target["edition"].slug,
        "session": target["sessions"][0].pk,
        "table": target["table"].pk,
        "outcome": target["outcome"].pk,
        "organisation": target["organisation"].slug,
    }
    return reverse(name, args=[values[a] for a in args])


def _queries(client, url):
    client.get(url)  # warm the caches (site settings), as on a running site
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _assert_flat(client, name, args, bound, login=None):
    SiteSettings.load()
    target = _fill(1)
    if login is not None:
        client.force_login(login(target))
    url = _url(name, args, target)

    one = _queries(client, url)
    _fill(99, target=target)
    hundred = _queries(client, url)

    expected = one + EMPTY_BRANCH.get(name, 0)
    assert hundred == expected, f"{url}: {one} queries with 1 edition, {hundred} with 100"
    assert hundred <= bound, f"{url}: {hundred} queries, bound {bound}"


# With one edition there is no archive yet: its (paginated) page is one query that only comes with data.
EMPTY_BRANCH = {"conference:edition_list": 1}

# Bounds: what was measured (with warm caches, signed-in session included) plus one.
PUBLIC_PAGES = [
    ("conference:home", [], 7),
    ("conference:edition_list", [], 5),
    ("conference:edition_detail", ["slug"], 13),  # includes the panels of themes and workgroups
    ("conference:session_detail", ["slug", "session"], 7),
    ("conference:table_talk_detail", ["slug", "table"], 9),
    ("conference:edition_ics", ["slug"], 5),  # the sessions with their hosts, and who organises
    ("conference:editions_ics", [], 3),
    ("conference:recap_list", [], 4),
    ("conference:recap_detail", ["slug"], 10),
    ("conference:recap_feed", [], 3),
    ("conference:organisation_detail", ["organisation"], 5),
]


@pytest.mark.parametrize(("name", "args", "bound"), PUBLIC_PAGES)
def test_public_page_queries_do_not_grow(client, name, args, bound):
    _assert_flat(client, name, args, bound)


MANAGE_PAGES = [
    ("conference:manage", [], 11),  # + the active workgroups without a lead
    ("conference:manage_statements", [], 6),
    ("conference:manage_editions", [], 6),
    ("conference:manage_edition_create", [], 6),  # + the organisers to choose from, the default one's name
    ("conference:manage_edition", ["slug"], 11),
    ("conference:manage_edition_edit", ["slug"], 7),  # + the organisers to choose from, the default one's name
    ("conference:manage_session_create", ["slug"], 7),
    ("conference:manage_session_edit", ["slug", "session"], 11),
    ("conference:manage_session_delete", ["slug", "session"], 6),
    ("conference:manage_registrations", ["slug"], 11),
    ("conference:manage_registrations_csv", ["slug"], 7),
    ("conference:manage_table_talks", ["slug"], 11),
    ("conference:manage_table_talk_edit", ["slug", "table"], 10),
    ("conference:manage_recap", ["slug"], 8),
    ("conference:manage_evaluation", ["slug"], 10),
    ("conference:manage_evaluation_csv", ["slug"], 7),
    ("conference:manage_organisations", [], 6),
    ("conference:outcome_edit", ["slug", "table", "outcome"], 7),
]


@pytest.mark.parametrize(("name", "args", "bound"), MANAGE_PAGES)
def test_coordinator_page_queries_do_not_grow(client, name, args, bound):
    _assert_flat(client, name, args, bound, login=lambda target: CoordinatorFactory())


def test_host_outcome_edit_queries_do_not_grow(client):
    _assert_flat(client, "conference:outcome_edit", ["slug", "table", "outcome"], 9, login=lambda t: t["host"])


@pytest.mark.parametrize(
    ("name", "args", "bound"),
    [
        ("conference:my_overview", [], 18),  # includes the panels of themes and workgroups
        ("conference:register", ["slug"], 11),
        ("conference:edition_detail", ["slug"], 19),
        ("conference:session_detail", ["slug", "session"], 13),
    ],
)
def test_regular_participant_page_queries_do_not_grow(client, name, args, bound):
    """Someone registered for every edition, more of them each time."""
    _assert_flat(client, name, args, bound, login=lambda target: target["regular"])


def test_evaluation_form_queries_do_not_grow(client):
    _assert_flat(client, "conference:evaluation", ["slug"], 9, login=lambda target: UserFactory())
