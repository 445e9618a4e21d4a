"""Themes chosen during a session, without a voting round, for any edition (past ones too)."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from conference import audit
from conference.models import Edition, Organisation, Session, TableTalk, User
from conference.rules import is_coordinator
from themes.models import Theme, VotingRound

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
            audit.update(TableTalk.objects.filter(pk=row.table_talk.pk), theme=theme)
        chosen.append(theme)
    for theme in existing:
        theme.status = Theme.Status.CHOSEN
        theme.choice_method = Theme.ChoiceMethod.SESSION
        theme.chosen_at = chosen_at
        theme.chosen_in = session
        theme.save(update_fields=["status", "choice_method", "chosen_at", "chosen_in", "updated_at"])
        chosen.append(theme)
    return chosen
