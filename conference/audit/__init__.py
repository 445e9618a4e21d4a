"""The audit trail: who changed what and when, for the coordinators' page *Wijzigingen*.

Apps register the models they want audited (``register``) in ``AppConfig.ready()``; every save and
delete of those models then writes one ``AuditEntry`` in the same transaction, with the person of
the current request as actor (``AuditActorMiddleware``), or the system for commands and tasks
(``acting_as`` names someone else). Bulk changes send no signals: services call ``update()``
instead of ``QuerySet.update()`` and ``record_created()`` after ``bulk_create()``.
``prune()`` (``manage.py prune_audit_log``) removes entries older than ``AUDIT_RETENTION_DAYS``.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from conference.audit.context import AuditActorMiddleware, acting_as, current_actor, paused
from conference.audit.recording import record_created, update
from conference.audit.registry import Audited, audited_for, by_kind, kinds, register

__all__ = [
    "AuditActorMiddleware",
    "Audited",
    "acting_as",
    "audited_for",
    "by_kind",
    "current_actor",
    "kinds",
    "paused",
    "prune",
    "record_created",
    "register",
    "update",
]


def prune(*, days: int | None = None, now=None) -> int:
    """Delete the entries older than ``days`` (default ``AUDIT_RETENTION_DAYS``); returns how many."""
    from conference.models.audit import AuditEntry

    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _per_model = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted
