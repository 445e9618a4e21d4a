# ruff: noqa: RUF001 - Dutch text quotes titles with typographic single quotes
"""State changes with rules for the conference app. Each runs in one transaction."""

import itertools
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import audit, notifications, page_cache, search
from conference.models import (
    Edition,
    Evaluation,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    Membership,
    Organisation,
    Organiser,
    Outcome,
    Recap,
    RecapSection,
    Registration,
    Session,
    SessionChoice,
    SessionHost,
    SiteSettings,
    TableSheetPhoto,
    TableTalk,
    User,
)
from conference.models.programme import time_slots
from conference.rules import is_self
from conference.security_log import log_security_event


@transaction.atomic
def grant_partner(*, user: User, organisation: Organisation, granted_by: User) -> Membership:
    """Make ``user`` a partner by adding them to ``organisation``. Granting twice changes nothing."""
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"granted_by": granted_by}
    )
    if created:
        _log_role_change(user=user, role="partner", change="granted", by=granted_by, organisation_id=organisation.pk)
    return membership


@transaction.atomic
def revoke_partner(*, membership: Membership, revoked_by: User | None = None) -> None:
    user, organisation_id = membership.user, membership.organisation_id
    membership.delete()
    _log_role_change(user=user, role="partner", change="revoked", by=revoked_by, organisation_id=organisation_id)


def _log_role_change(*, user: User, role: str, change: str, by: User | None, **fields) -> None:
    """One ``role_changed`` line in the security log, once the change is committed."""
    by_user_id = by.pk if by is not None else None
    transaction.on_commit(
        lambda: log_security_event("role_changed", user=user, role=role, change=change, by_user_id=by_user_id, **fields)
    )


@transaction.atomic
def set_display_name(*, user: User, display_name: str) -> User:
    """The name shown on public pages (allauth's sign-up form calls this)."""
    display_name = display_name.strip()
    if not display_name:
        raise ValidationError(_("Fill in your name."))
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    return user


@transaction.atomic
def set_coordinator(*, user: User, is_coordinator: bool, changed_by: User) -> User:
    """Grant or revoke the coordinator role. Nobody changes their own role (no lock-out):
    ``is_self`` in the rule ``conference.set_coordinator_role``, which the users page asks too.

    A new coordinator gets an e-mail: the role takes effect once they log in with two steps."""
    if is_self(changed_by, user):
        raise PermissionDenied(_("You cannot change your own coordinator role."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_coordinator != is_coordinator:
        user.is_coordinator = is_coordinator
        user.save(update_fields=["is_coordinator"])
        _log_role_change(
            user=user, role="coordinator", change="granted" if is_coordinator else "revoked", by=changed_by
        )
        if is_coordinator:
            # The role takes effect once they log in with two steps: tell them how.
            notifications.coordinator_role_granted(user=user, granted_by=changed_by)
    return user


# --- Editions ---------------------------------------------------------------------------------


@transaction.atomic
def set_edition_published(*, conference: Edition, published: bool) -> Edition:
    conference = Edition.objects.select_for_update().get(pk=conference.pk)
    if conference.is_published != published:
        conference.is_published = published
        conference.save(update_fields=["is_published", "updated_at"])
    return conference


# --- Registration -----------------------------------------------------------------------------
# One session per time slot (the programme's slots: sessions that overlap share one). Choosing a
# session in a slot that already has one of yours is refused, naming both, unless the caller says
# the person confirmed the replacement. Whoever moves up from a waiting list gets an e-mail.


@dataclass(frozen=True)
class Promotions:
    """Who moved up from a waiting list in one rebalance."""

    registrations: list[int] = field(default_factory=list)  # now have a place at the edition
    choices: list[int] = field(default_factory=list)  # now have a place in a session


def _slot_index(conference: Edition) -> dict[int, int]:
    """Session id -> number of its time slot in the edition's programme."""
    slots = time_slots(conference.sessions.values_list("pk", "title", "starts_at", "ends_at", named=True))
    return {session.pk: index for index, slot in enumerate(slots) for session in slot["sessions"]}


def _slot_taken(chosen: Session, other: Session) -> ValidationError:
    return ValidationError(
        _(
            "You have already chosen ‘%(chosen)s’ in this time slot; ‘%(other)s’ is at the same time. "
            "Choose one session per time slot."
        ),
        code="slot_taken",
        params={"chosen": chosen.title, "other": other.title},
    )


def _validate_choices(conference: Edition, sessions: list[Session], slot_of: dict[int, int]) -> None:
    for session in sessions:
        if session.conference_id != conference.pk or not session.needs_registration:
            raise ValidationError(_("You cannot choose this session."))
    for first, second in itertools.combinations(sessions, 2):
        if slot_of.get(first.pk) == slot_of.get(second.pk):
            raise ValidationError(
                _("‘%(first)s’ and ‘%(second)s’ are in the same time slot. Choose one session per time slot."),
                code="same_slot",
                params={"first": first.title, "second": second.title},
            )


def replacements(current, wanted, slot_of: dict[int, int]) -> list[tuple[Session, Session]]:
    """Pairs (chosen, new): a new session that would take the place of a chosen one in its slot."""
    current_pks, wanted_pks = {s.pk for s in current}, {s.pk for s in wanted}
    return [
        (old, new)
        for new in wanted
        if new.pk not in current_pks
        for old in current
        if old.pk not in wanted_pks and slot_of.get(old.pk) == slot_of.get(new.pk)
    ]


def _rebalance(conference: Edition) -> Promotions:
    """Give free seats to the waiting lists, first come first served. The caller holds the edition lock."""
    waiting = conference.registrations.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")
    promote = list(waiting.values_list("pk", flat=True))  # a waiting list is short; mostly it is empty
    if promote and conference.capacity is not None:
        free = conference.capacity - conference.registrations.filter(status=Registration.Status.CONFIRMED).count()
        promote = promote[: max(free, 0)]
    Registration.objects.filter(pk__in=promote).update(status=Registration.Status.CONFIRMED)
    waiting_choices = SessionChoice.objects.filter(
        session__conference=conference,
        status=SessionChoice.Status.WAITLISTED,
        registration__status=Registration.Status.CONFIRMED,
    )
    seated: list[int] = []
    # Only sessions with someone in line, with their seats taken counted in the same query.
    in_demand = Session.objects.filter(pk__in=waiting_choices.values("session")).annotate(
        taken=Count("choices", filter=Q(choices__status=SessionChoice.Status.CONFIRMED))
    )
    for session in in_demand:
        free = None if session.capacity is None else session.capacity - session.taken
        if free is not None and free <= 0:
            continue
        candidates = waiting_choices.filter(session=session).order_by("created_at", "pk").values_list("pk", flat=True)
        seated += list(candidates if free is None else candidates[:free])
    SessionChoice.objects.filter(pk__in=seated).update(status=SessionChoice.Status.CONFIRMED)
    if promote or seated:
        page_cache.bump()  # seats left on the programme
    return Promotions(registrations=promote, choices=seated)


def _notify_promotions(promotions: Promotions, *, skip: int | None = None) -> None:
    """E-mail everyone who moved up (sent after commit): one message per person, naming each new place."""
    seats = defaultdict(list)
    for registration_id, choice_id in SessionChoice.objects.filter(pk__in=promotions.choices).values_list(
        "registration_id", "pk"
    ):
        seats[registration_id].append(choice_id)
    for registration_id in sorted(set(promotions.registrations) | set(seats)):
        if registration_id != skip:
            edition_seat = registration_id in promotions.registrations
            notifications.later(
                notifications.place_available, registration_id, edition_seat, sorted(seats[registration_id])
            )


def _lock_open_edition(conference: Edition) -> Edition:
    conference = Edition.objects.select_for_update().get(pk=conference.pk)
    if not conference.registration_is_open():
        raise ValidationError(_("Registration for this edition is closed."))
    return conference


@transaction.atomic
def refill_seats(*, conference: Edition) -> list[int]:
    """After a capacity change: give new free seats to the waiting lists and tell them by e-mail."""
    conference = Edition.objects.select_for_update().get(pk=conference.pk)
    promotions = _rebalance(conference)
    _notify_promotions(promotions)
    return promotions.registrations


def _seat_status(session: Session, registration: Registration) -> str:
    if registration.status != Registration.Status.CONFIRMED:
        return SessionChoice.Status.WAITLISTED
    if session.capacity is None:
        return SessionChoice.Status.CONFIRMED
    taken = session.choices.filter(status=SessionChoice.Status.CONFIRMED).count()
    return SessionChoice.Status.CONFIRMED if taken < session.capacity else SessionChoice.Status.WAITLISTED


def _registration_of(conference: Edition, user: User) -> Registration | None:
    """The person's registration for the edition whatever its status (a cancelled one is taken up again)."""
    return Registration.objects.filter(conference=conference, user=user).first()


def _register(
    conference: Edition,
    user: User,
    sessions: list[Session],
    *,
    replace: bool,
    registration: Registration | None,
    slot_of: dict[int, int] | None = None,
) -> Registration:
    """Register or change sessions; the caller holds the edition lock and checked it is open.

    ``registration`` is the person's registration for the edition, of any status, or None (``_registration_of``);
    ``slot_of`` when the caller has read it already. ``is_new`` on the result says whether this registered the
    person (rather than changing their sessions).
    """
    slot_of = _slot_index(conference) if slot_of is None else slot_of
    _validate_choices(conference, sessions, slot_of)
    is_new = registration is None or registration.status == Registration.Status.CANCELLED
    created = registration is None
    if not is_new and not replace:
        swaps = replacements(list(Session.objects.filter(choices__registration=registration)), sessions, slot_of)
        if swaps:
            raise _slot_taken(*swaps[0])
    if is_new:
        full = conference.capacity is not None and (
            conference.registrations.filter(status=Registration.Status.CONFIRMED).count() >= conference.capacity
        )
        status = Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
        if registration is None:
            registration = Registration.objects.create(conference=conference, user=user, status=status)
        else:  # back after cancelling: at the end of the waiting list, not at the old place
            registration.status, registration.created_at = status, timezone.now()
            registration.save(update_fields=["status", "created_at", "updated_at"])
    wanted = {session.pk for session in sessions}
    kept, freed = set(), 0
    if not created:  # a new registration has no sessions yet
        freed, _by_model = registration.choices.exclude(session__in=wanted).delete()
        kept = set(registration.choices.values_list("session_id", flat=True))
    for session in sessions:
        if session.pk not in kept:
            SessionChoice.objects.create(
                registration=registration, session=session, status=_seat_status(session, registration)
            )
    # Only a seat given back can move someone up: taking seats leaves every waiting list as it was.
    if freed:
        promotions = _rebalance(conference)
        if registration.pk in promotions.registrations:
            registration.refresh_from_db()
        _notify_promotions(promotions, skip=registration.pk if is_new else None)
    if is_new:
        notifications.later(notifications.registration_received, registration.pk)
    registration.is_new = is_new
    return registration


@transaction.atomic
def register(*, conference: Edition, user: User, sessions=(), replace: bool = False) -> Registration:
    """Register ``user`` for an edition, or change their sessions: one session per time slot.

    Putting a new session in a slot where the person already chose another is refused (naming
    both) unless ``replace`` says they confirmed it. The edition row is locked, so two people
    taking the last seat at once are served one after the other: one gets the seat, the other
    the waiting list.
    """
    conference = _lock_open_edition(conference)
    return _register(conference, user, list(sessions), replace=replace, registration=_registration_of(conference, user))


@transaction.atomic
def choose_session(*, conference: Edition, user: User, session: Session, replace: bool = False) -> Registration:
    """Add one session to the person's registration (registering them when they are not yet).

    Their other sessions stay. A session in a slot where they already chose one is refused,
    naming both, unless ``replace`` says they confirmed swapping it.
    """
    conference = _lock_open_edition(conference)
    registration = _registration_of(conference, user)
    active = registration is not None and registration.status != Registration.Status.CANCELLED
    current = list(Session.objects.filter(choices__registration=registration)) if active else []
    if any(chosen.pk == session.pk for chosen in current):
        registration.is_new = False
        return registration
    slot_of = _slot_index(conference)
    others = [chosen for chosen in current if slot_of.get(chosen.pk) != slot_of.get(session.pk)]
    return _register(conference, user, [*others, session], replace=replace, registration=registration, slot_of=slot_of)


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration:
    """Cancel: the seat (and the session seats) go to the first on the waiting list."""
    conference = Edition.objects.select_for_update().get(pk=registration.conference_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    registration.choices.all().delete()
    _notify_promotions(_rebalance(conference))
    return registration


@transaction.atomic
def delete_session(*, session: Session) -> int:
    """Take a session off the programme. Everyone who chose it hears so by e-mail; seats are rebalanced.

    Returns how many people were told.
    """
    conference = Edition.objects.select_for_update().get(pk=session.conference_id)
    session = Session.objects.get(pk=session.pk, conference=conference)
    told = list(
        Registration.objects.active().filter(choices__session=session).order_by("pk").values_list("pk", flat=True)
    )
    session_id, title, starts_at = session.pk, session.title, session.starts_at.isoformat()
    session.delete()
    _notify_promotions(_rebalance(conference))
    for registration_id in told:  # the worker writes them: a full session may have hundreds
        notifications.later(
            notifications.session_removed, registration_id, session_id=session_id, title=title, starts_at=starts_at
        )
    return len(told)


# --- Table talks and outcomes -----------------------------------------------------------------


TABLE_TALK_FIELDS = ("title", "theme", "session", "round", "table_label", "host", "host_name", "host_organisation")


@transaction.atomic
def save_table_talk(*, conference: Edition, table_talk: TableTalk | None = None, **fields) -> TableTalk:
    """Add a table to an edition or change one: its theme and round belong to the same edition."""
    if table_talk is None:
        table_talk = TableTalk(conference=conference)
    else:
        table_talk = TableTalk.objects.select_for_update().get(pk=table_talk.pk)
        if table_talk.conference_id != conference.pk:
            raise ValidationError(_("This table belongs to another edition."))
    _set_fields(table_talk, TABLE_TALK_FIELDS, fields)
    table_talk.title = (table_talk.title or "").strip()
    if table_talk.theme is not None and table_talk.theme.conference_id != conference.pk:
        raise ValidationError({"theme": _("Choose a theme of this edition.")})
    session = table_talk.session
    if session is not None and (session.conference_id != conference.pk or session.kind != Session.Kind.TABLE_TALK):
        raise ValidationError({"session": _("Choose a table-talk round of this edition.")})
    if table_talk.host is not None and not table_talk.host.memberships.exists():
        raise ValidationError({"host": _("The host with an account must be a partner.")})
    table_talk.full_clean()
    table_talk.save()
    return table_talk


@transaction.atomic
def add_outcome(*, table_talk: TableTalk, text: str, kind: str, user: User, client_key=None) -> Outcome:
    """Add one outcome. A repeated submit with the same ``client_key`` returns the stored one."""
    table_talk = TableTalk.objects.select_for_update().get(pk=table_talk.pk)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the outcome first."))
    if kind not in Outcome.Kind.values:
        raise ValidationError(_("Choose idea, action or question."))
    if client_key:
        existing = table_talk.outcomes.filter(client_key=client_key).first()
        if existing is not None:
            return existing
    last = table_talk.outcomes.aggregate(last=Max("order"))["last"]
    return Outcome.objects.create(
        table_talk=table_talk,
        text=text,
        kind=kind,
        order=0 if last is None else last + 1,
        client_key=client_key or None,
        created_by=user,
    )


@transaction.atomic
def update_outcome(*, outcome: Outcome, text: str, kind: str) -> Outcome:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the outcome first."))
    if kind not in Outcome.Kind.values:
        raise ValidationError(_("Choose idea, action or question."))
    outcome.text, outcome.kind = text, kind
    outcome.save(update_fields=["text", "kind", "updated_at"])
    return outcome


@transaction.atomic
def move_outcome(*, outcome: Outcome, up: bool) -> Outcome:
    """Swap an outcome with its neighbour above or below."""
    table_talk = TableTalk.objects.select_for_update().get(pk=outcome.table_talk_id)
    outcomes = list(table_talk.outcomes.order_by("order", "pk"))
    index = next(i for i, o in enumerate(outcomes) if o.pk == outcome.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(outcomes):
        outcomes[index], outcomes[other] = outcomes[other], outcomes[index]
        for position, item in enumerate(outcomes):
            if item.order != position:
                item.order = position
                item.save(update_fields=["order"])
    return Outcome.objects.get(pk=outcome.pk)


@transaction.atomic
def delete_outcome(*, outcome: Outcome) -> None:
    outcome.delete()


@transaction.atomic
def set_outcomes_published(*, outcomes, published: bool, tables=None) -> tuple[int, int]:
    """Publish (or take back) outcomes and the photos of the same tables' sheets.

    ``tables`` are the tables whose photos go along (default: the tables of ``outcomes``), so a
    table with only photos can be published too. Returns how many outcomes and photos changed.
    """
    if tables is None:
        tables = TableTalk.objects.filter(pk__in=outcomes.values("table_talk_id"))
    # update() sends no signals: audit.update() writes the audit entries, search.reindex() the index.
    photos = audit.update(
        TableSheetPhoto.objects.filter(table_talk__in=tables).exclude(is_published=published), is_published=published
    )
    if published:
        changed = audit.update(
            outcomes.filter(status=Outcome.Status.DRAFT), status=Outcome.Status.PUBLISHED, published_at=timezone.now()
        )
    else:
        changed = audit.update(
            outcomes.filter(status=Outcome.Status.PUBLISHED), status=Outcome.Status.DRAFT, published_at=None
        )
    search.reindex(outcomes)
    return changed, photos


@transaction.atomic
def add_sheet_photo(*, table_talk: TableTalk, upload, user: User, description: str = "") -> TableSheetPhoto:
    """Store a photo of a table sheet: checked by content, re-saved without metadata, with a thumbnail."""
    from conference import images

    full, thumbnail = images.clean_photo(upload)
    photo = TableSheetPhoto(table_talk=table_talk, uploaded_by=user, description=description.strip()[:200])
    name = uuid.uuid4().hex
    photo.image.save(f"{name}.jpg", full, save=False)
    photo.thumbnail.save(f"{name}-klein.jpg", thumbnail, save=False)
    photo.width, photo.height = full.image_size
    photo.save()
    return photo


@transaction.atomic
def delete_sheet_photo(*, photo: TableSheetPhoto) -> None:
    image, thumbnail = photo.image, photo.thumbnail
    photo.delete()
    transaction.on_commit(lambda: (image.delete(save=False), thumbnail.delete(save=False)))


# --- Recaps -----------------------------------------------------------------------------------


@transaction.atomic
def set_recap_published(*, recap: Recap, published: bool, user: User) -> Recap:
    recap = Recap.objects.select_for_update().get(pk=recap.pk)
    if published and not recap.conference.is_published:
        raise ValidationError(_("Publish the edition first."))
    recap.status = Recap.Status.PUBLISHED if published else Recap.Status.DRAFT
    if published and recap.published_at is None:
        recap.published_at = timezone.now()
    recap.updated_by = user
    recap.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
    return recap


RECAP_FIELDS = ("title", "introduction", "show_evaluation")
SECTION_FIELDS = ("heading", "body", "order")


@transaction.atomic
def save_recap(*, conference: Edition, user: User, sections: list[dict] | None = None, **fields) -> Recap:
    """Create or change the recap of an edition with its sections; ``updated_by`` is who saved it.

    ``sections`` is the whole list to keep: dicts with ``heading``, ``body``, ``order`` and ``id``
    for a section already stored. Stored sections not in the list are removed; ``None`` leaves
    them as they are.
    """
    Edition.objects.select_for_update().get(pk=conference.pk)  # one writer per recap
    recap = Recap.objects.filter(conference=conference).first() or Recap(conference=conference)
    _set_fields(recap, RECAP_FIELDS, fields)
    recap.title = (recap.title or "").strip()
    recap.updated_by = user
    recap.full_clean()
    recap.save()
    if sections is not None:
        _store_sections(recap, sections)
    return recap


def _store_sections(recap: Recap, rows: list[dict]) -> None:
    existing = {section.pk: section for section in recap.sections.all()}
    kept = []
    for position, row in enumerate(rows):
        section_id = row.get("id")
        if section_id is not None and section_id not in existing:
            raise ValidationError(_("This section belongs to another recap."))
        section = existing.get(section_id) or RecapSection(recap=recap)
        section.heading = (row.get("heading") or "").strip()
        section.body = row.get("body") or ""
        section.order = position if row.get("order") is None else row["order"]
        section.full_clean(exclude=["recap"])
        kept.append(section)
    recap.sections.exclude(pk__in=[section.pk for section in kept if section.pk]).delete()
    for section in kept:
        section.save()


# --- Organisations and the organising body ----------------------------------------------------

ORGANISATION_FIELDS = ("name", "slug", "kind", "website", "description")
SITE_FIELDS = (
    "name", "portal_name", "kind", "country", "logo", "primary_colour", "accent_colour",
    "contact_person", "contact_email", "contact_phone", "website", "data_licence",
)  # fmt: skip


@transaction.atomic
def save_organisation(*, organisation: Organisation | None = None, **fields) -> Organisation:
    """Create or change a partner organisation."""
    if organisation is None:
        organisation = Organisation()
    else:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _set_fields(organisation, ORGANISATION_FIELDS, fields)
    organisation.name = organisation.name.strip()
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def save_site_settings(**fields) -> SiteSettings:
    """Change the organising body (the one row). ``logo``: an upload, ``False`` to remove, ``None`` to keep."""
    unknown = set(fields) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    site, _created = SiteSettings.objects.select_for_update().get_or_create(pk=1)
    for name, value in fields.items():
        SiteSettings._meta.get_field(name).save_form_data(site, value)  # file fields: keep, clear or replace
    site.full_clean()
    site.save()
    return site


# --- Evaluation -------------------------------------------------------------------------------


@transaction.atomic
def save_evaluation(*, conference: Edition, introduction: str, questions: list[str], is_open: bool) -> Evaluation:
    """Create or change the evaluation of an edition. Questions that already have answers stay."""
    evaluation, _created = Evaluation.objects.select_for_update().get_or_create(conference=conference)
    questions = [q.strip() for q in questions if q.strip()]
    evaluation.introduction, evaluation.is_open = introduction, is_open
    evaluation.save(update_fields=["introduction", "is_open"])
    existing = {q.text: q for q in evaluation.questions.all()}
    for position, text in enumerate(questions):
        question = existing.pop(text, None)
        if question is None:
            EvaluationQuestion.objects.create(evaluation=evaluation, text=text, order=position)
        elif question.order != position:
            question.order = position
            question.save(update_fields=["order"])
    for question in existing.values():
        if not question.answers.exists():
            question.delete()
    return evaluation


@transaction.atomic
def answer_evaluation(*, evaluation: Evaluation, user: User, rating: int, answers: dict) -> EvaluationResponse:
    """One answer per registered person; who answered is never shown."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_open:
        raise ValidationError(_("This evaluation is closed."))
    registered = Registration.objects.filter(
        conference_id=evaluation.conference_id, user=user, status=Registration.Status.CONFIRMED
    ).exists()
    if not registered:
        raise ValidationError(_("Only people who were registered for this edition can fill in the evaluation."))
    if evaluation.responses.filter(respondent=user).exists():
        raise ValidationError(_("You have already filled in this evaluation. Thank you!"))
    if rating not in range(1, 6):
        raise ValidationError(_("Choose a rating from 1 to 5."))
    response = EvaluationResponse.objects.create(evaluation=evaluation, respondent=user, rating=rating)
    questions = {q.pk: q for q in evaluation.questions.all()}
    EvaluationAnswer.objects.bulk_create(
        EvaluationAnswer(response=response, question=questions[pk], text=text.strip())
        for pk, text in answers.items()
        if pk in questions and text and text.strip()
    )
    return response


# --- Programme: editions, sessions and their hosts, organisers, a new edition from a previous one


EDITION_FIELDS = (
    "title", "slug", "organiser", "motto", "description", "starts_at", "ends_at", "mode", "venue", "address",
    "online_url", "registration_opens_at", "registration_closes_at", "capacity", "contact_email", "contact_phone",
)  # fmt: skip
SESSION_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "room", "capacity", "needs_registration")
HOST_FIELDS = ("name", "organisation", "role", "order")


def _set_fields(obj, allowed: tuple[str, ...], fields: dict) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(obj, name, value)


def _check_edition(edition: Edition) -> None:
    """The rules of an edition's dates and place, with the message on the field concerned."""
    errors = {}
    if edition.starts_at and edition.ends_at and edition.ends_at < edition.starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    opens, closes = edition.registration_opens_at, edition.registration_closes_at
    if opens and closes and closes < opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    # Where people go: an edition that is over is history, its link (often not kept) no longer needed.
    ended = edition.ends_at is not None and edition.ends_at < timezone.now()
    if edition.mode in (Edition.Mode.ONLINE, Edition.Mode.HYBRID) and not edition.online_url and not ended:
        errors["online_url"] = _("Give the online link for an online or hybrid edition.")
    if edition.mode in (Edition.Mode.ON_SITE, Edition.Mode.HYBRID) and not edition.venue:
        errors["venue"] = _("Give the venue for an edition on site.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_edition(*, edition: Edition | None = None, **fields) -> Edition:
    """Create or change an edition and, in the same transaction, give free seats to the waiting list.

    A larger capacity (or none) moves people up from the waiting list; they hear so by e-mail
    after the commit. When a rule fails nothing is stored.
    """
    edition = Edition() if edition is None else Edition.objects.select_for_update().get(pk=edition.pk)
    _set_fields(edition, EDITION_FIELDS, fields)
    _check_edition(edition)
    edition.full_clean()
    edition.save()
    refill_seats(conference=edition)
    return edition


@transaction.atomic
def save_session(
    *, conference: Edition, session: Session | None = None, hosts: list[dict] | None = None, **fields
) -> Session:
    """Create or change a session with its speakers and hosts, then give free seats to the waiting list.

    ``hosts`` is the whole list in order: dicts with ``name``, ``organisation``, ``role`` and
    ``order`` (empty: the place in the list), and ``id`` for a host already stored. Hosts of the
    session not in the list are removed; ``None`` leaves the hosts as they are.
    """
    conference = Edition.objects.select_for_update().get(pk=conference.pk)
    if session is None:
        session = Session(conference=conference)
    else:
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.conference_id != conference.pk:
            raise ValidationError(_("This session belongs to another edition."))
    _set_fields(session, SESSION_FIELDS, fields)
    _check_session_times(conference, session)
    session.full_clean()
    session.save()
    if hosts is not None:
        _store_hosts(session, hosts)
    refill_seats(conference=conference)
    return session


#: How far before the start or after the end of its edition a session may lie (the set-up, a dinner).
SESSION_MARGIN = timedelta(hours=12)


def _check_session_times(conference: Edition, session: Session) -> None:
    starts, ends = session.starts_at, session.ends_at
    if not (starts and ends):
        return
    if ends <= starts:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    if starts < conference.starts_at - SESSION_MARGIN or ends > conference.ends_at + SESSION_MARGIN:
        raise ValidationError({"starts_at": _("The session must take place during the edition.")})


def _store_hosts(session: Session, rows: list[dict]) -> None:
    existing = {host.pk: host for host in session.hosts.all()}
    kept = []
    for position, row in enumerate(rows):
        values = {name: row.get(name) for name in HOST_FIELDS}
        host_id = row.get("id")
        if host_id is not None and host_id not in existing:
            raise ValidationError(_("This speaker or host belongs to another session."))
        host = existing.get(host_id) or SessionHost(session=session)
        host.name = (values["name"] or "").strip()
        host.organisation = values["organisation"]
        host.role = values["role"] or SessionHost.Role.SPEAKER
        host.order = position if values["order"] is None else values["order"]
        if not host.name and host.organisation is None:
            raise ValidationError(_("Fill in a name, an organisation or both."))
        host.full_clean(exclude=["session"])
        kept.append(host)
    session.hosts.exclude(pk__in=[host.pk for host in kept if host.pk]).delete()
    for host in kept:
        host.save()


@transaction.atomic
def save_organiser(*, organiser: Organiser | None = None, logo=None, **fields) -> Organiser:
    """Create or change an organiser of editions.

    ``logo``: an upload (checked and re-saved as PNG, see ``images.clean_logo``), ``False`` to
    remove the logo, or anything else (``None``, the stored file) to keep it.
    """
    from conference import images

    organiser = Organiser() if organiser is None else Organiser.objects.select_for_update().get(pk=organiser.pk)
    _set_fields(organiser, ("name", "place", "website", "contact_email"), fields)
    organiser.name = organiser.name.strip()
    old_logo = organiser.logo.name if organiser.logo else ""
    if logo is False:
        organiser.logo = ""
    elif logo is not None and hasattr(logo, "content_type"):  # a fresh upload, not the stored file
        try:
            cleaned = images.clean_logo(logo)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from error
        organiser.logo.save(f"{uuid.uuid4().hex}.png", cleaned, save=False)
    organiser.full_clean()
    organiser.save()
    if old_logo and old_logo != organiser.logo.name:
        storage = organiser.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return organiser


# A new edition from a previous one: its settings, the programme with times moved along, the
# hosts and the evaluation questions. Never what people did at the source: registrations and
# session choices, themes and votes, table talks and outcomes, the recap, evaluation answers.
COPIED_EDITION_FIELDS = (
    "organiser", "motto", "description", "mode", "venue", "address", "online_url", "capacity",
    "contact_email", "contact_phone",
)  # fmt: skip
COPIED_SESSION_FIELDS = ("kind", "title", "description", "room", "capacity", "needs_registration")
COPIED_HOST_FIELDS = ("name", "organisation_id", "role", "order")


def _shifted(moment, delta):
    return None if moment is None else moment + delta


@transaction.atomic
def copy_edition(
    *,
    source: Edition,
    title: str,
    slug: str,
    starts_at,
    registration_opens_at=None,
    registration_closes_at=None,
    now=None,
) -> Edition:
    """Start a new edition from ``source``. It is not published, so it can be edited first.

    Sessions keep their time from the start (they move by the difference between the two
    starts); an empty registration window opens and closes as long before the start as at the
    source. The evaluation comes along closed, without answers.
    """
    now = now or timezone.now()
    if starts_at <= now:
        raise ValidationError({"starts_at": _("The new edition must start in the future.")})
    if Edition.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another edition already uses this short name. Choose another one.")})
    try:
        delta = starts_at - source.starts_at
        edition = Edition(
            title=title.strip(),
            slug=slug,
            starts_at=starts_at,
            ends_at=source.ends_at + delta,
            registration_opens_at=registration_opens_at or _shifted(source.registration_opens_at, delta),
            registration_closes_at=registration_closes_at or _shifted(source.registration_closes_at, delta),
            is_published=False,
            **{name: getattr(source, name) for name in COPIED_EDITION_FIELDS},
        )
        _check_registration_window(edition)
        edition.full_clean()
        edition.save()
        _copy_programme(source, edition, delta)
    except OverflowError as error:
        raise ValidationError({"starts_at": _("This date is too far away.")}) from error
    _copy_evaluation(source, edition)
    return edition


def _check_registration_window(edition: Edition) -> None:
    opens, closes = edition.registration_opens_at, edition.registration_closes_at
    if opens and closes and closes < opens:
        raise ValidationError({"registration_closes_at": _("Registration must close after it opens.")})


def _copy_programme(source: Edition, edition: Edition, delta) -> None:
    for session in source.sessions.prefetch_related("hosts").order_by("starts_at", "pk"):
        copy = Session.objects.create(
            conference=edition,
            starts_at=session.starts_at + delta,
            ends_at=session.ends_at + delta,
            **{name: getattr(session, name) for name in COPIED_SESSION_FIELDS},
        )
        hosts = SessionHost.objects.bulk_create(
            SessionHost(session=copy, **{name: getattr(host, name) for name in COPIED_HOST_FIELDS})
            for host in session.hosts.all()
        )
        audit.record_created(hosts)  # bulk_create sends no signals


def _copy_evaluation(source: Edition, edition: Edition) -> None:
    evaluation = Evaluation.objects.filter(conference=source).prefetch_related("questions").first()
    if evaluation is None:
        return
    copy = Evaluation.objects.create(conference=edition, introduction=evaluation.introduction, is_open=False)
    EvaluationQuestion.objects.bulk_create(
        EvaluationQuestion(evaluation=copy, text=question.text, order=question.order)
        for question in evaluation.questions.all()
    )
