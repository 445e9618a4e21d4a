"""State changes with rules for themes and voting rounds. Each runs in one transaction.

Views, the demo loader and tests call these functions; none re-implements a rule.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.models import Edition, Membership, Organisation, Outcome, Registration, Session, TableTalk, User
from conference.rules import is_coordinator, is_resident
from themes import notifications
from themes.models import MAX_VOTES_PER_VOTER, Ballot, RecurringOverview, Theme, Vote, VotingRound

#: How many themes one person may propose in 24 hours.
PROPOSALS_PER_DAY = 5
ACTIVE_STATUSES = (Theme.Status.PUBLISHED, Theme.Status.CHOSEN, Theme.Status.NOT_CHOSEN)


# --- proposing ---------------------------------------------------------------------------------


@transaction.atomic
def propose_theme(
    *,
    proposer: User,
    conference: Edition,
    title: str,
    description: str,
    target_group: str = "",
    organisation: Organisation | None = None,
    origin_outcome: Outcome | None = None,
) -> Theme:
    """Store a proposal in the moderation queue, within the daily limit per person."""
    if not is_resident(proposer):
        raise ValidationError(_("Sign in to propose a theme."))
    coordinator = is_coordinator(proposer)
    if not coordinator and (not conference.is_published or conference.is_past):
        raise ValidationError(_("You can only propose themes for an edition that is still to come."))
    if organisation is not None and not Membership.objects.filter(user=proposer, organisation=organisation).exists():
        raise ValidationError(_("You can only propose a theme on behalf of an organisation you belong to."))
    if not title.strip() or not description.strip():
        raise ValidationError(_("A theme needs a title and a description."))
    # Serialise one person's proposals so that parallel requests cannot pass the limit together.
    User.objects.select_for_update().filter(pk=proposer.pk).first()
    since = timezone.now() - timedelta(days=1)
    # Themes made from table-talk outcomes (``theme_from_outcome``) are not the person's proposals.
    recent = Theme.objects.filter(submitted_by=proposer, created_at__gte=since, origin_outcome__isnull=True)
    if not coordinator and recent.count() >= PROPOSALS_PER_DAY:  # coordinators enter history in bulk
        raise ValidationError(
            ngettext(
                "You can propose at most %(count)d theme a day. Please try again tomorrow.",
                "You can propose at most %(count)d themes a day. Please try again tomorrow.",
                PROPOSALS_PER_DAY,
            )
            % {"count": PROPOSALS_PER_DAY}
        )
    return Theme.objects.create(
        conference=conference,
        title=title.strip(),
        description=description.strip(),
        target_group=target_group.strip(),
        submitted_by=proposer,
        organisation=organisation,
        origin_outcome=origin_outcome,
    )


@transaction.atomic
def theme_from_outcome(*, outcome: Outcome, coordinator: User, conference: Edition | None = None) -> Theme:
    """Turn a published table-talk outcome into a theme proposal for the next edition, in one step.

    A coordinator's act, not a proposal of their own: it does not count against the daily limit
    on proposals, and it may be for an edition that has not been published yet.
    """
    if not is_coordinator(coordinator):
        raise PermissionDenied(_("Only a coordinator can turn an outcome into a theme."))
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.status != Outcome.Status.PUBLISHED:
        raise ValidationError(_("Only a published outcome can become a theme."))
    if Theme.objects.filter(origin_outcome=outcome).exists():
        raise ValidationError(_("This outcome has already become a theme."))
    table_talk = outcome.table_talk
    if conference is None:
        conference = (
            Edition.objects.published().filter(starts_at__gt=table_talk.conference.starts_at).upcoming().first()
        )
    if conference is None:
        raise ValidationError(_("There is no coming edition to propose the theme for. Announce an edition first."))
    first_line = outcome.text.strip().splitlines()[0] if outcome.text.strip() else table_talk.title
    title = first_line if len(first_line) <= 120 else first_line[:117].rstrip() + "…"
    description = _("%(text)s\n\nThis came from the table talk “%(talk)s” at %(edition)s.") % {
        "text": outcome.text.strip(),
        "talk": table_talk.title,
        "edition": table_talk.conference,
    }
    return Theme.objects.create(
        conference=conference,
        title=title,
        description=description,
        target_group=table_talk.theme.target_group if table_talk.theme_id else "",
        submitted_by=coordinator,
        origin_outcome=outcome,
    )


WITHDRAWABLE = (Theme.Status.SUBMITTED, Theme.Status.PUBLISHED)


def withdraw_error(theme: Theme, user) -> str | None:
    """Why ``user`` cannot withdraw ``theme`` now, or None. The rule ``themes.withdraw_theme`` asks this too."""
    if not is_resident(user) or theme.submitted_by_id != user.pk:
        return _("Only the proposer can withdraw a theme.")
    if theme.status not in WITHDRAWABLE:
        return _("This theme can no longer be withdrawn.")
    if Vote.objects.filter(theme=theme).exists():
        return _("People have already voted for this theme, so it can no longer be withdrawn.")
    return None


@transaction.atomic
def save_recurring_overview(*, is_published: bool, introduction: str) -> RecurringOverview:
    """Change the recurring-themes page: whether it is public and its introduction."""
    RecurringOverview.load()  # makes the row when there is none yet
    overview = RecurringOverview.objects.select_for_update().get(pk=1)
    overview.is_published, overview.introduction = is_published, introduction.strip()
    overview.save(update_fields=["is_published", "introduction", "updated_at"])
    return overview


@transaction.atomic
def withdraw_theme(*, theme: Theme, proposer: User) -> Theme:
    """The proposer takes their theme back, as long as nobody has voted for it and nothing was decided."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if error := withdraw_error(theme, proposer):
        raise ValidationError(error)
    theme.status = Theme.Status.WITHDRAWN
    theme.save(update_fields=["status", "updated_at"])
    return theme


# --- moderation --------------------------------------------------------------------------------


def _lock_theme(theme: Theme) -> Theme:
    return Theme.objects.select_for_update().get(pk=theme.pk)


@transaction.atomic
def publish_theme(*, theme: Theme, moderator: User) -> Theme:
    theme = _lock_theme(theme)
    if theme.status != Theme.Status.SUBMITTED:
        raise ValidationError(_("Only proposed themes can be published."))
    theme.status = Theme.Status.PUBLISHED
    theme.moderation_note = ""
    theme.moderated_at = timezone.now()
    theme.save(update_fields=["status", "moderation_note", "moderated_at", "updated_at"])
    notifications.theme_published(theme)
    return theme


@transaction.atomic
def reject_theme(*, theme: Theme, moderator: User, reason: str) -> Theme:
    theme = _lock_theme(theme)
    if theme.status != Theme.Status.SUBMITTED:
        raise ValidationError(_("Only proposed themes can be rejected."))
    if not reason.strip():
        raise ValidationError(_("Give a reason: the proposer will read it."))
    theme.status = Theme.Status.REJECTED
    theme.moderation_note = reason.strip()
    theme.moderated_at = timezone.now()
    theme.save(update_fields=["status", "moderation_note", "moderated_at", "updated_at"])
    notifications.theme_rejected(theme)
    return theme


@transaction.atomic
def merge_theme(*, theme: Theme, into: Theme, moderator: User, note: str = "") -> Theme:
    """Merge ``theme`` into ``into``; every supporter's vote ends up on ``into`` exactly once."""
    if theme.pk == into.pk:
        raise ValidationError(_("A theme cannot be merged into itself."))
    first, second = sorted([theme.pk, into.pk])
    rows = Theme.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")
    locked = {t.pk: t for t in rows}
    theme, into = locked[theme.pk], locked[into.pk]
    if theme.status not in (Theme.Status.SUBMITTED, Theme.Status.PUBLISHED):
        raise ValidationError(_("This theme can no longer be merged."))
    if into.status not in ACTIVE_STATUSES:
        raise ValidationError(_("A theme can only be merged into a published theme."))
    votes = Vote.objects.filter(theme=theme)
    if votes.exists():
        if into.conference_id != theme.conference_id:
            raise ValidationError(
                _("This theme has votes: merge it into a theme of the same edition, so that the votes move along.")
            )
        if VotingRound.objects.filter(conference_id=theme.conference_id, results_published=True).exists():
            raise ValidationError(_("The results of this round are published: its themes can no longer be merged."))
        # A voter who supported both keeps one vote on the joined theme; the other is returned.
        both = Vote.objects.filter(theme=into).values("ballot_id")
        votes.filter(ballot_id__in=both).delete()
        votes.update(theme=into)
    Theme.objects.filter(merged_into=theme).update(merged_into=into)
    theme.status = Theme.Status.MERGED
    theme.merged_into = into
    theme.moderation_note = note.strip()
    theme.moderated_at = timezone.now()
    theme.save(update_fields=["status", "merged_into", "moderation_note", "moderated_at", "updated_at"])
    notifications.theme_merged(theme, into)
    return theme


# --- voting rounds -----------------------------------------------------------------------------


@transaction.atomic
def open_round(
    *,
    conference: Edition,
    opens_at,
    closes_at,
    votes_per_voter: int = 3,
    themes_to_choose: int = 2,
    eligibility: str = VotingRound.Eligibility.RESIDENTS,
    created_by: User | None = None,
) -> VotingRound:
    Edition.objects.select_for_update().filter(pk=conference.pk).first()
    if VotingRound.objects.filter(conference=conference).exists():
        raise ValidationError(_("This edition already has a voting round."))
    if closes_at <= opens_at:
        raise ValidationError(_("The round must close after it opens."))
    if closes_at <= timezone.now():
        raise ValidationError(_("The closing time has already passed."))
    if not 1 <= votes_per_voter <= MAX_VOTES_PER_VOTER:
        raise ValidationError(_("Give each voter between 1 and %(max)d votes.") % {"max": MAX_VOTES_PER_VOTER})
    if themes_to_choose < 1:
        raise ValidationError(_("Choose at least one theme."))
    return VotingRound.objects.create(
        conference=conference,
        opens_at=opens_at,
        closes_at=closes_at,
        votes_per_voter=votes_per_voter,
        themes_to_choose=themes_to_choose,
        eligibility=eligibility,
        created_by=created_by,
    )


def _lock_round(round_: VotingRound) -> VotingRound:
    return VotingRound.objects.select_for_update().get(pk=round_.pk)


@transaction.atomic
def close_round(*, round_: VotingRound, closed_by: User) -> VotingRound:
    """Close an open round now (instead of waiting for its closing time)."""
    round_ = _lock_round(round_)
    now = timezone.now()
    if not round_.is_open(now):
        raise ValidationError(_("Only an open round can be closed."))
    round_.closes_at = now
    round_.save(update_fields=["closes_at"])
    return round_


@transaction.atomic
def publish_results(*, round_: VotingRound, published_by: User) -> VotingRound:
    round_ = _lock_round(round_)
    if not round_.has_closed():
        raise ValidationError(_("The results can only be published after the round has closed."))
    if not round_.results_published:
        round_.results_published = True
        round_.results_published_at = timezone.now()
        round_.save(update_fields=["results_published", "results_published_at"])
    return round_


@transaction.atomic
def choose_themes(*, round_: VotingRound, themes, chosen_by: User, note: str = "") -> list[Theme]:
    """Mark the chosen themes; the other published themes of the edition become "not chosen"."""
    round_ = _lock_round(round_)
    if not round_.results_published:
        raise ValidationError(_("Publish the results before you choose themes."))
    if round_.chosen_at:
        raise ValidationError(_("The themes of this round have already been chosen."))
    candidates = list(
        Theme.objects.select_for_update().filter(conference_id=round_.conference_id, status=Theme.Status.PUBLISHED)
    )
    chosen_ids = {theme.pk for theme in themes}
    if not chosen_ids <= {theme.pk for theme in candidates}:
        raise ValidationError(_("You can only choose published themes of this edition."))
    expected = min(round_.themes_to_choose, len(candidates))
    if len(chosen_ids) != expected:
        raise ValidationError(
            ngettext("Choose exactly %(count)d theme.", "Choose exactly %(count)d themes.", expected)
            % {"count": expected}
        )
    counts = dict(
        Vote.objects.filter(theme__in=candidates)
        .values("theme_id")
        .annotate(n=Count("pk"))
        .values_list("theme_id", "n")
    )
    chosen_low = min((counts.get(pk, 0) for pk in chosen_ids), default=0)
    others_high = max((counts.get(t.pk, 0) for t in candidates if t.pk not in chosen_ids), default=-1)
    if others_high >= chosen_low and not note.strip():
        raise ValidationError(
            _(
                "Your choice does not simply follow the ranking (for example because of a tie). "
                "Explain the choice: it is shown with the results."
            )
        )
    now = timezone.now()
    Theme.objects.filter(pk__in=chosen_ids).update(
        status=Theme.Status.CHOSEN, choice_method=Theme.ChoiceMethod.VOTE, chosen_at=now, updated_at=now
    )
    Theme.objects.filter(pk__in=[t.pk for t in candidates if t.pk not in chosen_ids]).update(
        status=Theme.Status.NOT_CHOSEN, updated_at=timezone.now()
    )
    round_.choice_note = note.strip()
    round_.chosen_at = timezone.now()
    round_.save(update_fields=["choice_note", "chosen_at"])
    return list(Theme.objects.filter(pk__in=chosen_ids))


# --- chosen during a session (without a voting round) -----------------------------------------


@dataclass(frozen=True)
class SessionTheme:
    """A theme a session named at the table, as a coordinator enters it afterwards."""

    title: str
    description: str = ""
    target_group: str = ""
    organisation: Organisation | None = None
    table_talk: TableTalk | None = None


#: Statuses of an existing theme that a session can still choose (``chosen`` only when how is unknown).
SESSION_CHOOSABLE = (Theme.Status.PUBLISHED, Theme.Status.NOT_CHOSEN, Theme.Status.CHOSEN)


def _day(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y")


def _session_moment(conference: Edition, session: Session | None, chosen_on: date | None) -> datetime:
    """When the choice was made: the session's (or edition's) start, or noon of the day given."""
    now = timezone.now()
    if session is not None and session.starts_at > now:
        raise ValidationError(
            _("The session “%(session)s” has not started yet. Record its themes once it has taken place.")
            % {"session": session.title}
        )
    anchor = session.starts_at if session is not None else conference.starts_at
    if chosen_on is None:
        return min(anchor, now)  # a coming edition without a session: chosen today, at a meeting before it
    if chosen_on > timezone.localdate(now):
        raise ValidationError(_("The day it was chosen cannot be in the future."))
    if session is not None and chosen_on != timezone.localdate(session.starts_at):
        raise ValidationError(
            _("The session “%(session)s” was on %(date)s. Leave the day empty or enter that day.")
            % {"session": session.title, "date": _day(session.starts_at)}
        )
    if chosen_on == timezone.localdate(anchor) and anchor <= now:
        return anchor
    return min(timezone.make_aware(datetime.combine(chosen_on, time(12))), now)


def _check_new_session_themes(conference: Edition, rows: Sequence[SessionTheme]) -> None:
    taken = {
        title.strip().casefold()
        for title in Theme.objects.filter(conference=conference)
        .exclude(status__in=Theme.HIDDEN_STATUSES)
        .values_list("title", flat=True)
    }
    seen, tables = set(), set()
    for row in rows:
        title = row.title.strip()
        if not title:
            raise ValidationError(_("Give each theme a title."))
        if len(title) > Theme._meta.get_field("title").max_length:
            raise ValidationError(_("The title “%(title)s…” is too long.") % {"title": title[:40]})
        key = title.casefold()
        if key in taken:
            raise ValidationError(
                _("This edition already has a theme called “%(title)s”. Tick it under the proposed themes instead.")
                % {"title": title}
            )
        if key in seen:
            raise ValidationError(_("You entered the theme “%(title)s” twice.") % {"title": title})
        seen.add(key)
        table = row.table_talk
        if table is not None:
            if table.conference_id != conference.pk:
                raise ValidationError(_("The table “%(table)s” is not part of this edition.") % {"table": table})
            if table.theme_id is not None:
                raise ValidationError(_("The table “%(table)s” already talks about another theme.") % {"table": table})
            if table.pk in tables:
                raise ValidationError(_("Link each table to one theme only."))
            tables.add(table.pk)


def _check_existing_session_themes(conference: Edition, themes: list[Theme]) -> None:
    round_ = VotingRound.objects.filter(conference=conference).first()
    for theme in themes:
        if theme.conference_id != conference.pk:
            raise ValidationError(_("“%(title)s” is not a theme of this edition.") % {"title": theme.title})
        if theme.choice_method == Theme.ChoiceMethod.VOTE:
            raise ValidationError(_("“%(title)s” was already chosen in the voting round.") % {"title": theme.title})
        if theme.choice_method == Theme.ChoiceMethod.SESSION:
            raise ValidationError(
                _("“%(title)s” has already been recorded as chosen during a session.") % {"title": theme.title}
            )
        if theme.status not in SESSION_CHOOSABLE:
            raise ValidationError(
                _("“%(title)s” is not published, so it cannot be chosen. Publish it first.") % {"title": theme.title}
            )
        if round_ is not None and not round_.chosen_at and theme.status == Theme.Status.PUBLISHED:
            raise ValidationError(
                _(
                    "“%(title)s” is on the ballot of this edition's voting round, which has not chosen yet. "
                    "Choose in the round first, or enter the session's themes as new themes."
                )
                % {"title": theme.title}
            )


@transaction.atomic
def record_session_choice(
    *,
    coordinator: User,
    conference: Edition,
    session: Session | None = None,
    chosen_on: date | None = None,
    new_themes: Sequence[SessionTheme] = (),
    existing_themes: Sequence[Theme] = (),
) -> list[Theme]:
    """Record the themes a session chose at the table, for any edition, without a voting round.

    New themes are stored published and chosen, proposed by the coordinator, and linked to their
    table when one is given; already proposed themes of the edition become chosen. All get
    ``choice_method`` "session", the moment (``chosen_at``) and the session (``chosen_in``).

    A voting round of the edition stays one way to choose and is left as it is: themes chosen in
    the vote stay chosen, new themes never appear on its ballot or in its results, and themes on
    the ballot of a round that has not chosen yet cannot be taken out of it here.
    """
    if not is_coordinator(coordinator):
        raise ValidationError(_("Only coordinators can record the themes a session chose."))
    conference = Edition.objects.select_for_update().get(pk=conference.pk)  # one recording per edition at a time
    if session is not None and session.conference_id != conference.pk:
        raise ValidationError(_("This session is not part of this edition."))
    if not new_themes and not existing_themes:
        raise ValidationError(_("Enter at least one theme, or tick a theme that was proposed."))
    chosen_at = _session_moment(conference, session, chosen_on)
    tables = [row.table_talk.pk for row in new_themes if row.table_talk is not None]
    locked = {table.pk: table for table in TableTalk.objects.select_for_update().filter(pk__in=tables)}
    new_themes = [replace(row, table_talk=locked[row.table_talk.pk]) if row.table_talk else row for row in new_themes]
    existing = list(Theme.objects.select_for_update().filter(pk__in=[t.pk for t in existing_themes]).order_by("pk"))
    _check_new_session_themes(conference, new_themes)
    _check_existing_session_themes(conference, existing)
    now = timezone.now()
    chosen = []
    for row in new_themes:
        theme = Theme.objects.create(
            conference=conference,
            title=row.title.strip(),
            description=row.description.strip(),
            target_group=row.target_group.strip(),
            organisation=row.organisation,
            submitted_by=coordinator,
            status=Theme.Status.CHOSEN,
            choice_method=Theme.ChoiceMethod.SESSION,
            chosen_at=chosen_at,
            chosen_in=session,
            moderated_at=now,
        )
        if row.table_talk is not None:
            TableTalk.objects.filter(pk=row.table_talk.pk).update(theme=theme)
        chosen.append(theme)
    for theme in existing:
        theme.status = Theme.Status.CHOSEN
        theme.choice_method = Theme.ChoiceMethod.SESSION
        theme.chosen_at = chosen_at
        theme.chosen_in = session
        theme.save(update_fields=["status", "choice_method", "chosen_at", "chosen_in", "updated_at"])
        chosen.append(theme)
    return chosen


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
