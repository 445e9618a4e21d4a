"""Login limits that cannot lock people out (README "Login limits").

Behind the reverse proxy every request comes from the proxy's address; the visitor's address is
read from X-Forwarded-For (``TRUSTED_PROXY_COUNT``) or the proxy's own header (``CLIENT_IP_HEADER``).
Failed sign-ins count per pair of account and address, and per address over a longer window; the
counters live in the configured shared cache, not in one process.
"""

import json
import logging

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.internal import ratelimit
from django.conf import settings as django_settings
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from conference.client_ip import client_ip, rate_limit_address
from conference.models import User
from conference.second_factor import current_code, totp_secret
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.20"
SOMEONE = "192.0.2.33"


def _request(remote_addr=PROXY, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


@pytest.fixture
def behind_proxy(settings):
    """One proxy of our own in front of the portal, as the README recommends."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _login(client, email, password, ip):
    """A sign-in through the proxy: the proxy connects, the visitor's address is the last X-Forwarded-For entry."""
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{ip}",
    )


# --- The visitor's address --------------------------------------------------------------------------


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored():
    request = _request(remote_addr=OWNER, HTTP_X_FORWARDED_FOR=ATTACKER)

    assert client_ip(request) == OWNER


@pytest.mark.parametrize(
    ("count", "chain", "expected"),
    [
        (1, OWNER, OWNER),
        (1, f"{ATTACKER}, {OWNER}", OWNER),  # a made-up entry on the left is ignored
        (1, f"1.1.1.1, {ATTACKER},{OWNER}", OWNER),
        (2, f"{ATTACKER}, {OWNER}, 10.0.0.9", OWNER),  # CDN, then our proxy: the second from the right
        (2, OWNER, PROXY),  # did not pass through both proxies: the address that connected
    ],
)
def test_behind_proxies_the_right_most_untrusted_address_counts(settings, count, chain, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    request = _request(HTTP_X_FORWARDED_FOR=chain)

    assert client_ip(request) == expected


def test_a_header_of_the_proxy_itself_can_name_the_address(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"

    assert client_ip(_request(HTTP_X_REAL_IP=OWNER, HTTP_X_FORWARDED_FOR=ATTACKER)) == OWNER
    assert client_ip(_request()) == PROXY  # a request that bypassed the proxy


@pytest.mark.parametrize("chain", [None, f"{ATTACKER}, {OWNER}", OWNER])
def test_allauth_counts_the_address_the_portal_logs(behind_proxy, chain):
    request = _request(**({"HTTP_X_FORWARDED_FOR": chain} if chain else {}))

    assert get_adapter(request).get_client_ip(request) == client_ip(request)
    assert ratelimit.get_ip(request) == rate_limit_address(client_ip(request))


def test_ipv6_visitors_count_per_network():
    assert rate_limit_address("2001:db8:1:2:3:4:5:6") == rate_limit_address("2001:db8:1:2:ffff::1") == "2001:db8:1:2::"
    assert rate_limit_address("2001:db8:1:3::1") != rate_limit_address("2001:db8:1:2::1")
    assert rate_limit_address("198.51.100.20") == "198.51.100.20"


# --- Failed sign-ins ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_blocked_login_gets_the_dutch_429_page(client, behind_proxy):
    user = UserFactory()
    for _attempt in range(5):
        _login(client, user.email, "fout-wachtwoord", ATTACKER)

    response = _login(client, user.email, PASSWORD, ATTACKER)

    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    body = response.content.decode()
    assert "<h1>Te veel inlogpogingen</h1>" in body
    assert "Wacht vijf minuten" in body
    assert reverse("account_reset_password") in body
    assert '<html lang="nl">' in body and 'href="#main"' in body  # the portal's own layout
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failed_logins_lock_out_the_pair_only(client, behind_proxy):
    user = UserFactory()
    other = UserFactory()
    for _attempt in range(5):
        assert _login(client, user.email, "fout-wachtwoord", ATTACKER).status_code == 200

    assert _login(client, user.email, PASSWORD, ATTACKER).status_code == 429  # this pair is blocked
    assert _login(client, other.email, PASSWORD, ATTACKER).status_code == 302  # other accounts from here are not
    client.logout()
    assert _login(client, user.email, PASSWORD, OWNER).status_code == 302  # the owner, from elsewhere, is not
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_a_storm_against_a_coordinator_does_not_stop_the_coordinator(client, behind_proxy, caplog):
    coordinator = CoordinatorFactory()

    with caplog.at_level(logging.INFO, logger="portal.security"):
        answers = {_login(client, coordinator.email, f"gok-{n}", ATTACKER).status_code for n in range(40)}

    assert answers == {200, 429}
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.security"]
    assert {(e["event"], e["ip"], e["user_id"]) for e in events} == {
        ("login_failed", ATTACKER, coordinator.pk),
        ("login_locked_out", ATTACKER, coordinator.pk),
    }
    assert all(coordinator.email not in r.getMessage() for r in caplog.records)

    response = _login(client, coordinator.email, PASSWORD, OWNER)
    assert response["Location"] == reverse("mfa_authenticate")
    code = current_code(totp_secret(coordinator))
    client.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)
    assert int(client.session["_auth_user_id"]) == coordinator.pk
    assert client.get("/beheer/").status_code == 200


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_stopped_there_only(client, behind_proxy, settings):
    # Leave the limit on posting the form out of the way: this is about the longer limit per address.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1000/m/ip"}
    people = UserFactory.create_batch(8)

    answers = [_login(client, p.email, "fout-wachtwoord", ATTACKER).status_code for p in people for _ in range(4)]

    assert answers == [200] * 30 + [429] * 2  # no pair reached five, but the address reached thirty
    assert _login(client, people[0].email, PASSWORD, ATTACKER).status_code == 429
    assert _login(client, people[0].email, PASSWORD, OWNER).status_code == 302


@pytest.mark.django_db
def test_counters_are_shared_through_the_configured_cache(client, behind_proxy):
    """A second worker (a new client, no shared session) sees the counts of the first: they live in the cache."""
    from django.test import Client

    user = UserFactory()
    for _attempt in range(5):
        _login(client, user.email, "fout-wachtwoord", ATTACKER)

    assert _login(Client(), user.email, PASSWORD, ATTACKER).status_code == 429
    backend = django_settings.CACHES["default"]["BACKEND"]
    assert backend in (
        "django.core.cache.backends.db.DatabaseCache",
        "conference.redis_cache.RedisCache",
    )
    if backend.endswith("DatabaseCache"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM portal_cache WHERE cache_key LIKE %s", ["%login_failed%"])
            assert cursor.fetchone()[0] >= 2  # the pair and the address


# --- Sign-up and password reset behind the proxy --------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_still_works_for_others_when_one_address_is_limited(client, behind_proxy):
    def sign_up(number, ip):
        data = {
            "email": f"nieuw{number}@example.org",
            "display_name": "Nieuw",
            "password1": "Lange-zin-als-wachtwoord-7",
            "password2": "Lange-zin-als-wachtwoord-7",
        }
        return client.post(reverse("account_signup"), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip)

    for number in range(20):
        sign_up(number, ATTACKER)
        client.logout()

    assert sign_up(99, ATTACKER).status_code == 429
    response = sign_up(100, SOMEONE)
    assert response.status_code == 302
    assert User.objects.filter(email="nieuw100@example.org").exists()


@pytest.mark.django_db
def test_password_reset_still_works_for_others_when_one_address_is_limited(client, behind_proxy, mailoutbox):
    def reset(email, ip):
        return client.post(
            reverse("account_reset_password"), {"email": email}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip
        )

    person = UserFactory()
    for number in range(20):
        reset(f"onbekend{number}@example.org", ATTACKER)

    assert reset(person.email, ATTACKER).status_code == 429
    assert not [m for m in mailoutbox if m.to == [person.email]]
    assert reset(person.email, SOMEONE).status_code == 302
    assert [m.to for m in mailoutbox if m.to == [person.email]] == [[person.email]]
