"""Receivers that turn sign-in and two-factor signals into security events (``conference.security_log``).

Connected when this module is imported, from ``ConferenceConfig.ready()``:

- ``login_failed``: Django's ``user_login_failed`` (allauth's login form sends it through
  ``authenticate``). The attempted login is never written; ``login_hash`` is a keyed hash of it
  (HMAC with ``SECRET_KEY``), so repeated attempts on one account can be counted without the
  log holding anyone's e-mail address.
- ``login`` and ``logout``: Django's ``user_logged_in`` and ``user_logged_out``.
- ``mfa_added``, ``mfa_removed``, ``mfa_reset``: allauth's ``authenticator_added``,
  ``authenticator_removed`` and ``authenticator_reset`` (recovery codes made anew), with the
  kind of authenticator (``totp``, ``recovery_codes``, ``webauthn``).

Role changes are not logged here: they are in the audit trail (``conference.audit``), and the
role services log ``role_changed`` themselves.
"""

import hashlib
import hmac

from allauth.account.adapter import get_adapter
from allauth.mfa import signals as mfa_signals
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from conference.security_log import log_security_event

#: Keys of ``authenticate()``'s credentials that hold what the person typed as their login.
LOGIN_KEYS = ("email", "login", "username")


def client_ip(request) -> str | None:
    """The client's address as allauth's rate limits see it (``ALLAUTH_TRUSTED_PROXY_COUNT``)."""
    if request is None:
        return None
    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # no address, or a misconfigured proxy header: never break signing in
        return request.META.get("REMOTE_ADDR")


def login_hash(login: str) -> str:
    """A keyed hash of an attempted login: the same login gives the same value, nobody can read it back."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, login.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


@receiver(user_login_failed, dispatch_uid="conference.security:login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    login = next((str(credentials[key]) for key in LOGIN_KEYS if credentials.get(key)), "")
    log_security_event("login_failed", ip=client_ip(request), login_hash=login_hash(login) if login else None)


@receiver(user_logged_in, dispatch_uid="conference.security:login")
def on_logged_in(sender, request, user, **kwargs):
    log_security_event("login", user=user, ip=client_ip(request))


@receiver(user_logged_out, dispatch_uid="conference.security:logout")
def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_security_event("logout", user=user, ip=client_ip(request))


def _authenticator_event(event: str):
    def handler(sender, request, user, authenticator, **kwargs):
        log_security_event(event, user=user, ip=client_ip(request), authenticator=authenticator.type)

    handler.__name__ = f"on_{event}"
    return handler


on_mfa_added = _authenticator_event("mfa_added")
on_mfa_removed = _authenticator_event("mfa_removed")
on_mfa_reset = _authenticator_event("mfa_reset")
mfa_signals.authenticator_added.connect(on_mfa_added, dispatch_uid="conference.security:mfa_added")
mfa_signals.authenticator_removed.connect(on_mfa_removed, dispatch_uid="conference.security:mfa_removed")
mfa_signals.authenticator_reset.connect(on_mfa_reset, dispatch_uid="conference.security:mfa_reset")
