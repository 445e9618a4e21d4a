"""The conference app's part of a person's data: account, sign-in, registrations, tables, evaluations.

Registered in ``ConferenceConfig.ready()`` (see ``conference.personal_data``). The account's own
sign-in data lives in allauth's tables (e-mail addresses, two-step login) and Django's (admin log):
the account section exports names and dates from them, never a secret (no password hash, no
authenticator secret or recovery code, no session key).
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.db.models import Prefetch
from django.utils import timezone

from conference import services
from conference.models import (
    AuditEntry,
    EvaluationAnswer,
    EvaluationResponse,
    LoginSession,
    Membership,
    Outcome,
    OutgoingEmail,
    Recap,
    Registration,
    SessionChoice,
    Statement,
    TableSheetPhoto,
    TableTalk,
)
from conference.personal_data import reassign, register, when
from conference.sessions import end_sessions_of


def _addresses(user) -> list[str]:
    return sorted({user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)} - {""})


def export_account(user) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": when(user.date_joined),
        "last_login": when(user.last_login),
        "is_active": user.is_active,
        "roles": {
            "coordinator": user.is_coordinator,
            "admin_access": user.is_staff,
            "superuser": user.is_superuser,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_step_login": [
            {
                "type": authenticator.type,
                "created_at": when(authenticator.created_at),
                "last_used_at": when(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "signed_in_sessions": [
            {"expires_at": when(expires)}
            for expires in LoginSession.objects.filter(user_id=user.pk, expire_date__gt=timezone.now())
            .order_by("expire_date")
            .values_list("expire_date", flat=True)
        ],
        "admin_actions": [
            {"at": when(entry.action_time), "action": entry.get_action_flag_display(), "kind": str(entry.content_type)}
            for entry in LogEntry.objects.filter(user=user).select_related("content_type").order_by("action_time")
        ],
    }


def erase_sign_in(user, placeholder) -> None:
    """Last of all: the sessions, the e-mails to the person's addresses, the addresses and two-step
    login go; the admin log keeps what was changed, no longer by whom."""
    end_sessions_of(user.pk)
    OutgoingEmail.objects.filter(to__in=_addresses(user)).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    reassign(LogEntry.objects.filter(user=user), "user", placeholder)


def export_emails(user) -> list[dict]:
    """The e-mails the portal queued for this person (subject and dates; the text is what they received)."""
    return [
        {"subject": subject, "queued_at": when(created), "sent_at": when(sent)}
        for subject, created, sent in OutgoingEmail.objects.filter(to__in=_addresses(user))
        .order_by("created_at", "pk")
        .values_list("subject", "created_at", "sent_at")
    ]


def export_organisations(user) -> dict:
    return {
        "memberships": [
            {"organisation": membership.organisation.name, "since": when(membership.created_at)}
            for membership in Membership.objects.filter(user=user).select_related("organisation").order_by("pk")
        ],
        "partner_roles_granted": Membership.objects.filter(granted_by=user).count(),
    }


def erase_organisations(user, placeholder) -> None:
    Membership.objects.filter(user=user).delete()
    reassign(Membership.objects.filter(granted_by=user), "granted_by", placeholder)


def export_registrations(user) -> list[dict]:
    choices = SessionChoice.objects.select_related("session").order_by("session__starts_at", "pk")
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("conference")
        .prefetch_related(Prefetch("choices", queryset=choices))
        .order_by("conference__starts_at", "pk")
    )
    return [
        {
            "edition": registration.conference.title,
            "edition_starts_at": when(registration.conference.starts_at),
            "status": registration.status,
            "registered_at": when(registration.created_at),
            "changed_at": when(registration.updated_at),
            "sessions": [
                {"title": choice.session.title, "starts_at": when(choice.session.starts_at), "status": choice.status}
                for choice in registration.choices.all()
            ],
        }
        for registration in registrations
    ]


def erase_registrations(user, placeholder) -> None:
    """Cancel what is still to come (the waiting list moves up and hears so), then forget them all."""
    now = timezone.now()
    upcoming = Registration.objects.active().filter(user=user, conference__ends_at__gte=now).order_by("pk")
    for registration in upcoming:
        services.cancel_registration(registration=registration)
    Registration.objects.filter(user=user).delete()


def export_tables(user) -> dict:
    tables = TableTalk.objects.filter(host=user).select_related("conference").order_by("conference__starts_at", "pk")
    outcomes = Outcome.objects.filter(created_by=user).select_related("table_talk__conference").order_by("pk")
    photos = TableSheetPhoto.objects.filter(uploaded_by=user).select_related("table_talk__conference").order_by("pk")
    return {
        "hosted": [{"edition": table.conference.title, "table": table.title, "round": table.round} for table in tables],
        "outcomes_recorded": [
            {
                "edition": outcome.table_talk.conference.title,
                "table": outcome.table_talk.title,
                "kind": outcome.kind,
                "text": outcome.text,
                "status": outcome.status,
                "recorded_at": when(outcome.created_at),
            }
            for outcome in outcomes
        ],
        "photos_uploaded": [
            {
                "edition": photo.table_talk.conference.title,
                "table": photo.table_talk.title,
                "description": photo.description,
                "file": photo.image.name,
                "uploaded_at": when(photo.created_at),
            }
            for photo in photos
        ],
    }


def erase_tables(user, placeholder) -> None:
    """Tables, outcomes and photos belong to the edition: they stay, by a former participant."""
    reassign(TableTalk.objects.filter(host=user), "host", placeholder)
    reassign(Outcome.objects.filter(created_by=user), "created_by", placeholder)
    reassign(TableSheetPhoto.objects.filter(uploaded_by=user), "uploaded_by", placeholder)


def export_evaluations(user) -> list[dict]:
    answers = EvaluationAnswer.objects.select_related("question").order_by("question__order", "pk")
    responses = (
        EvaluationResponse.objects.filter(respondent=user)
        .select_related("evaluation__conference")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("pk")
    )
    return [
        {
            "edition": response.evaluation.conference.title,
            "rating": response.rating,
            "answered_at": when(response.created_at),
            "answers": [{"question": answer.question.text, "answer": answer.text} for answer in response.answers.all()],
        }
        for response in responses
    ]


def erase_evaluations(user, placeholder) -> None:
    """Answers are anonymous on every page already: they stay in the totals, no longer linked to anyone."""
    EvaluationResponse.objects.filter(respondent=user).update(respondent=None)


def export_audit_trail(user) -> dict:
    """The changes this person made (as the audit trail records them) and the ones about them (role grants)."""

    def rows(entries):
        return [
            {"at": entry.at.isoformat(), "action": entry.action, "kind": entry.kind, "object": entry.object_repr}
            for entry in entries.order_by("at", "pk")
        ]

    return {
        "changes_made": rows(AuditEntry.objects.filter(actor=user)),
        "changes_about_me": rows(AuditEntry.objects.filter(subject=user)),
    }


def erase_audit_trail(user, placeholder) -> None:
    """The entries stay (they keep the role, never a name or address); only the link to the person goes."""
    AuditEntry.objects.filter(actor=user).update(actor=None)
    AuditEntry.objects.filter(subject=user).update(subject=None)


def export_coordinator_work(user) -> dict:
    return {
        "recaps_last_saved": [recap.title for recap in Recap.objects.filter(updated_by=user).order_by("pk")],
        "statements_last_saved": [
            {"kind": statement.kind, "language": statement.language}
            for statement in Statement.objects.filter(updated_by=user).order_by("pk")
        ],
    }


def erase_coordinator_work(user, placeholder) -> None:
    reassign(Recap.objects.filter(updated_by=user), "updated_by", placeholder)
    reassign(Statement.objects.filter(updated_by=user), "updated_by", placeholder)


register("account", export=export_account, order=10)
register("emails", export=export_emails, order=11)
register(
    "organisations",
    covers=["conference.Membership.user", "conference.Membership.granted_by"],
    export=export_organisations,
    erase=erase_organisations,
    order=12,
)
register(
    "registrations",
    covers=["conference.Registration.user"],
    export=export_registrations,
    erase=erase_registrations,
    order=20,
)
register(
    "table_talks",
    covers=["conference.TableTalk.host", "conference.Outcome.created_by", "conference.TableSheetPhoto.uploaded_by"],
    export=export_tables,
    erase=erase_tables,
    order=50,
)
register(
    "evaluations",
    covers=["conference.EvaluationResponse.respondent"],
    export=export_evaluations,
    erase=erase_evaluations,
    order=60,
)
register(
    "coordinator_work",
    covers=["conference.Recap.updated_by", "conference.Statement.updated_by"],
    export=export_coordinator_work,
    erase=erase_coordinator_work,
    order=90,
)
register(
    "audit_trail",
    covers=["conference.AuditEntry.actor", "conference.AuditEntry.subject"],
    export=export_audit_trail,
    erase=erase_audit_trail,
    order=95,
)
register(
    "sign_in",
    covers=["account.EmailAddress.user", "mfa.Authenticator.user", "admin.LogEntry.user"],
    erase=erase_sign_in,
    order=99,
)
