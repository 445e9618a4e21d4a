"""Security events, one JSON object per line on the ``portal.security`` logger.

Failed sign-ins, lockouts, role changes, two-factor enrolment and removal and account deletion are
written here, so an operator can ship them to a log store and alert on them. A line carries the event
name, the time, and only identifiers (user id, client address): never a password, never an e-mail
address of someone who is not signed in.
"""

import json
import logging

from django.utils import timezone

logger = logging.getLogger("portal.security")


def log_security_event(event: str, *, user=None, ip: str | None = None, **fields) -> dict:
    """Write one security event and return what was written (for tests and callers that want it)."""
    record = {"event": event, "at": timezone.now().isoformat()}
    if user is not None and getattr(user, "pk", None) is not None:
        record["user_id"] = user.pk
    if ip:
        record["ip"] = ip
    record.update({key: value for key, value in fields.items() if value is not None})
    logger.info(json.dumps(record, default=str, sort_keys=True))
    return record


class JsonLineFormatter(logging.Formatter):
    """The message is already JSON: print it as it is, one line per event."""

    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage()
