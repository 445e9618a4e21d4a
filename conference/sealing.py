"""Secrets of the two-step login, sealed before they are stored.

allauth keeps the key of each authenticator app (and the seed of the recovery codes) in the database.
Anyone who reads a database copy (a backup, a dump on a laptop) could otherwise make a coordinator's
codes. ``MFAAdapter.encrypt``/``decrypt`` (conference/adapters.py) call :func:`seal` and :func:`unseal`:
Fernet (AES in CBC mode with an HMAC, from ``cryptography``) under a key derived from ``SECRET_KEY``.

Keys in ``SECRET_KEY_FALLBACKS`` still open what they sealed, so a new ``SECRET_KEY`` with the old one
as a fallback keeps every app working; ``manage.py reseal_second_factors`` then seals everything under
the new key, after which the fallback may go. A value without the prefix was stored before sealing
came in (migration 0008 seals those) and is read as it is.

This module imports no models: migrations use it.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

PREFIX = "sealed:v1:"
_SALT = "conference.sealing.second-factor"


def _fernet_for(secret_key: str) -> Fernet:
    digest = salted_hmac(_SALT, "authenticator secrets", secret=secret_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    """The current key first (it seals), then the fallbacks (they only open)."""
    return MultiFernet([_fernet_for(key) for key in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)])


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(text: str) -> str:
    return PREFIX + _keys().encrypt(text.encode()).decode("ascii")


def unseal(value: str) -> str:
    if not is_sealed(value):
        return value  # stored before sealing came in
    return _with_keys(lambda keys, token: keys.decrypt(token), value).decode()


def reseal(value: str) -> str:
    """The same secret sealed under the current key (a value not yet sealed gets sealed)."""
    if not is_sealed(value):
        return seal(value)
    return PREFIX + _with_keys(lambda keys, token: keys.rotate(token), value).decode("ascii")


def _with_keys(operation, value: str) -> bytes:
    try:
        return operation(_keys(), value.removeprefix(PREFIX).encode("ascii"))
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A two-step login secret was sealed under a key that is no longer configured: put the old "
            "SECRET_KEY in SECRET_KEY_FALLBACKS (see README, Two-step login)."
        ) from error


def change_stored(authenticators, change) -> tuple[int, list]:
    """Pass the secrets of these Authenticator rows through ``change``; save the rows that changed.

    ``authenticators`` are rows of allauth's model, or of its historical copy in a migration (the caller
    locks them). Returns how many rows changed, and the rows no configured key opens (left as they are).
    """
    changed, unreadable = 0, []
    for authenticator in authenticators:
        try:
            data = reseal_data(authenticator.type, authenticator.data, change)
        except ImproperlyConfigured:
            unreadable.append(authenticator)
            continue
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed, unreadable


def reseal_data(kind: str, data: dict, change) -> dict:
    """``data`` of an allauth Authenticator with each secret passed through ``change`` (seal, reseal or unseal).

    TOTP keeps its key in ``secret``; recovery codes keep a ``seed``, and codes carried over from an
    older allauth in ``migrated_codes``. Other kinds hold no secret.
    """
    data = dict(data)
    if kind == "totp" and "secret" in data:
        data["secret"] = change(data["secret"])
    if kind == "recovery_codes":
        if "seed" in data:
            data["seed"] = change(data["seed"])
        if "migrated_codes" in data:
            data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
    return data
