"""Voting: casting and withdrawing votes within a voter's budget, under row locks (see docs/architecture.md)."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.models import Registration, User
from conference.rules import is_resident
from themes.models import Ballot, Theme, Vote, VotingRound

# --- voting ------------------------------------------------------------------------------------


def voting_error(round_: VotingRound, user, now=None) -> str | None:
    """Why ``user`` may not vote in ``round_`` right now, or None. Shared by the rules and the services."""
    now = now or timezone.now()
    if not is_resident(user):
        return _("Sign in to vote.")
    if not round_.has_opened(now):
        return _("This voting round has not opened yet.")
    if round_.has_closed(now):
        return _("This voting round has closed.")
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return _("Confirm your e-mail address before you vote.")
    if round_.eligibility == VotingRound.Eligibility.ATTENDEES and not (
        Registration.objects.active().filter(conference_id=round_.conference_id, user=user).exists()
    ):
        return _("Only people registered for this edition may vote in this round.")
    return None


def _round_for_voting(round_: VotingRound) -> VotingRound:
    """Read the round under a shared row lock (PostgreSQL's FOR KEY SHARE).

    Voters do not wait for each other, but a coordinator closing the round (FOR UPDATE) waits for
    the votes in flight, and a vote that arrives during the close waits and then sees it closed.
    """
    _shared_row_lock(VotingRound, round_.pk, "KEY SHARE")
    return VotingRound.objects.get(pk=round_.pk)


def _theme_for_voting(theme: Theme) -> Theme:
    """Read the theme under a shared row lock (PostgreSQL's FOR SHARE).

    Voters for the same theme hold the lock together and do not queue behind each other (the
    budget does not depend on it: the ballot lock serialises one voter's requests). Every change
    to the theme row waits for the votes in flight: merging, withdrawing and choosing lock it FOR
    UPDATE first, and FOR SHARE (unlike FOR KEY SHARE) also blocks an UPDATE without such a lock,
    such as an edit in admin. A vote that arrives while such a change is uncommitted waits, then
    reads the new status, so it never lands on a merged or withdrawn theme; a merge or withdrawal
    that comes after the vote sees the vote (the merge moves it, the withdrawal is refused).
    """
    _shared_row_lock(Theme, theme.pk, "SHARE")
    return Theme.objects.get(pk=theme.pk)


def _shared_row_lock(model, pk: int, strength: str) -> None:
    """``SELECT ... FOR SHARE`` / ``FOR KEY SHARE``, which the ORM cannot express.

    SQLite has no row locks (``select_for_update`` is a no-op there too); it lets one transaction
    write at a time. On PostgreSQL the read that follows is a new statement, so under READ
    COMMITTED it sees every change that committed before the lock was granted.
    """
    if strength not in ("SHARE", "KEY SHARE"):
        raise ValueError(strength)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {model._meta.db_table} WHERE id = %s FOR {strength}", [pk])  # noqa: S608  (table name from model metadata, strength checked above)


def _locked_ballot(round_: VotingRound, voter: User) -> Ballot:
    ballot, _created = Ballot.objects.get_or_create(round=round_, voter=voter)
    return Ballot.objects.select_for_update().get(pk=ballot.pk)


@transaction.atomic
def cast_vote(*, voter: User, round_: VotingRound, theme: Theme) -> Vote:
    """Give one of the voter's votes to ``theme``: one per theme, never more than the budget."""
    round_ = _round_for_voting(round_)
    error = voting_error(round_, voter)
    if error:
        raise ValidationError(error)
    ballot = _locked_ballot(round_, voter)  # serialises this voter's requests: the budget holds
    theme = _theme_for_voting(theme)  # shared: other voters go on, status changes wait
    if theme.conference_id != round_.conference_id:
        raise ValidationError(_("This theme is not part of this voting round."))
    if theme.status != Theme.Status.PUBLISHED:
        raise ValidationError(_("You can only vote for published themes."))
    used = dict(Vote.objects.filter(ballot=ballot).values_list("theme_id", "slot"))
    if theme.pk in used:
        raise ValidationError(_("You have already voted for this theme."))
    if len(used) >= round_.votes_per_voter:
        raise ValidationError(
            ngettext(
                "You have used your %(count)d vote. Remove a vote first to vote for another theme.",
                "You have used all %(count)d votes. Remove a vote first to vote for another theme.",
                round_.votes_per_voter,
            )
            % {"count": round_.votes_per_voter}
        )
    slot = min(set(range(1, round_.votes_per_voter + 1)) - set(used.values()))
    return Vote.objects.create(ballot=ballot, theme=theme, slot=slot)


@transaction.atomic
def withdraw_vote(*, voter: User, round_: VotingRound, theme: Theme) -> None:
    """Take a vote back while the round is open, so it can go to another theme."""
    round_ = _round_for_voting(round_)
    error = voting_error(round_, voter)
    if error:
        raise ValidationError(error)
    ballot = _locked_ballot(round_, voter)
    deleted, _details = Vote.objects.filter(ballot=ballot, theme=theme).delete()
    if not deleted:
        raise ValidationError(_("You have not voted for this theme."))
