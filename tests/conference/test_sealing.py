"""Two-step login secrets are stored sealed: a database copy alone cannot make anyone's codes.

The key of an authenticator app and the seed of the recovery codes go through ``conference/sealing.py``
(allauth's ``MFAAdapter.encrypt``/``decrypt``). A new SECRET_KEY with the old one as a fallback keeps
every app working; ``reseal_second_factors`` moves them to the new key; migration 0008 seals what was
stored before.
"""

import io
import json
import logging
from importlib import import_module

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from conference import sealing
from conference.second_factor import current_code, enrol_with_secret, totp_secret
from tests.factories import PASSWORD, CoordinatorFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
OLD_KEY = "the-old-key-of-this-portal-" + "x" * 40
NEW_KEY = "the-new-key-of-this-portal-" + "y" * 40
MIGRATION = import_module("conference.migrations.0008_seal_second_factor_secrets")


def _stored(user, kind) -> dict:
    return Authenticator.objects.get(user=user, type=kind).data


def _log_in_with_code(client, user, code):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})
    return client.session.get("_auth_user_id")


def test_the_app_key_and_the_recovery_seed_are_stored_sealed_and_still_work(client):
    coordinator = CoordinatorFactory(second_factor=False)
    enrol_with_secret(user=coordinator, secret=SECRET)

    stored_secret = _stored(coordinator, Authenticator.Type.TOTP)["secret"]
    stored_seed = _stored(coordinator, Authenticator.Type.RECOVERY_CODES)["seed"]
    assert stored_secret.startswith(sealing.PREFIX) and SECRET not in stored_secret
    assert stored_seed.startswith(sealing.PREFIX)
    assert totp_secret(coordinator) == SECRET
    assert _log_in_with_code(client, coordinator, current_code(SECRET)) == str(coordinator.pk)


def test_sealing_the_same_secret_twice_gives_different_text():
    assert sealing.seal(SECRET) != sealing.seal(SECRET)
    assert sealing.unseal(sealing.seal(SECRET)) == SECRET


def test_a_new_secret_key_keeps_the_apps_working_through_the_fallback_until_resealed(settings, client):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD_KEY, []
    coordinator = CoordinatorFactory(second_factor=False)
    enrol_with_secret(user=coordinator, secret=SECRET)
    codes = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.RECOVERY_CODES).wrap().generate_codes()

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    assert totp_secret(coordinator) == SECRET
    out = io.StringIO()
    call_command("reseal_second_factors", stdout=out)
    assert "2 authenticator(s)" in out.getvalue()  # the app and the recovery codes

    settings.SECRET_KEY_FALLBACKS = []  # the old key may go now
    assert totp_secret(coordinator) == SECRET
    assert RecoveryCodes(Authenticator.objects.get(user=coordinator, type="recovery_codes")).generate_codes() == codes
    assert _log_in_with_code(client, coordinator, codes[0]) == str(coordinator.pk)


def test_without_the_old_key_the_secret_cannot_be_read_and_says_why(settings):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD_KEY, []
    sealed = sealing.seal(SECRET)
    settings.SECRET_KEY = NEW_KEY

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FALLBACKS"):
        sealing.unseal(sealed)


def test_the_migration_seals_what_was_stored_in_the_clear_and_can_take_it_back(client):
    coordinator = CoordinatorFactory(second_factor=False)
    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={"secret": SECRET})
    Authenticator.objects.create(
        user=coordinator,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    assert totp_secret(coordinator) == SECRET  # read as it is until sealed

    MIGRATION.seal_stored(apps, None)
    sealed = _stored(coordinator, Authenticator.Type.TOTP)["secret"]
    codes = _stored(coordinator, Authenticator.Type.RECOVERY_CODES)
    MIGRATION.seal_stored(apps, None)  # sealing again changes nothing

    assert sealed.startswith(sealing.PREFIX) and _stored(coordinator, Authenticator.Type.TOTP)["secret"] == sealed
    assert codes["seed"].startswith(sealing.PREFIX) and codes["migrated_codes"][0].startswith(sealing.PREFIX)
    assert codes["used_mask"] == 0
    assert _log_in_with_code(client, coordinator, current_code(SECRET)) == str(coordinator.pk)

    MIGRATION.unseal_stored(apps, None)
    assert _stored(coordinator, Authenticator.Type.TOTP) == {"secret": SECRET}
    assert _stored(coordinator, Authenticator.Type.RECOVERY_CODES)["migrated_codes"] == ["12345678"]


def test_after_a_lost_key_the_unreadable_apps_are_listed_then_removed_and_set_up_again(
    settings, client, caplog, django_capture_on_commit_callbacks
):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD_KEY, []
    coordinator = CoordinatorFactory(second_factor=False)
    enrol_with_secret(user=coordinator, secret=SECRET)
    settings.SECRET_KEY = NEW_KEY  # the old key is lost
    readable = CoordinatorFactory(second_factor=False)
    enrol_with_secret(user=readable, secret=SECRET)

    listed = io.StringIO()
    call_command("reseal_second_factors", stdout=listed)
    assert f"2 authenticator(s) of user {coordinator.pk}: left alone" in listed.getvalue()
    assert Authenticator.objects.filter(user=coordinator).count() == 2

    with caplog.at_level(logging.INFO, logger="portal.security"), django_capture_on_commit_callbacks(execute=True):
        call_command("reseal_second_factors", "--remove-unreadable", stdout=io.StringIO())

    assert not Authenticator.objects.filter(user=coordinator).exists()
    assert totp_secret(readable) == SECRET  # sealed under the key that is there: untouched
    removed = [json.loads(r.getMessage()) for r in caplog.records if '"mfa_removed"' in r.getMessage()]
    assert {(e["user_id"], e["reason"]) for e in removed} == {(coordinator.pk, "unreadable")}
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    assert client.get("/beheer/")["Location"] == "/account/2fa/totp/activate/"  # set it up again first
