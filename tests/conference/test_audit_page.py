"""The coordinators' page *Wijzigingen* (/beheer/wijzigingen/): filters, labels, bounds, who may see it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conference import audit, services
from conference.audit.forms import SYSTEM
from conference.models import AuditEntry, SiteSettings
from tests.conference.factories import SessionFactory
from tests.factories import CoordinatorFactory, EditionFactory, UserFactory
from tests.themes.factories import ThemeFactory
from themes import services as theme_services
from themes.models import Theme

pytestmark = pytest.mark.django_db

URL = reverse("conference:manage_audit")


def rows(response) -> list[str]:
    """The text of each table row, as a person reads it."""
    html = response.content.decode()
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1], re.S)
    ] if "<tbody>" in html else []  # fmt: skip


@pytest.fixture
def history(coordinator):
    """A theme published by the coordinator, a session changed by the system, a role granted."""
    SiteSettings.load()
    edition = EditionFactory(title="Voorjaar")
    theme = ThemeFactory(conference=edition, title="Bankjes", status=Theme.Status.SUBMITTED)
    session = SessionFactory(conference=edition, title="Markt", room="Zaal 1")
    AuditEntry.objects.all().delete()  # what the factories wrote
    with audit.acting_as(coordinator):
        theme_services.publish_theme(theme=theme)
    services.save_session(conference=edition, session=session, room="Zaal 2")
    person = UserFactory(display_name="Mila de Vries")
    with audit.acting_as(coordinator):
        services.set_coordinator(user=person, is_coordinator=True, changed_by=coordinator)
    return {"edition": edition, "theme": theme, "session": session, "person": person}


def test_coordinator_sees_every_change_newest_first_in_dutch(coordinator_client, coordinator, history):
    response = coordinator_client.get(URL)

    assert response.status_code == 200
    role, session, theme = rows(response)
    assert f"{coordinator} Regiegroep" in role and "Rol van een account Mila de Vries" in role
    assert "Regiegroep: nee → ja" in role
    assert "Systeem" in session and "Sessie Markt" in session and "Zaal: Zaal 1 → Zaal 2" in session
    assert "Thema Bankjes" in theme and "Status: Ingediend → Gepubliceerd" in theme
    assert f'href="{history["theme"].get_absolute_url()}"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "theme"}, ["Bankjes"]),
        ({"kind": "session"}, ["Markt"]),
        ({"actor": SYSTEM}, ["Markt"]),
        ({"action": "created"}, []),
        ({"action": "changed", "kind": "account"}, ["Mila de Vries"]),
    ],
)
def test_filters(coordinator_client, history, query, expected):
    response = coordinator_client.get(URL, query)

    assert [next(name for name in ("Bankjes", "Markt", "Mila de Vries") if name in row) for row in rows(response)] == (
        expected
    )


def test_filter_by_person_and_by_edition(coordinator_client, coordinator, history):
    other = EditionFactory()
    AuditEntry.objects.filter(edition=other).delete()  # its creation
    by_person = coordinator_client.get(URL, {"actor": coordinator.pk})
    by_edition = coordinator_client.get(URL, {"edition": history["edition"].pk})
    by_other_edition = coordinator_client.get(URL, {"edition": other.pk})

    assert len(rows(by_person)) == 2 and all("Markt" not in row for row in rows(by_person))
    assert len(rows(by_edition)) == 2 and all("Mila" not in row for row in rows(by_edition))
    assert rows(by_other_edition) == []
    assert "Er zijn geen wijzigingen die bij deze filters passen." in by_other_edition.content.decode()


def test_filter_by_dates_uses_local_days(coordinator_client, history):
    AuditEntry.objects.filter(kind="theme").update(at=timezone.now() - timedelta(days=10))
    today = timezone.localdate()

    recent = coordinator_client.get(URL, {"start": today.isoformat(), "end": today.isoformat()})
    older = coordinator_client.get(URL, {"end": (today - timedelta(days=5)).isoformat()})

    assert len(rows(recent)) == 2 and all("Bankjes" not in row for row in rows(recent))
    assert [("Bankjes" in row) for row in rows(older)] == [True]


def test_an_end_before_the_start_is_explained(coordinator_client, history):
    response = coordinator_client.get(URL, {"start": "2026-05-02", "end": "2026-05-01"})

    assert "De einddatum ligt vóór de begindatum." in response.content.decode()


def test_the_page_is_empty_before_anything_changed(coordinator_client):
    AuditEntry.objects.all().delete()

    response = coordinator_client.get(URL)

    assert rows(response) == []
    assert "Er is nog niets gewijzigd." in response.content.decode()


def test_a_deleted_object_is_named_without_a_link_and_a_deleted_account_by_its_role(coordinator_client, history):
    coordinator = CoordinatorFactory(display_name="Vertrokken collega")
    with audit.acting_as(coordinator):
        services.delete_session(session=history["session"])
    coordinator.delete()

    response = coordinator_client.get(URL, {"kind": "session", "action": "deleted"})

    [row] = rows(response)
    assert "Verwijderd account Regiegroep" in row and "Markt" in row
    assert history["session"].get_absolute_url() not in response.content.decode()
    assert "Vertrokken collega" not in response.content.decode()


def test_fifty_changes_a_page(coordinator_client, coordinator):
    edition = EditionFactory()
    with audit.acting_as(coordinator):
        for number in range(55):
            services.save_edition(edition=edition, capacity=number + 1)

    first = coordinator_client.get(URL, {"kind": "edition", "action": "changed"})
    second = coordinator_client.get(URL, {"kind": "edition", "action": "changed", "page": 2})

    assert (len(rows(first)), len(rows(second))) == (50, 5)
    assert "Maximaal aantal deelnemers: 54 → 55" in rows(first)[0]


@pytest.mark.parametrize("count", [1, 100])
def test_queries_do_not_grow_with_the_entries(coordinator_client, coordinator, django_assert_max_num_queries, count):
    SiteSettings.load()
    edition = EditionFactory()
    people = UserFactory.create_batch(3)
    AuditEntry.objects.all().delete()
    with audit.acting_as(coordinator):
        for number in range(count):
            kind = number % 4
            if kind == 0:
                services.save_edition(edition=edition, capacity=number + 1)
            elif kind == 1:
                SessionFactory(conference=edition)
            elif kind == 2:
                services.set_coordinator(
                    user=people[number % 3], is_coordinator=number % 8 == 2, changed_by=coordinator
                )
            else:
                ThemeFactory(conference=edition, submitted_by=people[0])
    assert AuditEntry.objects.count() == (1 if count == 1 else 99)  # one role change changes nothing

    with django_assert_max_num_queries(16):
        response = coordinator_client.get(URL)

    assert len(rows(response)) == min(AuditEntry.objects.count(), 50)


@pytest.mark.parametrize("who", ["anonymous", "resident", "partner"])
def test_only_coordinators_see_the_changes(client, history, resident, partner, who):
    if who != "anonymous":
        client.force_login({"resident": resident, "partner": partner}[who])

    response = client.get(URL)

    body = response.content.decode()
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert not any(name in body for name in ("Bankjes", "Markt", "Mila de Vries", "Wijzigingen"))
