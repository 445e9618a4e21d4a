"""Sign-ins and two-factor changes become security events: one JSON line each, no e-mail address in them."""

import json
import logging
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from conference.security_events import login_hash
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_log(caplog):
    """The security events written during the test, as dicts."""
    caplog.set_level(logging.INFO, logger="portal.security")

    def lines():
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.security"]

    lines.text = lambda: "\n".join(r.getMessage() for r in caplog.records if r.name == "portal.security")
    return lines


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR="203.0.113.7")


@pytest.mark.parametrize("known", [True, False], ids=["known account", "unknown address"])
def test_a_failed_sign_in_is_logged_with_the_address_and_a_hash_of_the_login(client, security_log, known):
    email = "iemand@example.org"
    if known:
        UserFactory(email=email)

    _login(client, email, "fout-wachtwoord")

    [event] = [line for line in security_log() if line["event"] == "login_failed"]
    assert event["ip"] == "203.0.113.7"
    assert event["login_hash"] == login_hash("Iemand@Example.org ") != email
    if known:  # the account's id, never the address typed
        assert event["user_id"] == UserFactory._meta.model.objects.get(email=email).pk
    else:
        assert "user_id" not in event
    assert email not in security_log.text() and "fout-wachtwoord" not in security_log.text()


def test_sign_in_and_sign_out_are_logged_with_the_account_id(client, security_log):
    user = UserFactory()

    _login(client, user.email, PASSWORD)
    client.post(reverse("account_logout"), REMOTE_ADDR="203.0.113.7")

    assert [(line["event"], line["user_id"], line["ip"]) for line in security_log()] == [
        ("login", user.pk, "203.0.113.7"),
        ("logout", user.pk, "203.0.113.7"),
    ]
    assert user.email not in security_log.text()


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_adding_and_removing_an_authenticator_app_is_logged(client, security_log, django_capture_on_commit_callbacks):
    user = UserFactory()
    _login(client, user.email, PASSWORD)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # allauth asks again first

    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals the new authenticator after commit
        client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    client.post(reverse("mfa_deactivate_totp"))

    events = [(line["event"], line.get("type")) for line in security_log() if line["event"] != "login"]
    assert events == [("mfa_enrolled", "totp"), ("mfa_removed", "totp")]  # the recovery codes come and go with it
    assert all(line["user_id"] == user.pk for line in security_log())
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
