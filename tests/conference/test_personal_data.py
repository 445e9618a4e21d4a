"""The export of 'My data': one JSON file with everything about the person, nothing about others, no secrets.

And the registry behind it: every foreign key to the user model is covered by a section that exports
and erases it, so a new model pointing at people cannot be forgotten.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conference import personal_data
from conference.models import LoginSession
from tests.conference.conftest import RECOVERY_SEED, TOTP_SECRET

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_every_foreign_key_to_the_user_is_covered_by_a_section():
    """Walks User._meta.related_objects (and the hidden relations, related_name="+"): none may be uncovered."""
    relations = [label for label, _field in personal_data.user_relations()]
    visible = {
        f"{relation.related_model._meta.label}.{relation.field.name}"
        for relation in User._meta.related_objects
        if not relation.many_to_many
    }

    assert visible <= set(relations)  # the walk sees at least what related_objects lists
    assert "conference.Outcome.created_by" in relations  # ... and the hidden ones too
    assert "workgroups.HistoricalProgressReport.author" in relations
    assert personal_data.uncovered_relations() == []


def test_a_section_covers_only_relations_that_exist():
    """A typo in ``covers`` would hide a missing eraser: every label names a real foreign key."""
    assert personal_data.covered_relations() <= {label for label, _field in personal_data.user_relations()}


def test_a_model_without_a_section_is_reported(monkeypatch):
    sections = dict(personal_data._sections)
    sections.pop("themes")
    monkeypatch.setattr(personal_data, "_sections", sections)

    assert personal_data.uncovered_relations() == ["themes.Theme.submitted_by"]


def _export(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("conference:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_export_holds_every_kind_of_data_of_the_person(client, people):
    data = _export(client, people.sanne)

    assert data["format"] == personal_data.EXPORT_FORMAT
    account = data["account"]
    assert account["email"] == "sanne@example.org"
    assert account["display_name"] == "Sanne Jansen"
    assert account["date_joined"]
    assert account["email_addresses"] == [{"email": "sanne@example.org", "verified": True, "primary": True}]
    assert [a["type"] for a in account["two_step_login"]] == ["totp"]
    assert [len(account["signed_in_sessions"])] == [1]  # this download's own session
    assert data["emails"][0]["subject"] == "Bericht voor Sanne Jansen"
    assert [m["organisation"] for m in data["organisations"]["memberships"]] == [people.sanne.organisations.get().name]
    registrations = {r["edition"]: r for r in data["registrations"]}
    assert registrations["De komende editie"]["status"] == "confirmed"
    assert [s["title"] for s in registrations["De komende editie"]["sessions"]] == ["Sessie over zorg"]
    assert "Editie van vorig jaar" in registrations
    assert [t["title"] for t in data["themes"]] == ["Sanne haar thema"]
    assert [[v["theme"] for v in b["votes"]] for b in data["votes"]["ballots"]] == [["Sanne haar thema"]]
    memberships = {m["workgroup"]: m["role"] for m in data["workgroups"]["memberships"]}
    assert memberships == {"Werkgroep Ontmoeten": "lead", "Werkgroep Alleen": "lead"}
    assert [r["summary"] for r in data["progress_reports"]["reports_written"]] == ["Verslag van Sanne, bijgewerkt"]
    assert data["progress_reports"]["changes_in_history"] >= 1
    assert [o["text"] for o in data["table_talks"]["outcomes_recorded"]] == ["Idee S"]
    assert [t["table"] for t in data["table_talks"]["hosted"]] == ["Tafel over ontmoeten Sanne haar thema"]
    assert len(data["table_talks"]["photos_uploaded"]) == 1
    assert [e["answers"][0]["answer"] for e in data["evaluations"]] == ["Antwoord van Sanne Jansen"]
    assert [c["description"] for c in data["commitments"]] == ["Inzet Idee S"]


def test_export_holds_nobody_else_and_no_secrets(client, people):
    sanne = people.sanne
    session_keys = list(LoginSession.objects.values_list("session_key", flat=True))
    text = json.dumps(_export(client, sanne))
    session_keys += list(LoginSession.objects.values_list("session_key", flat=True))

    for other in ("Piet", "piet@example.org", "Idee P", "Wim Wachter", "Vera Veteraan", "Verslag van Piet"):
        assert other not in text
    for secret in (sanne.password, TOTP_SECRET, RECOVERY_SEED, *session_keys):
        assert secret not in text
    assert "password" not in text


def test_export_is_for_signed_in_people_only(client):
    response = client.get(reverse("conference:my_data_download"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("extra", [0, 5])
def test_export_queries_do_not_grow_with_the_data(client, people, django_assert_max_num_queries, extra):
    from tests.conference.factories import OutcomeFactory
    from tests.themes.factories import ThemeFactory

    for _ in range(extra):
        ThemeFactory(submitted_by=people.sanne, conference=people.coming)
        OutcomeFactory(table_talk=people.table, created_by=people.sanne)
    client.force_login(people.sanne)

    with django_assert_max_num_queries(40):
        response = client.get(reverse("conference:my_data_download"))

    assert len(json.loads(response.content)["themes"]) == 1 + extra
