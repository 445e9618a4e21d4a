import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from conference.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "nieuw@example.org",
    "display_name": "Nieuwe Inwoner",
    "password1": "Lange-zin-als-wachtwoord-7",
    "password2": "Lange-zin-als-wachtwoord-7",
}


def _link_from_last_mail():
    return re.search(r"https?://[^\s]+", mail.outbox[-1].body).group(0)


def test_signup_verify_then_login(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    assert user.display_name == "Nieuwe Inwoner"
    assert len(mail.outbox) == 1

    # Not verified yet: logging in sends you to the verification page, not into the portal.
    client.logout()
    response = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert "_auth_user_id" not in client.session

    link = _link_from_last_mail()
    path = link.split("testserver", 1)[1]
    client.post(path)
    response = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_signup_with_existing_email_does_not_reveal_account(client):
    UserFactory(email="bestaat@example.org")

    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "bestaat@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="bestaat@example.org").count() == 1


def test_password_reset_does_not_reveal_unknown_address(client):
    UserFactory(email="bekend@example.org")

    known = client.post(reverse("account_reset_password"), {"email": "bekend@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "onbekend@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_login_next_only_leads_to_this_site(client):
    user = UserFactory()

    response = client.post(
        reverse("account_login") + "?next=https://evil.example.com/",
        {"login": user.email, "password": PASSWORD, "next": "https://evil.example.com/"},
    )

    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


def test_login_next_to_own_page_is_followed(client):
    user = UserFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": "/edities/"})

    assert response["Location"] == "/edities/"


def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "fout-wachtwoord"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 429
    assert "Te veel inlogpogingen" in response.content.decode()


def test_too_many_sign_ups_get_a_dutch_page(client):
    for number in range(20):
        client.post(reverse("account_signup"), {"email": f"nieuw{number}@example.org"})

    response = client.post(reverse("account_signup"), {"email": "nog-een@example.org"})

    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()


def test_login_page_is_dutch_and_in_portal_layout(client):
    body = client.get(reverse("account_login")).content.decode()

    assert "Inloggen" in body
    assert 'href="#main"' in body


EVIL_NEXT = ["//evil.example", "/\\evil.example", "https:evil.example", "\\\\evil.example", "https://evil.example"]


def _stays_on_this_site(location):
    parts = urlsplit(location)
    return (
        "evil" not in location
        and not parts.scheme
        and not parts.netloc
        and location.startswith("/")
        and not location.startswith(("//", "/\\"))
    )


@pytest.mark.parametrize("where", ["query", "post"])
@pytest.mark.parametrize("target", EVIL_NEXT)
def test_login_never_sends_people_to_another_site(client, target, where):
    user = UserFactory()
    url = reverse("account_login") + ("?" + urlencode({"next": target}) if where == "query" else "")
    data = {"login": user.email, "password": PASSWORD, **({"next": target} if where == "post" else {})}

    response = client.post(url, data)

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert _stays_on_this_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_logout_never_sends_people_to_another_site(client, target):
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"), {"next": target})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert _stays_on_this_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_language_switch_never_sends_people_to_another_site(client, target):
    response = client.post(reverse("set_language"), {"language": "en", "next": target})

    assert response.status_code == 302
    assert response.cookies["portal_language"].value == "en"
    assert _stays_on_this_site(response["Location"]), response["Location"]
