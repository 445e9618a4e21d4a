"""Who is acting: the signed-in person of the current request, someone named in code, or the system.

``AuditActorMiddleware`` puts the request in a context variable for the length of the request;
the person is read from ``request.user`` when an entry is written, so someone who signs in during
the request is the actor of what follows. Commands, the task worker and the shell have no request:
their changes are the system's, unless the code says otherwise with ``acting_as(user)``.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from conference.rules import is_coordinator

_actor: ContextVar = ContextVar("audit_actor", default=None)
_paused: ContextVar[bool] = ContextVar("audit_paused", default=False)


@contextmanager
def acting_as(user):
    """Record changes made inside this block as ``user``'s (``None``: the system's)."""
    token = _actor.set(("user", user))
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def paused():
    """Write no entries (a bulk load that is not anybody's change)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_paused() -> bool:
    return _paused.get()


def current_actor():
    """``(user or None, role)``: the role is one of ``AuditEntry.Role``'s values."""
    from conference.models.audit import AuditEntry

    value = _actor.get()
    if value is None:
        return None, AuditEntry.Role.SYSTEM
    source, holder = value
    user = getattr(holder, "user", None) if source == "request" else holder
    if user is None:
        return None, AuditEntry.Role.SYSTEM
    if not getattr(user, "is_authenticated", False):
        return None, AuditEntry.Role.VISITOR
    return user, _role_of(user)


def _role_of(user) -> str:
    from conference.models.audit import AuditEntry

    if is_coordinator(user):
        return AuditEntry.Role.COORDINATOR
    if not hasattr(user, "_audit_is_partner"):
        user._audit_is_partner = user.memberships.exists()
    return AuditEntry.Role.PARTNER if user._audit_is_partner else AuditEntry.Role.RESIDENT


class AuditActorMiddleware:
    """Makes the request's signed-in person the actor of every audited change in the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _actor.set(("request", request))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)
