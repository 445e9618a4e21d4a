"""The audit trail of themes and voting rounds: moderation, withdrawal, choosing, and the round's steps."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conference import audit
from conference.models import AuditEntry
from tests.conference.factories import TableTalkFactory
from tests.factories import EditionFactory
from tests.themes.factories import ThemeFactory, VotingRoundFactory
from themes import services
from themes.models import Theme

pytestmark = pytest.mark.django_db


def changes_of(kind, obj):
    found = AuditEntry.objects.filter(kind=kind, object_id=obj.pk, action="changed").order_by("pk")
    return list(found)


def test_proposing_a_theme_is_the_residents_change(resident):
    edition = EditionFactory()

    with audit.acting_as(resident):
        theme = services.propose_theme(proposer=resident, conference=edition, title="Bankjes", description="Meer")

    [entry] = AuditEntry.objects.filter(kind="theme", object_id=theme.pk)
    assert (entry.action, entry.actor, entry.actor_role, entry.edition_id) == (
        "created",
        resident,
        "resident",
        edition.pk,
    )
    assert entry.object_repr == "Bankjes"


def test_publishing_in_the_moderation_page_is_recorded_with_the_coordinator(coordinator_client, coordinator):
    theme = ThemeFactory(status=Theme.Status.SUBMITTED)

    coordinator_client.post(reverse("themes:moderate", args=[theme.pk]), {"action": "publish"})

    [entry] = changes_of("theme", theme)
    assert (entry.actor, entry.edition_id) == (coordinator, theme.conference_id)
    assert entry.changes == {"status": ["submitted", "published"]}


def test_rejecting_records_the_reason(coordinator):
    theme = ThemeFactory(status=Theme.Status.SUBMITTED)

    with audit.acting_as(coordinator):
        services.reject_theme(theme=theme, reason="Hoort bij de gemeenteraad.")

    [entry] = changes_of("theme", theme)
    assert entry.changes == {"status": ["submitted", "rejected"], "moderation_note": ["", "Hoort bij de gemeenteraad."]}


def test_merging_records_the_theme_and_the_themes_merged_into_it_before(coordinator):
    into, theme = ThemeFactory(title="Ontmoeten"), ThemeFactory(title="Elkaar zien")
    earlier = ThemeFactory(status=Theme.Status.MERGED, merged_into=theme, conference=theme.conference)

    with audit.acting_as(coordinator):
        services.merge_theme(theme=theme, into=into, note="Zelfde onderwerp")

    [merged] = changes_of("theme", theme)
    assert merged.changes["status"] == ["published", "merged"]
    assert merged.changes["merged_into"] == [None, {"id": into.pk, "name": "Ontmoeten"}]
    [moved] = changes_of("theme", earlier)  # a bulk update: audited all the same
    assert (moved.actor, moved.changes) == (
        coordinator,
        {"merged_into": [{"id": theme.pk, "name": "Elkaar zien"}, {"id": into.pk, "name": "Ontmoeten"}]},
    )


def test_withdrawing_is_the_proposers_change(resident):
    theme = ThemeFactory(submitted_by=resident, status=Theme.Status.SUBMITTED)

    with audit.acting_as(resident):
        services.withdraw_theme(theme=theme, proposer=resident)

    [entry] = changes_of("theme", theme)
    assert (entry.actor, entry.changes) == (resident, {"status": ["submitted", "withdrawn"]})


def test_a_round_opened_closed_published_and_chosen_is_audited_step_by_step(coordinator):
    edition = EditionFactory()
    first, second, third = ThemeFactory.create_batch(3, conference=edition)
    with audit.acting_as(coordinator):
        round_ = services.open_round(
            conference=edition,
            opens_at=timezone.now() - timedelta(hours=1),
            closes_at=timezone.now() + timedelta(days=1),
        )
        services.close_round(round_=round_)
        services.publish_results(round_=round_)
        services.choose_themes(round_=round_, themes=[first, second], note="Gelijke stand")

    created = AuditEntry.objects.get(kind="voting_round", object_id=round_.pk, action="created")
    closed, published, chosen = changes_of("voting_round", round_)
    assert (created.actor, created.edition_id) == (coordinator, edition.pk)
    assert list(closed.changes) == ["closes_at"]
    assert published.changes == {"results_published": [False, True]}
    assert set(chosen.changes) == {"choice_note", "chosen_at"}
    # Choosing changes the themes with one bulk update each: every theme has its entry.
    assert [changes_of("theme", t)[0].changes["status"] for t in (first, second, third)] == [
        ["published", "chosen"],
        ["published", "chosen"],
        ["published", "not_chosen"],
    ]
    assert changes_of("theme", first)[0].changes["choice_method"] == ["", "vote"]


def test_themes_chosen_during_a_session_link_their_table_in_the_audit_trail(coordinator):
    edition = EditionFactory(starts_at=timezone.now() - timedelta(days=3))
    table = TableTalkFactory(conference=edition)

    with audit.acting_as(coordinator):
        [theme] = services.record_session_choice(
            coordinator=coordinator,
            conference=edition,
            new_themes=[services.SessionTheme(title="Vervoer", table_talk=table)],
        )

    created = AuditEntry.objects.get(kind="theme", object_id=theme.pk)
    assert (created.action, created.changes["status"]) == ("created", [None, "chosen"])
    [linked] = changes_of("table_talk", table)
    assert (linked.actor, linked.changes) == (coordinator, {"theme": [None, {"id": theme.pk, "name": "Vervoer"}]})


def test_a_vote_is_not_audited(resident):
    round_ = VotingRoundFactory()
    theme = ThemeFactory(conference=round_.conference)
    before = AuditEntry.objects.count()

    with audit.acting_as(resident):
        services.cast_vote(voter=resident, round_=round_, theme=theme)

    assert AuditEntry.objects.count() == before
