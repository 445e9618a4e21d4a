"""The audit trail of the conference app: each change through a service or a view leaves one entry.

Entries are asserted on what the page shows later: the actor, the action and the fields changed
from → to. The actor comes from the request (``AuditActorMiddleware``) or ``audit.acting_as``;
commands are the system's.
"""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from conference import audit, services
from conference.models import AuditEntry, Edition, Membership, Outcome, Recap, TableSheetPhoto, User
from tests.conference.factories import OutcomeFactory, SessionFactory, TableTalkFactory
from tests.factories import CoordinatorFactory, EditionFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def entries(kind, obj=None, **filters):
    found = AuditEntry.objects.filter(kind=kind, **filters).order_by("pk")
    return list(found.filter(object_id=obj.pk) if obj is not None else found)


def only_entry(kind, obj=None, **filters):
    [entry] = entries(kind, obj, **filters)
    return entry


def test_editing_an_edition_records_who_and_each_field_from_and_to(coordinator):
    edition = EditionFactory(venue="Gemeentehuis", capacity=None)

    with audit.acting_as(coordinator):
        services.save_edition(edition=edition, venue="De Schakel", capacity=80)

    entry = only_entry("edition", edition, action="changed")
    assert (entry.actor, entry.actor_role, entry.edition_id) == (coordinator, "coordinator", edition.pk)
    assert entry.changes == {"venue": ["Gemeentehuis", "De Schakel"], "capacity": [None, 80]}


def test_publishing_an_edition_is_its_state_change(coordinator):
    edition = EditionFactory(is_published=False)

    with audit.acting_as(coordinator):
        services.set_edition_published(conference=edition, published=True)
        services.set_edition_published(conference=edition, published=True)  # no change: no entry

    assert only_entry("edition", edition, action="changed").changes == {"is_published": [False, True]}


def test_a_new_edition_is_created_with_what_was_filled_in(coordinator):
    starts = timezone.now() + timedelta(days=60)

    with audit.acting_as(coordinator):
        edition = services.save_edition(
            title="Werkconferentie najaar", slug="najaar", starts_at=starts, ends_at=starts + timedelta(hours=3),
            mode=Edition.Mode.ON_SITE, venue="Dorpshuis",
        )  # fmt: skip

    entry = only_entry("edition", edition)
    assert (entry.action, entry.object_repr, entry.actor) == ("created", "Werkconferentie najaar", coordinator)
    assert entry.changes["venue"] == [None, "Dorpshuis"]
    assert "created_at" not in entry.changes and "updated_at" not in entry.changes


def test_a_session_and_its_hosts_edited_in_the_page_are_the_coordinators_changes(coordinator_client, coordinator):
    starts = (timezone.now() + timedelta(days=30)).replace(second=0, microsecond=0)
    edition = EditionFactory(starts_at=starts)
    session = SessionFactory(conference=edition, title="Verkenning", room="Zaal 1")
    url = reverse("conference:manage_session_edit", args=[edition.slug, session.pk])
    data = {
        "kind": session.kind, "title": "Verkenning wonen", "description": "", "room": "Zaal 2",
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(session.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "", "needs_registration": "on",
        "hosts-TOTAL_FORMS": "1", "hosts-INITIAL_FORMS": "0", "hosts-MIN_NUM_FORMS": "0", "hosts-MAX_NUM_FORMS": "20",
        "hosts-0-name": "Annica Brummel", "hosts-0-organisation": "", "hosts-0-role": "speaker", "hosts-0-order": "",
    }  # fmt: skip

    response = coordinator_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = only_entry("session", session, action="changed")
    assert (entry.actor, entry.actor_role, entry.edition_id) == (coordinator, "coordinator", edition.pk)
    assert entry.changes == {"title": ["Verkenning", "Verkenning wonen"], "room": ["Zaal 1", "Zaal 2"]}
    host = only_entry("session_host")
    assert (host.action, host.object_repr, host.edition_id, host.actor) == (
        "created", "Annica Brummel", edition.pk, coordinator
    )  # fmt: skip


def test_deleting_a_session_records_it_by_name(coordinator):
    session = SessionFactory(title="Markt")

    with audit.acting_as(coordinator):
        services.delete_session(session=session)

    entry = only_entry("session", action="deleted")
    assert (entry.object_id, entry.object_repr, entry.edition_id, entry.actor) == (
        session.pk, "Markt", session.conference_id, coordinator
    )  # fmt: skip


def test_copying_an_edition_records_the_hosts_it_bulk_creates(coordinator):
    source = EditionFactory()
    session = SessionFactory(conference=source)
    services.save_session(conference=source, session=session, hosts=[{"name": "Spreker", "role": "speaker"}])

    with audit.acting_as(coordinator):
        copy = services.copy_edition(
            source=source, title="Volgende", slug="volgende", starts_at=source.starts_at + timedelta(days=180)
        )

    copied = only_entry("session_host", edition_id=copy.pk)
    assert (copied.action, copied.object_repr, copied.actor) == ("created", "Spreker", coordinator)


def test_outcomes_published_in_bulk_are_audited_one_by_one_with_their_photos(coordinator_client, coordinator):
    table = TableTalkFactory()
    first, second = OutcomeFactory.create_batch(2, table_talk=table)
    already = OutcomeFactory(table_talk=table, status=Outcome.Status.PUBLISHED)
    photo = TableSheetPhoto.objects.create(
        table_talk=table, image="tafelvel.jpg", thumbnail="klein.jpg", width=800, height=600
    )
    url = reverse("conference:manage_outcomes_publish", args=[table.conference.slug])

    coordinator_client.post(url, {"publish": "1", "table": table.pk})

    published = entries("outcome", action="changed")
    assert [e.object_id for e in published] == [first.pk, second.pk]  # not the one already published
    assert all(e.actor == coordinator and e.edition_id == table.conference_id for e in published)
    assert published[0].changes == {"status": ["draft", "published"]}
    assert only_entry("sheet_photo", photo, action="changed").changes == {"is_published": [False, True]}
    assert not entries("outcome", already, action="changed")


def test_taking_outcomes_back_is_audited_too(coordinator):
    outcome = OutcomeFactory(status=Outcome.Status.PUBLISHED)

    with audit.acting_as(coordinator):
        services.set_outcomes_published(outcomes=Outcome.objects.all(), published=False)

    assert only_entry("outcome", outcome, action="changed").changes == {"status": ["published", "draft"]}


def test_an_outcome_recorded_by_a_partner_is_the_partners(partner):
    table = TableTalkFactory(host=partner)

    with audit.acting_as(partner):
        outcome = services.add_outcome(table_talk=table, text="Samen eten", kind="idea", user=partner)

    entry = only_entry("outcome", outcome)
    assert (entry.action, entry.actor_role, entry.edition_id) == ("created", "partner", table.conference_id)
    assert entry.changes["text"] == [None, "Samen eten"]


def test_saving_and_publishing_a_recap(coordinator):
    edition = EditionFactory()

    with audit.acting_as(coordinator):
        recap = services.save_recap(
            conference=edition, user=coordinator, title="Terugblik", sections=[{"heading": "Opening", "body": "Hallo"}]
        )
        services.set_recap_published(recap=recap, published=True, user=coordinator)

    created, published = entries("recap", recap)
    assert (created.action, published.action, published.actor) == ("created", "changed", coordinator)
    assert published.changes["status"] == [Recap.Status.DRAFT, Recap.Status.PUBLISHED]
    assert only_entry("recap_section").object_repr == "Opening"


def test_coordinator_role_granted_and_revoked_on_the_users_page(coordinator_client, coordinator):
    person = UserFactory(display_name="Mila")
    url = reverse("conference:manage_user_coordinator", args=[person.pk])

    coordinator_client.post(url, {"is_coordinator": "1"})
    coordinator_client.post(url, {"is_coordinator": "0"})

    granted, revoked = entries("account", person)
    assert (granted.subject, granted.actor, granted.changes) == (person, coordinator, {"is_coordinator": [False, True]})
    assert revoked.changes == {"is_coordinator": [True, False]}
    assert granted.object_repr == ""  # the person is named by the account, never copied into the entry


def test_partner_role_granted_and_revoked(coordinator_client, coordinator):
    person, organisation = UserFactory(), OrganisationFactory(name="Zorgalliantie")

    coordinator_client.post(
        reverse("conference:manage_user_grant", args=[person.pk]), {"organisation": organisation.pk}
    )
    membership = Membership.objects.get(user=person)
    coordinator_client.post(reverse("conference:manage_membership_revoke", args=[membership.pk]))

    granted, revoked = entries("partner_role")
    assert [granted.action, revoked.action] == ["created", "deleted"]
    assert (granted.subject, granted.object_repr, granted.actor) == (person, "Zorgalliantie", coordinator)


def test_account_fields_other_than_roles_are_never_recorded(coordinator):
    person = UserFactory()

    with audit.acting_as(coordinator):
        person.email, person.display_name = "nieuw@example.org", "Nieuwe naam"
        person.set_password("Een-ander-wachtwoord-2")
        person.last_login = timezone.now()
        person.save()

    assert entries("account") == []


def test_a_change_that_is_rolled_back_leaves_no_entry(coordinator):
    edition = EditionFactory(venue="Gemeentehuis")

    with audit.acting_as(coordinator), pytest.raises(Exception, match="venue"):
        services.save_edition(edition=edition, venue="")  # on site without a venue is refused

    assert entries("edition", action="changed") == []


def test_without_a_request_or_a_named_actor_the_system_changed_it():
    edition = EditionFactory(is_published=False)

    services.set_edition_published(conference=edition, published=True)

    entry = only_entry("edition", edition, action="changed")
    assert (entry.actor, entry.actor_role) == (None, "system")


def test_deleting_an_account_that_made_changes_keeps_the_entries_without_the_person():
    coordinator = CoordinatorFactory(display_name="Wordt verwijderd")
    person = UserFactory()
    membership = MembershipFactory(user=coordinator)
    with audit.acting_as(coordinator):
        services.set_coordinator(user=person, is_coordinator=True, changed_by=coordinator)
        coordinator.delete()  # its membership goes with it: an entry written by the account being deleted

    assert not User.objects.filter(pk=coordinator.pk).exists()
    role, removed = only_entry("account", person), only_entry("partner_role", membership, action="deleted")
    assert (role.actor, role.actor_role) == (None, "coordinator")
    assert (removed.actor, removed.subject) == (None, None)
    assert not AuditEntry.objects.filter(object_repr__contains="Wordt verwijderd").exists()


def test_deleting_an_edition_writes_entries_that_survive_it(coordinator):
    session = SessionFactory()
    edition = session.conference

    with audit.acting_as(coordinator):
        Edition.objects.filter(pk=edition.pk).delete()

    assert {e.kind for e in entries("session", action="deleted")} | {e.kind for e in entries("edition")} == {
        "session",
        "edition",
    }


def test_prune_deletes_only_entries_older_than_the_retention(coordinator):
    old = AuditEntry.objects.create(kind="edition", action="changed", at=timezone.now() - timedelta(days=800))
    recent = AuditEntry.objects.create(kind="edition", action="changed", at=timezone.now() - timedelta(days=10))

    call_command("prune_audit_log", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert settings.AUDIT_RETENTION_DAYS == 730
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert audit.prune(days=5) == 1


# --- Bulk updates are audited ---------------------------------------------------------------------

SERVICE_MODULES = [
    ROOT / "conference" / "services.py",
    *sorted((ROOT / "themes" / "services").glob("*.py")),
    *sorted((ROOT / "workgroups" / "services").glob("*.py")),
]
#: ``QuerySet.update()`` calls left in services: on models that are not audited (seats, votes).
UNAUDITED_BULK_UPDATES = {
    "Registration.objects.filter(pk__in=promote)",
    "SessionChoice.objects.filter(pk__in=seated)",
    "votes",
}


def _bulk_updates(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"):
            continue
        receiver = ast.unparse(node.func.value)
        if receiver != "audit" and node.keywords and not node.args:
            found.append(receiver)
    return found


def test_services_change_audited_models_in_bulk_only_through_audit_update():
    """``update()`` sends no signals: a bulk change of an audited model must go through ``audit.update``."""
    receivers = [(path.name, receiver) for path in SERVICE_MODULES for receiver in _bulk_updates(path)]

    assert sorted(r for _name, r in receivers) == sorted(UNAUDITED_BULK_UPDATES), receivers
    assert {"Registration", "SessionChoice", "Vote"}.isdisjoint({audited.model.__name__ for audited in audit.kinds()})


def test_every_audited_field_and_kind_has_a_translated_name():
    """The page shows field names as people read them: each comes through gettext, none is a bare attribute name."""
    untranslated = [
        f"{audited.kind}.{model_field.name}"
        for audited in audit.kinds()
        for model_field in audited.fields
        if not isinstance(audited.label_of(model_field), Promise)
    ]

    assert untranslated == []
    assert all(isinstance(audited.label, Promise) for audited in audit.kinds())
    assert {a.kind for a in audit.kinds()} >= {
        "edition", "session", "session_host", "table_talk", "outcome", "sheet_photo", "recap", "theme",
        "voting_round", "workgroup", "progress_report", "commitment", "account", "partner_role",
    }  # fmt: skip
