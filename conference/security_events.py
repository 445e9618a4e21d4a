"""Receivers that turn sign-in signals into security events (``conference.security_log``).

Connected when this module is imported, from ``ConferenceConfig.ready()``:

- ``login`` and ``logout``: Django's ``user_logged_in`` and ``user_logged_out``.
- ``mfa_reset``: allauth's ``authenticator_reset`` (recovery codes made anew).

Elsewhere, by the code that knows more: ``login_failed`` and ``login_locked_out`` in
``conference.adapters.AccountAdapter`` (with ``login_hash``, a keyed hash of the attempted login,
so repeated attempts on one account can be counted without the log holding an e-mail address);
``mfa_enrolled``, ``mfa_removed``, ``mfa_removal_refused``, ``mfa_replaced`` and a wrong second-step code
(``login_failed`` with ``step``) in ``conference.second_factor`` and the MFA adapter;
``role_changed`` in the role services; ``account_deleted`` in ``conference.privacy``.
"""

import hashlib
import hmac

from allauth.mfa import signals as mfa_signals
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from conference.client_ip import client_ip
from conference.security_log import log_security_event


def login_hash(login: str) -> str:
    """A keyed hash of an attempted login: the same login gives the same value, nobody can read it back."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, login.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


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


on_mfa_reset = _authenticator_event("mfa_reset")
mfa_signals.authenticator_reset.connect(on_mfa_reset, dispatch_uid="conference.security:mfa_reset")
