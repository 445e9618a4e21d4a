import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from conference.models import Registration
from tests.factories import EditionFactory, UserFactory
from tests.themes.factories import ThemeFactory, VotingRoundFactory
from themes import services
from themes.models import Theme, Vote, VotingRound

pytestmark = pytest.mark.django_db


def _votes(user):
    return Vote.objects.filter(ballot__voter=user).count()


def test_cast_vote_stores_one_vote(resident, open_round, round_themes):
    services.cast_vote(voter=resident, round_=open_round, theme=round_themes[0])

    assert list(Vote.objects.values_list("ballot__voter", "theme", "slot")) == [(resident.pk, round_themes[0].pk, 1)]


def test_cast_vote_refuses_more_than_the_budget(resident, open_round, round_themes):
    for theme in round_themes[:3]:
        services.cast_vote(voter=resident, round_=open_round, theme=theme)

    with pytest.raises(ValidationError) as error:
        services.cast_vote(voter=resident, round_=open_round, theme=round_themes[3])

    assert error.value.messages == ["You have used all 3 votes. Remove a vote first to vote for another theme."]
    assert _votes(resident) == 3


def test_cast_vote_refuses_a_second_vote_for_one_theme(resident, open_round, round_themes):
    services.cast_vote(voter=resident, round_=open_round, theme=round_themes[0])

    with pytest.raises(ValidationError, match="You have already voted for this theme"):
        services.cast_vote(voter=resident, round_=open_round, theme=round_themes[0])

    assert _votes(resident) == 1


def test_withdraw_vote_frees_the_vote_for_another_theme(resident, open_round, round_themes):
    for theme in round_themes[:3]:
        services.cast_vote(voter=resident, round_=open_round, theme=theme)

    services.withdraw_vote(voter=resident, round_=open_round, theme=round_themes[1])
    services.cast_vote(voter=resident, round_=open_round, theme=round_themes[3])

    voted = set(Vote.objects.filter(ballot__voter=resident).values_list("theme_id", flat=True))
    assert voted == {round_themes[0].pk, round_themes[2].pk, round_themes[3].pk}


def _refused(user, round_, theme):
    with pytest.raises(ValidationError) as error:
        services.cast_vote(voter=user, round_=round_, theme=theme)
    assert Vote.objects.count() == 0
    return error.value.messages[0]


def test_vote_before_the_window_is_refused(resident):
    round_ = VotingRoundFactory(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=5)
    )
    theme = ThemeFactory(conference=round_.conference)

    assert _refused(resident, round_, theme) == "This voting round has not opened yet."


def test_vote_after_the_window_is_refused(resident):
    round_ = VotingRoundFactory(
        opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() - timedelta(days=1)
    )
    theme = ThemeFactory(conference=round_.conference)

    assert _refused(resident, round_, theme) == "This voting round has closed."


@pytest.mark.parametrize("status", [Theme.Status.SUBMITTED, Theme.Status.REJECTED, Theme.Status.MERGED])
def test_vote_for_an_unpublished_theme_is_refused(resident, open_round, status):
    theme = ThemeFactory(conference=open_round.conference, status=status)

    assert _refused(resident, open_round, theme) == "You can only vote for published themes."


def test_vote_for_a_theme_of_another_edition_is_refused(resident, open_round):
    theme = ThemeFactory(conference=EditionFactory())

    assert _refused(resident, open_round, theme) == "This theme is not part of this voting round."


def test_vote_without_a_verified_address_is_refused(open_round, round_themes):
    unverified = UserFactory(verified=False)

    assert _refused(unverified, open_round, round_themes[0]) == "Confirm your e-mail address before you vote."


def test_vote_in_attendee_round_needs_a_registration(resident, open_round, round_themes):
    VotingRound.objects.filter(pk=open_round.pk).update(eligibility=VotingRound.Eligibility.ATTENDEES)
    open_round.refresh_from_db()

    assert _refused(resident, open_round, round_themes[0]) == (
        "Only people registered for this edition may vote in this round."
    )

    Registration.objects.create(conference=open_round.conference, user=resident)
    services.cast_vote(voter=resident, round_=open_round, theme=round_themes[0])
    assert _votes(resident) == 1


def test_vote_view_refuses_with_a_clear_message(resident_client, resident):
    round_ = VotingRoundFactory(
        opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() - timedelta(days=1)
    )
    theme = ThemeFactory(conference=round_.conference)

    response = resident_client.post(reverse("themes:cast", args=[round_.pk]), {"theme": theme.pk}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["This voting round has closed."]
    assert Vote.objects.count() == 0


def test_vote_view_sends_visitors_to_login(client, open_round, round_themes):
    response = client.post(reverse("themes:cast", args=[open_round.pk]), {"theme": round_themes[0].pk})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Vote.objects.count() == 0


def test_vote_view_answers_htmx_with_the_ballot_only(resident_client, open_round, round_themes):
    response = resident_client.post(
        reverse("themes:cast", args=[open_round.pk]), {"theme": round_themes[0].pk}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="ballot"')
    assert "<html" not in html and html.count("<section") == 1
    assert f'role="alert" data-swap-focus>Your vote for “{round_themes[0].title}” has been saved.' in html
    assert response.context["votes_left"] == 2
    assert Vote.objects.filter(theme=round_themes[0]).count() == 1


def test_vote_view_without_htmx_redirects_to_the_ballot(resident_client, open_round, round_themes):
    response = resident_client.post(reverse("themes:cast", args=[open_round.pk]), {"theme": round_themes[0].pk})

    assert (response.status_code, response.url) == (302, open_round.get_absolute_url())
    assert Vote.objects.filter(theme=round_themes[0]).count() == 1


def test_withdrawing_a_vote_through_htmx_answers_the_ballot(resident_client, resident, open_round, round_themes):
    services.cast_vote(voter=resident, round_=open_round, theme=round_themes[0])

    response = resident_client.post(
        reverse("themes:withdraw", args=[open_round.pk]), {"theme": round_themes[0].pk}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="ballot"')
    assert response.context["votes_left"] == 3
    assert Vote.objects.count() == 0


def test_ballot_page_shows_the_votes_left(resident_client, resident, open_round, round_themes):
    services.cast_vote(voter=resident, round_=open_round, theme=round_themes[0])

    response = resident_client.get(open_round.get_absolute_url())

    assert response.context["votes_left"] == 2
    assert response.context["my_votes"] == {round_themes[0].pk}


def test_open_round_refuses_a_second_round_for_an_edition(coordinator, open_round):
    with pytest.raises(ValidationError) as error:
        services.open_round(
            conference=open_round.conference,
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=3),
            created_by=coordinator,
        )

    assert error.value.messages == ["This edition already has a voting round."]


def test_round_create_page_opens_a_round(coordinator_client):
    edition = EditionFactory()
    data = {
        "conference": edition.pk,
        "opens_at": (timezone.localtime()).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "votes_per_voter": 3,
        "themes_to_choose": 2,
        "eligibility": VotingRound.Eligibility.RESIDENTS,
    }

    response = coordinator_client.post(reverse("themes:round_create"), data)

    round_ = VotingRound.objects.get()
    assert response.status_code == 302
    assert (round_.conference, round_.votes_per_voter, round_.is_open()) == (edition, 3, True)


def test_round_create_page_refuses_a_window_in_the_past(coordinator_client):
    edition = EditionFactory()
    data = {
        "conference": edition.pk,
        "opens_at": (timezone.localtime() - timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (timezone.localtime() - timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        "votes_per_voter": 3,
        "themes_to_choose": 2,
        "eligibility": VotingRound.Eligibility.RESIDENTS,
    }

    response = coordinator_client.post(reverse("themes:round_create"), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The closing time has already passed."]
    assert VotingRound.objects.count() == 0


def test_round_create_page_is_for_coordinators(resident_client):
    assert resident_client.get(reverse("themes:round_create")).status_code == 403


# --- concurrency (PostgreSQL: real row locks) ---------------------------------------------------


def _in_threads(count, work):
    barrier = threading.Barrier(count)
    outcomes = []

    def run(index):
        try:
            barrier.wait(timeout=10)
            work(index)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_votes_by_one_voter_leave_exactly_the_budget():
    voter = UserFactory()
    round_ = VotingRoundFactory(votes_per_voter=3)
    themes = ThemeFactory.create_batch(20, conference=round_.conference)

    outcomes = _in_threads(20, lambda i: services.cast_vote(voter=voter, round_=round_, theme=themes[i]))

    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * 17
    assert Vote.objects.filter(ballot__voter=voter).count() == 3
    assert sorted(Vote.objects.values_list("slot", flat=True)) == [1, 2, 3]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_votes_for_one_theme_leave_one():
    voter = UserFactory()
    round_ = VotingRoundFactory(votes_per_voter=3)
    theme = ThemeFactory(conference=round_.conference)

    outcomes = _in_threads(2, lambda i: services.cast_vote(voter=voter, round_=round_, theme=theme))

    assert sorted(outcomes) == ["ok", "refused"]
    assert Vote.objects.filter(ballot__voter=voter, theme=theme).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_vote_during_closing_waits_and_is_refused():
    """A coordinator closes the round while a vote is on its way: the vote must not slip in after the close."""
    voter = UserFactory()
    round_ = VotingRoundFactory(votes_per_voter=3)
    theme = ThemeFactory(conference=round_.conference)
    closing, voted = threading.Event(), threading.Event()
    outcome = {}

    def close():
        try:
            with transaction.atomic():
                services.close_round(round_=round_)
                closing.set()
                voted.wait(timeout=1)  # keep the close uncommitted while the vote tries
        finally:
            connection.close()

    def vote():
        closing.wait(timeout=10)
        try:
            with translation.override("en"):
                services.cast_vote(voter=voter, round_=round_, theme=theme)
            outcome["vote"] = "ok"
        except ValidationError as error:
            outcome["vote"] = error.messages
        finally:
            voted.set()
            connection.close()

    threads = [threading.Thread(target=close), threading.Thread(target=vote)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcome["vote"] == ["This voting round has closed."]
    assert Vote.objects.count() == 0


def _attempt(work):
    """Run ``work`` in English; "ok", the refusal's messages, or "lock timeout"."""
    try:
        with translation.override("en"):
            work()
        return "ok"
    except ValidationError as error:
        return error.messages
    except OperationalError as error:
        if "lock timeout" in str(error):
            return "lock timeout"
        raise


def _race(first, second, hold=1.0):
    """Run ``first`` in a transaction and keep it uncommitted (up to ``hold`` seconds) while ``second`` runs."""
    started, finished = threading.Event(), threading.Event()
    outcome = {}

    def run_first():
        try:
            with transaction.atomic():
                outcome["first"] = _attempt(first)
                started.set()
                finished.wait(timeout=hold)
                outcome["first_released"] = time.monotonic()  # still uncommitted here
        finally:
            started.set()
            connection.close()

    def run_second():
        started.wait(timeout=10)
        try:
            outcome["second"] = _attempt(second)
            outcome["second_done"] = time.monotonic()
        finally:
            finished.set()
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Without waiting, ``second`` ends before ``first`` lets go; waiting for its lock, only after the commit.
    outcome["second_waited"] = outcome["second_done"] > outcome["first_released"]
    return outcome


def _with_lock_timeout(work, milliseconds=500):
    """``work`` in a transaction that gives up on any row lock it has to wait for longer than this."""

    def run():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{int(milliseconds)}ms'")
            work()

    return run


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_voters_for_one_theme_do_not_wait_for_each_other():
    """The theme row lock of a vote is shared: a second voter goes on while the first is still in flight."""
    first_voter, second_voter = UserFactory(), UserFactory()
    round_ = VotingRoundFactory(votes_per_voter=3)
    theme = ThemeFactory(conference=round_.conference)

    outcome = _race(
        lambda: services.cast_vote(voter=first_voter, round_=round_, theme=theme),
        _with_lock_timeout(lambda: services.cast_vote(voter=second_voter, round_=round_, theme=theme)),
        hold=5,
    )

    assert (outcome["first"], outcome["second"]) == ("ok", "ok")
    assert outcome["second_waited"] is False
    assert Vote.objects.filter(theme=theme).count() == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_voters_for_one_theme_all_count():
    voters = UserFactory.create_batch(10)
    round_ = VotingRoundFactory(votes_per_voter=3)
    theme = ThemeFactory(conference=round_.conference)

    outcomes = _in_threads(10, lambda i: services.cast_vote(voter=voters[i], round_=round_, theme=theme))

    assert outcomes == ["ok"] * 10
    assert Vote.objects.filter(theme=theme).count() == 10


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_vote_during_a_merge_waits_and_is_refused():
    voter = UserFactory()
    round_ = VotingRoundFactory(votes_per_voter=3)
    duplicate, original = ThemeFactory.create_batch(2, conference=round_.conference)

    outcome = _race(
        lambda: services.merge_theme(theme=duplicate, into=original),
        lambda: services.cast_vote(voter=voter, round_=round_, theme=duplicate),
    )

    assert (outcome["first"], outcome["second"]) == ("ok", ["You can only vote for published themes."])
    assert outcome["second_waited"] is True
    assert Vote.objects.count() == 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_merge_during_a_vote_waits_and_moves_the_vote():
    voter = UserFactory()
    round_ = VotingRoundFactory(votes_per_voter=3)
    duplicate, original = ThemeFactory.create_batch(2, conference=round_.conference)

    outcome = _race(
        lambda: services.cast_vote(voter=voter, round_=round_, theme=duplicate),
        lambda: services.merge_theme(theme=duplicate, into=original),
    )

    assert (outcome["first"], outcome["second"]) == ("ok", "ok")
    assert outcome["second_waited"] is True
    assert list(Vote.objects.values_list("theme_id", flat=True)) == [original.pk]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_vote_during_a_withdrawal_waits_and_is_refused():
    voter = UserFactory()
    round_ = VotingRoundFactory(votes_per_voter=3)
    theme = ThemeFactory(conference=round_.conference)

    outcome = _race(
        lambda: services.withdraw_theme(theme=theme, proposer=theme.submitted_by),
        lambda: services.cast_vote(voter=voter, round_=round_, theme=theme),
    )

    assert (outcome["first"], outcome["second"]) == ("ok", ["You can only vote for published themes."])
    assert outcome["second_waited"] is True
    assert Vote.objects.count() == 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_during_a_vote_waits_and_is_refused():
    voter = UserFactory()
    round_ = VotingRoundFactory(votes_per_voter=3)
    theme = ThemeFactory(conference=round_.conference)

    outcome = _race(
        lambda: services.cast_vote(voter=voter, round_=round_, theme=theme),
        lambda: services.withdraw_theme(theme=theme, proposer=theme.submitted_by),
    )

    assert outcome["first"] == "ok"
    assert outcome["second"] == ["People have already voted for this theme, so it can no longer be withdrawn."]
    assert outcome["second_waited"] is True
    theme.refresh_from_db()
    assert (theme.status, Vote.objects.filter(theme=theme).count()) == (Theme.Status.PUBLISHED, 1)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_vote_during_a_plain_status_update_waits_and_is_refused():
    """FOR SHARE (not FOR KEY SHARE): even an UPDATE without a row lock first, as in admin, holds the vote back."""
    voter = UserFactory()
    round_ = VotingRoundFactory(votes_per_voter=3)
    theme = ThemeFactory(conference=round_.conference)

    outcome = _race(
        lambda: Theme.objects.filter(pk=theme.pk).update(status=Theme.Status.WITHDRAWN),
        lambda: services.cast_vote(voter=voter, round_=round_, theme=theme),
    )

    assert (outcome["first"], outcome["second"]) == ("ok", ["You can only vote for published themes."])
    assert outcome["second_waited"] is True
    assert Vote.objects.count() == 0


def test_vote_view_refuses_a_malformed_theme(resident_client, open_round):
    response = resident_client.post(reverse("themes:cast", args=[open_round.pk]), {"theme": "abc"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Choose a theme."]
    assert Vote.objects.count() == 0
