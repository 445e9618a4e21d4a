"""Two-step sign-in (allauth.mfa): the portal's side of it.

allauth does the work: the pages to set up an authenticator app (TOTP) and recovery codes, and
the second step at sign-in. The portal adds three things:

- the coordinator role takes effect only with a second factor (``is_coordinator`` in conference/rules.py);
  a role holder without one is sent to set it up (conference/views/errors.py, and
  ``AdminSecondFactorMiddleware`` for the Django admin);
- a role holder cannot remove their last second factor (``MFAAdapter.can_delete_authenticator``
  in conference/adapters.py asks :func:`may_remove`);
- every enrolment, removal and failed second step is written to the security log (the receivers
  below, connected in ``ConferenceConfig.ready``).

:func:`enrol_with_secret` and :func:`current_code` are for the demo data and the tests only: people
enrol through allauth's own pages.
"""

import time
from dataclasses import dataclass
from functools import partial

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa import signals
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.db import transaction
from django.dispatch import receiver

from conference import sealing
from conference.client_ip import client_ip
from conference.rules import holds_coordinator_role
from conference.security_log import log_security_event

#: The kinds of authenticator that are a second factor on their own (recovery codes are not).
FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def may_remove(authenticator: Authenticator) -> bool:
    """Whether this authenticator may go: never the last real second factor of a role holder."""
    if authenticator.type not in FACTOR_TYPES:
        return True
    user = authenticator.user
    if not holds_coordinator_role(user):
        return True
    others = Authenticator.objects.filter(user_id=user.pk, type__in=FACTOR_TYPES).exclude(pk=authenticator.pk)
    return others.exists()


@transaction.atomic
def enrol_with_secret(*, user, secret: str) -> Authenticator:
    """Give ``user`` an authenticator app with this secret, and recovery codes (demo data and tests).

    Enrolling twice changes nothing: the first secret stays.
    """
    existing = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    totp = existing or TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    user._has_second_factor = True
    return totp


@transaction.atomic
def replace_app(*, user, secret: str, ip: str | None = None) -> Authenticator:
    """Put the app on a new phone: the person's authenticator app gets ``secret``, the old one stops working.

    The caller checked a code of the new app against ``secret``. The row keeps its place (and with it
    the recovery codes and the coordinator role, which never go without a second factor in between).
    Logged as ``mfa_replaced`` once committed.
    """
    authenticator = Authenticator.objects.select_for_update().get(user_id=user.pk, type=Authenticator.Type.TOTP)
    authenticator.data = {**authenticator.data, "secret": encrypt(secret)}
    authenticator.save(update_fields=["data"])
    transaction.on_commit(lambda: log_security_event("mfa_replaced", user=user, ip=ip, type=authenticator.type))
    return authenticator


@dataclass
class Resealed:
    changed: int
    #: Authenticators whose secret no configured key opens (sealed under a key that is gone).
    unreadable: list[Authenticator]


@transaction.atomic
def reseal_all(*, remove_unreadable: bool = False) -> Resealed:
    """Seal every stored authenticator secret under the current ``SECRET_KEY``.

    After a new ``SECRET_KEY`` (with the old one in ``SECRET_KEY_FALLBACKS``): once this ran, the
    fallback is no longer needed for the two-step login. Secrets no configured key opens are left
    alone and reported, or with ``remove_unreadable`` deleted (logged once committed): those people set up their
    app again, and a coordinator keeps no coordinator rights until they have (``is_coordinator``).
    """
    rows = Authenticator.objects.select_for_update().select_related("user").order_by("pk")
    changed, unreadable = sealing.change_stored(rows, sealing.reseal)
    if remove_unreadable:
        for authenticator in unreadable:
            authenticator.delete()
            transaction.on_commit(
                partial(
                    log_security_event,
                    "mfa_removed",
                    user=authenticator.user,
                    type=authenticator.type,
                    reason="unreadable",
                )
            )
    return Resealed(changed, unreadable)


def totp_secret(user) -> str | None:
    """The secret of the user's authenticator app, or None without one (demo and tests only)."""
    authenticator = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


def current_code(secret: str, *, counter: int | None = None) -> str:
    """The code an authenticator app shows now (or in time step ``counter``), by allauth's own helper."""
    if counter is None:
        counter = current_counter()
    return format_hotp_value(hotp_value(secret, counter))


def current_counter() -> int:
    """The number of the current time step of authenticator codes (30 seconds each)."""
    return int(time.time()) // mfa_settings.TOTP_PERIOD


def seconds_left() -> int:
    """How long the current code stays valid."""
    return mfa_settings.TOTP_PERIOD - int(time.time()) % mfa_settings.TOTP_PERIOD


# --- Security log -------------------------------------------------------------------------------


@receiver(signals.authenticator_added)
def _log_enrolled(sender, request, user, authenticator, **kwargs):
    if authenticator.type in FACTOR_TYPES:
        log_security_event("mfa_enrolled", user=user, ip=client_ip(request), type=authenticator.type)


@receiver(signals.authenticator_removed)
def _log_removed(sender, request, user, authenticator, **kwargs):
    if authenticator.type in FACTOR_TYPES:
        log_security_event("mfa_removed", user=user, ip=client_ip(request), type=authenticator.type)


@receiver(signals.authentication_failed)
def _log_wrong_code(sender, request, user, authenticator, reauthentication=False, **kwargs):
    log_security_event(
        "login_failed",
        user=user,
        ip=client_ip(request),
        step="reauthenticate" if reauthentication else "second_factor",
    )
