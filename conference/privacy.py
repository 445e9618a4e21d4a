"""Residents own their data: deleting an account, the statutory statements, keeping data no longer than needed.

**Deleting an account** (by the person with their password, or by a coordinator on request) runs in
one transaction. The user row is *deleted*, not anonymised in place: what the person did alone
(registrations, memberships, e-mail addresses, two-step login, sessions, e-mails) goes with it;
what others still need stays, in three ways (each app's eraser in ``conference.personal_data``):

- contributions (themes, progress reports, table talks, outcomes, photos, decisions, history) are
  handed to one shared placeholder account, shown as "former participant". Shared by every deleted
  person, so nothing links the contributions of one person to each other any more;
- anonymous-by-design records (ballots, evaluation answers) lose their link: votes still count, a
  closed round's results stay as published;
- registrations still to come are cancelled first through ``services.cancel_registration``, so the
  waiting list moves up and the people who get a place are mailed.

Every sign-in ends (``conference.sessions.end_sessions_of``) and ``account_deleted`` is logged
with ids only, after the commit.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import personal_data
from conference.models import EvaluationResponse, Registration, Statement, User
from conference.rules import coordinators_q, is_coordinator
from conference.security_log import log_security_event
from conference.statements import RETENTION_MONTHS, default_text


def former_participant() -> User:
    """The placeholder account that stands in for every deleted person (made on first use)."""
    placeholder, _created = User.objects.get_or_create(
        is_placeholder=True,
        defaults={"email": "", "display_name": "", "is_active": False, "password": make_password(None)},
    )
    return placeholder


@transaction.atomic
def delete_own_account(*, user: User, password: str) -> int:
    """The person deletes their own account, confirmed with their password. Returns the old user id."""
    if not password or not user.check_password(password):
        raise ValidationError(
            _("That password is not correct. Your account has not been deleted."), code="wrong_password"
        )
    return _delete_account(user, deleted_by=None)


@transaction.atomic
def delete_account_on_request(*, user: User, by: User, confirmation: str) -> int:
    """A coordinator deletes someone's account at their request, after typing that person's e-mail address."""
    if not is_coordinator(by):
        raise PermissionDenied
    if (confirmation or "").strip().lower() != user.email.lower():
        raise ValidationError(
            _("Type the e-mail address of this person exactly, to confirm. Nothing has been deleted."),
            code="confirmation",
        )
    return _delete_account(user, deleted_by=by)


@transaction.atomic
def delete_account(*, user: User, deleted_by: User) -> int:
    """Delete an account from Django's admin (superusers): the same erasure, no typed confirmation."""
    return _delete_account(user, deleted_by=deleted_by)


@transaction.atomic
def delete_accounts(*, users, deleted_by: User) -> list[int]:
    """The admin's bulk delete: all or none."""
    return [_delete_account(user, deleted_by=deleted_by) for user in users]


def _check_not_last_coordinator(user: User) -> None:
    """The portal keeps at least one coordinator: the coordinators' rows are locked, so two cannot leave at once."""
    if not is_coordinator(user):
        return
    coordinators = set(User.objects.select_for_update().filter(coordinators_q()).values_list("pk", flat=True))
    if coordinators <= {user.pk}:
        raise ValidationError(
            _("This is the last coordinator account. First make someone else a coordinator, then delete it."),
            code="last_coordinator",
        )


def _delete_account(user: User, *, deleted_by: User | None) -> int:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_placeholder:
        raise PermissionDenied
    _check_not_last_coordinator(user)
    personal_data.erase_user(user, former_participant())
    left = personal_data.remaining_references(user)
    if left:  # a model that points at people but has no eraser: refuse rather than cascade blindly
        raise RuntimeError(f"No personal-data eraser for {', '.join(left)}; nothing was deleted.")
    user_id = user.pk
    user.delete()
    by_id = deleted_by.pk if deleted_by is not None and deleted_by.pk != user_id else None
    transaction.on_commit(lambda: log_security_event("account_deleted", user_id=user_id, deleted_by=by_id))
    return user_id


# --- The statutory statements ------------------------------------------------------------------


def _same_text(first: str, second: str) -> bool:
    return " ".join(first.split()) == " ".join(second.split())


@transaction.atomic
def save_statement(*, kind: str, texts: dict[str, str], by: User) -> dict[str, Statement | None]:
    """Store a coordinator's own text of a statement, per language (``{"nl": ..., "en": ...}``).

    An empty text, or the default text unchanged, removes the own text of that language: the page
    shows the default again (which follows changes of the organising body's name and contact
    details). Returns per language the stored statement, or ``None`` where the default is used.
    """
    if kind not in Statement.Kind.values:
        raise ValidationError(_("Unknown statement."))
    languages = {code for code, _name in settings.LANGUAGES}
    if set(texts) - languages:
        raise ValidationError(_("Unknown language."))
    return {language: _save_text(kind, language, body, by) for language, body in texts.items()}


def _save_text(kind: str, language: str, body: str, by: User) -> Statement | None:
    body = (body or "").strip()
    existing = Statement.objects.select_for_update().filter(kind=kind, language=language).first()
    if not body or _same_text(body, default_text(kind, language)):
        if existing is not None:
            existing.delete()
        return None
    statement = existing or Statement(kind=kind, language=language)
    statement.body, statement.updated_by = body, by
    statement.full_clean()
    statement.save()
    return statement


# --- Keeping data no longer than needed --------------------------------------------------------

#: How long after an edition its registrations are kept, and after a voting round who voted (the
#: privacy statement's default text says the same, from ``statements.RETENTION_MONTHS``).
RETENTION = timedelta(days=round(RETENTION_MONTHS * 365.25 / 12))


@transaction.atomic
def apply_retention(*, now=None, keep: timedelta = RETENTION) -> dict[str, int]:
    """Forget registrations of editions that ended more than ``keep`` ago, and who cast the ballots
    of rounds closed that long ago (the votes keep counting). Run daily: ``manage.py apply_retention``.

    Evaluation answers lose their respondent then too. Ballots live in ``themes``: its
    ``personal_data`` module registers a retention step (``personal_data.register_retention``).
    """
    cutoff = (now or timezone.now()) - keep
    _total, deleted = Registration.objects.filter(conference__ends_at__lt=cutoff).delete()
    counts = {
        "registrations": deleted.get(Registration._meta.label, 0),
        "evaluation_answers": EvaluationResponse.objects.filter(
            evaluation__conference__ends_at__lt=cutoff, respondent__isnull=False
        ).update(respondent=None),
    }
    for name, step in personal_data.retention_steps():
        counts[name] = step(cutoff)
    return counts
