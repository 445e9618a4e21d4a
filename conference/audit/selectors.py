"""Reads of the audit trail for the page *Wijzigingen*."""

from django.db.models import QuerySet

from conference.models import AuditEntry


def audit_entries(
    *, kind=None, actor_id=None, system=False, edition=None, action=None, start=None, end=None
) -> QuerySet[AuditEntry]:
    """The entries newest first, filtered; ``start`` and ``end`` are days in the portal's time zone."""
    entries = AuditEntry.objects.select_related("actor", "subject").order_by("-at", "-pk")
    if kind:
        entries = entries.filter(kind=kind)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if system:
        entries = entries.filter(actor__isnull=True, actor_role=AuditEntry.Role.SYSTEM)
    if edition is not None:
        entries = entries.filter(edition=edition)
    if action:
        entries = entries.filter(action=action)
    if start:
        entries = entries.filter(at__date__gte=start)
    if end:
        entries = entries.filter(at__date__lte=end)
    return entries
