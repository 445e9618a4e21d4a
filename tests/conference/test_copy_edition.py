"""A new edition from the last one: the skeleton comes along, nothing of what people did."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, OneToOneField
from django.urls import reverse
from django.utils import timezone, translation

from conference import services
from conference.models import (
    Edition,
    Evaluation,
    EvaluationQuestion,
    Organiser,
    Registration,
    Session,
    SessionChoice,
    SessionHost,
    SiteSettings,
)
from tests.conference.factories import OutcomeFactory, RecapFactory, SessionFactory, TableTalkFactory
from tests.factories import EditionFactory, OrganisationFactory, UserFactory
from tests.themes.factories import ThemeFactory, VoteFactory, VotingRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    """Dutch, whatever an earlier test left active in this thread (a request under /en/ does)."""
    with translation.override("nl"):
        yield


NOW = datetime(2026, 1, 15, 9, tzinfo=UTC)
SOURCE_START = datetime(2025, 10, 23, 12, tzinfo=UTC)
NEW_START = datetime(2026, 3, 19, 13, 30, tzinfo=UTC)
DELTA = NEW_START - SOURCE_START
SLUG_TAKEN = "Een andere editie gebruikt deze korte naam al. Kies een andere."


@pytest.fixture
def source():
    """A full edition that took place: settings, programme with hosts, evaluation, and everything people did."""
    organiser = services.save_organiser(name="Zorgalliantie", place="Regio Nijmegen", website="", contact_email="")
    edition = EditionFactory(
        title="Werkconferentie najaar 2025",
        slug="2025-najaar",
        organiser=organiser,
        motto="Heumen voor iedereen",
        description="Samen werken aan een inclusief Heumen.",
        starts_at=SOURCE_START,
        ends_at=SOURCE_START + timedelta(hours=4),
        mode=Edition.Mode.HYBRID,
        venue="Gemeentehuis Heumen",
        address="Dorpsstraat 1, Malden",
        online_url="https://example.org/online",
        registration_opens_at=SOURCE_START - timedelta(weeks=6),
        registration_closes_at=SOURCE_START - timedelta(days=7),
        capacity=80,
        contact_email="werkconferentie@example.org",
        contact_phone="(024) 358 83 00",
        is_published=True,
    )
    welcome = SessionFactory(
        conference=edition, kind=Session.Kind.PLENARY, title="Welkom", starts_at=SOURCE_START,
        ends_at=SOURCE_START + timedelta(minutes=20), needs_registration=False, description="Koffie staat klaar.",
    )  # fmt: skip
    choice = SessionFactory(
        conference=edition, title="Keuzesessie wonen", starts_at=SOURCE_START + timedelta(minutes=30),
        ends_at=SOURCE_START + timedelta(minutes=90), room="Raadzaal", capacity=25,
    )  # fmt: skip
    table_round = SessionFactory(
        conference=edition, kind=Session.Kind.TABLE_TALK, title="Tafelgesprekken", room="Hal",
        starts_at=SOURCE_START + timedelta(hours=2), ends_at=SOURCE_START + timedelta(hours=3),
        needs_registration=False,
    )  # fmt: skip
    library = OrganisationFactory(name="Bibliotheek")
    SessionHost.objects.create(session=welcome, name="Wethouder", role=SessionHost.Role.SPEAKER, order=0)
    SessionHost.objects.create(session=choice, name="Noor Wiersma", organisation=library, role="host", order=0)
    SessionHost.objects.create(session=choice, organisation=library, role=SessionHost.Role.MODERATOR, order=1)
    services.save_evaluation(
        conference=edition, introduction="Hoe was het?", questions=["Wat ging goed?", "Wat kan beter?"], is_open=True
    )
    # What people did there: none of it may come along.
    person = UserFactory()
    registration = Registration.objects.create(conference=edition, user=person)
    SessionChoice.objects.create(registration=registration, session=choice)
    services.answer_evaluation(
        evaluation=edition.evaluation, user=person, rating=4, answers={edition.evaluation.questions.first().pk: "Fijn"}
    )
    table = TableTalkFactory(conference=edition, session=table_round)
    OutcomeFactory(table_talk=table)
    RecapFactory(conference=edition)
    theme = ThemeFactory(conference=edition)
    VoteFactory(ballot__round=VotingRoundFactory(conference=edition), theme=theme)
    return edition


def _copy(source, **fields):
    values = {"title": "Werkconferentie voorjaar 2026", "slug": "2026-voorjaar", "starts_at": NEW_START, **fields}
    return services.copy_edition(source=source, now=NOW, **values)


def test_settings_are_copied_and_the_new_edition_is_not_published(source):
    edition = _copy(source)

    copied = ["organiser", "motto", "description", "mode", "venue", "address", "online_url", "capacity",
              "contact_email", "contact_phone"]  # fmt: skip
    assert {name: getattr(edition, name) for name in copied} == {name: getattr(source, name) for name in copied}
    assert (edition.title, edition.slug) == ("Werkconferentie voorjaar 2026", "2026-voorjaar")
    assert edition.is_published is False
    assert (edition.starts_at, edition.ends_at) == (NEW_START, NEW_START + timedelta(hours=4))


def test_registration_window_keeps_its_distance_from_the_start(source):
    edition = _copy(source)

    assert (edition.registration_opens_at, edition.registration_closes_at) == (
        NEW_START - timedelta(weeks=6),
        NEW_START - timedelta(days=7),
    )


def test_a_given_registration_window_is_used(source):
    opens = datetime(2026, 2, 1, 8, tzinfo=UTC)

    edition = _copy(source, registration_opens_at=opens)

    assert (edition.registration_opens_at, edition.registration_closes_at) == (opens, NEW_START - timedelta(days=7))


def test_sessions_move_by_the_difference_between_the_starts(source):
    edition = _copy(source)

    fields = ["kind", "title", "description", "room", "capacity", "needs_registration"]

    def rows(conference, shift):
        return [
            (*(getattr(s, f) for f in fields), s.starts_at + shift, s.ends_at + shift)
            for s in conference.sessions.order_by("starts_at")
        ]

    assert rows(edition, timedelta(0)) == rows(source, DELTA)
    assert [s.starts_at for s in edition.sessions.order_by("starts_at")] == [
        datetime(2026, 3, 19, 13, 30, tzinfo=UTC),
        datetime(2026, 3, 19, 14, 0, tzinfo=UTC),
        datetime(2026, 3, 19, 15, 30, tzinfo=UTC),
    ]


def test_hosts_come_along_with_their_sessions(source):
    edition = _copy(source)

    def hosts(conference):
        return list(
            SessionHost.objects.filter(session__conference=conference)
            .order_by("session__starts_at", "order")
            .values_list("session__title", "name", "organisation__name", "role", "order")
        )

    assert hosts(edition) == hosts(source)
    assert len(hosts(edition)) == 3


def test_evaluation_comes_along_closed_with_its_questions_and_no_answers(source):
    edition = _copy(source)

    evaluation = Evaluation.objects.get(conference=edition)
    assert (evaluation.introduction, evaluation.is_open, evaluation.responses.count()) == ("Hoe was het?", False, 0)
    assert list(evaluation.questions.values_list("text", "order")) == [("Wat ging goed?", 0), ("Wat kan beter?", 1)]
    assert EvaluationQuestion.objects.filter(evaluation__conference=source).count() == 2


COPIED = {Session, Evaluation}


def _rows_pointing_at(model, objects):
    """For every model with a foreign key to ``model``: how many of its rows point at ``objects``."""
    counts = {}
    for other in apps.get_models():
        for field in other._meta.get_fields():
            if isinstance(field, ForeignKey | OneToOneField) and field.related_model is model:
                key = f"{other._meta.label}.{field.name}"
                counts[key] = other._default_manager.filter(**{f"{field.name}__in": objects}).count()
    return counts


def test_nothing_people_did_is_copied(source):
    edition = _copy(source)

    on_edition = {k: v for k, v in _rows_pointing_at(Edition, [edition]).items() if v}
    on_sessions = {k: v for k, v in _rows_pointing_at(Session, list(edition.sessions.all())).items() if v}
    # The search index (derived, not copied) lists the new edition and its three sessions for coordinators;
    # the audit trail records that the edition, its three sessions and their three hosts were created.
    assert on_edition == {
        "conference.Session.conference": 3,
        "conference.Evaluation.conference": 1,
        "conference.SearchDocument.edition": 4,
        "conference.AuditEntry.edition": 7,
    }
    assert on_sessions == {"conference.SessionHost.session": 3}
    source_rows = _rows_pointing_at(Edition, [source])
    assert all(source_rows[key] for key in ["conference.Registration.conference", "conference.TableTalk.conference",
                                            "conference.Recap.conference", "themes.Theme.conference",
                                            "themes.VotingRound.conference"])  # fmt: skip


def test_the_source_is_left_as_it_was(source):
    before = _rows_pointing_at(Edition, [source])

    _copy(source)

    source.refresh_from_db()
    assert (_rows_pointing_at(Edition, [source]), source.is_published, source.slug) == (before, True, "2025-najaar")


def test_a_short_name_in_use_is_refused(source):
    with pytest.raises(ValidationError, match=re.escape(SLUG_TAKEN)):
        _copy(source, slug="2025-najaar")

    assert Edition.objects.count() == 1


def test_a_start_in_the_past_is_refused(source):
    with pytest.raises(ValidationError, match=re.escape("De nieuwe editie moet in de toekomst beginnen.")):
        _copy(source, starts_at=NOW - timedelta(minutes=1))

    assert Edition.objects.count() == 1


def test_a_registration_that_closes_before_it_opens_is_refused(source):
    with pytest.raises(ValidationError, match=re.escape("Aanmelden moet sluiten nadat het opengaat.")):
        _copy(source, registration_opens_at=NEW_START - timedelta(days=1))

    assert Edition.objects.count() == 1


def test_a_failure_halfway_stores_nothing(source):
    """The edition row is written before the sessions; a session that cannot be moved undoes it all."""
    SessionFactory(
        conference=source,
        starts_at=SOURCE_START + timedelta(days=3),
        ends_at=SOURCE_START + timedelta(days=3, hours=1),
    )
    counts = {model: model.objects.count() for model in (Edition, Session, SessionHost, Evaluation, Organiser)}
    last_day = datetime(9999, 12, 30, tzinfo=UTC)  # the edition fits before the end of time, that session does not

    with pytest.raises(ValidationError, match=re.escape("Deze datum ligt te ver weg.")):
        _copy(source, starts_at=last_day)

    assert {model: model.objects.count() for model in counts} == counts


# --- The coordinator pages ----------------------------------------------------------------------------


def _url(edition):
    return reverse("conference:manage_edition_copy", args=[edition.slug])


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_overview_and_editions_list_offer_to_start_from_an_edition(coordinator_client, source):
    overview = coordinator_client.get(reverse("conference:manage_edition", args=[source.slug])).content.decode()
    editions = coordinator_client.get(reverse("conference:manage_editions")).content.decode()

    link = f'href="{_url(source)}">Nieuwe editie op basis van deze'
    assert (link in overview, link in editions) == (True, True)


def test_copy_page_says_what_comes_along(coordinator_client, source):
    response = coordinator_client.get(_url(source))

    body = response.content.decode()
    assert response.context["summary"] == {"sessions": 3, "hosts": 3, "questions": 2}
    assert "Het programma: 3 sessies, op dezelfde tijden na het begin, in dezelfde zalen" in body
    assert "De evaluatie met 2 vragen, gesloten" in body
    assert response.context["form"]["title"].value() == "Werkconferentie najaar 2025"


def test_coordinator_copies_an_edition_and_lands_on_its_overview(coordinator_client, source):
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=90)

    response = coordinator_client.post(
        _url(source), {"title": "Werkconferentie voorjaar", "slug": "voorjaar", "starts_at": _local(start)}
    )

    edition = Edition.objects.get(slug="voorjaar")
    assert response.status_code == 302
    assert response["Location"] == reverse("conference:manage_edition", args=["voorjaar"])
    assert (edition.starts_at, edition.is_published, edition.sessions.count()) == (start, False, 3)


def test_copy_form_says_when_the_short_name_is_taken(coordinator_client, source):
    start = timezone.now() + timedelta(days=90)

    response = coordinator_client.post(
        _url(source), {"title": "Nog een keer", "slug": "2025-najaar", "starts_at": _local(start)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [SLUG_TAKEN]
    assert Edition.objects.count() == 1


def test_copy_form_says_when_the_start_lies_in_the_past(coordinator_client, source):
    response = coordinator_client.post(
        _url(source), {"title": "Te laat", "slug": "te-laat", "starts_at": _local(timezone.now() - timedelta(days=1))}
    )

    assert response.context["form"].errors["starts_at"] == ["De nieuwe editie moet in de toekomst beginnen."]
    assert Edition.objects.count() == 1


@pytest.mark.parametrize("who", ["resident", "partner"])
def test_only_coordinators_copy_editions(client, resident, partner, source, who):
    client.force_login(resident if who == "resident" else partner)
    start = timezone.now() + timedelta(days=90)

    get = client.get(_url(source))
    post = client.post(_url(source), {"title": "Kopie", "slug": "kopie", "starts_at": _local(start)})

    assert (get.status_code, post.status_code, Edition.objects.count()) == (403, 403, 1)


def test_anonymous_visitor_is_sent_to_login(client, source):
    response = client.post(_url(source), {"title": "Kopie", "slug": "kopie"})

    assert response["Location"].startswith(reverse("account_login"))
    assert Edition.objects.count() == 1


@pytest.mark.parametrize("count", [1, 20])
def test_copy_page_queries_do_not_grow(coordinator_client, django_assert_max_num_queries, count):
    edition = EditionFactory()
    for session in SessionFactory.create_batch(count, conference=edition):
        SessionHost.objects.create(session=session, name="Iemand")
    services.save_evaluation(conference=edition, introduction="", questions=["Vraag"], is_open=False)
    SiteSettings.load()  # cached once per site, as on a running portal

    with django_assert_max_num_queries(8):  # session, user, edition, site, three counts + 1
        response = coordinator_client.get(_url(edition))

    assert response.context["summary"]["sessions"] == count
