"""Bad input and bad days: NUL bytes, too-long questions, browser features, refused requests in the
log, a database that is down, and mails to addresses nobody has confirmed yet."""

import logging
import re
import socket

import pytest
from django.core import mail
from django.db import DataError, connection, connections
from django.db.utils import load_backend
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from conference.middleware import PERMISSIONS_POLICY
from conference.models import EvaluationQuestion, Outcome, User
from tests.conference.factories import TableTalkFactory
from tests.factories import EditionFactory, PartnerFactory, UserFactory
from tests.themes.factories import ThemeFactory
from tests.workgroups.factories import WorkgroupFactory, WorkgroupMembershipFactory
from themes.models import Theme
from workgroups.models import WorkgroupMembership

pytestmark = pytest.mark.django_db

DUTCH_400 = "We konden dit verzoek niet lezen"


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


# --- NUL bytes: 400, never a 500 from the database driver ---------------------------------------------


def _member_client():
    user = PartnerFactory()
    workgroup = WorkgroupFactory()
    WorkgroupMembershipFactory(workgroup=workgroup, user=user, role=WorkgroupMembership.Role.LEAD)
    client = Client()
    client.force_login(user)
    return client, workgroup


@pytest.mark.parametrize(
    "where",
    ["similar_themes", "commitment_form", "report_form", "search", "theme_filter", "key", "path"],
)
def test_a_nul_byte_in_the_address_answers_the_dutch_400(where):
    client, workgroup = _member_client()
    ThemeFactory(title="Eenzaamheid")
    url, headers = {
        "similar_themes": ("/themas/vergelijkbaar/?title=abc%00", {"HX-Request": "true"}),
        "commitment_form": ("/werkgroepen/toezeggingen/nieuw/?werkgroep=abc%00", {}),
        "report_form": (f"/werkgroepen/{workgroup.slug}/voortgang/nieuw/?editie=abc%00", {}),
        "search": ("/zoeken/?q=eenzaam%00", {}),
        "theme_filter": ("/themas/?q=abc%00&status=published", {}),
        "key": ("/themas/?q%00=abc", {}),
        "path": ("/themas/abc%00def/", {}),
    }[where]

    response = client.get(url, headers=headers)

    assert response.status_code == 400
    assert DUTCH_400 in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_byte_in_a_posted_form_answers_400_and_stores_nothing(client):
    host = PartnerFactory()
    table = TableTalkFactory(host=host)
    client.force_login(host)

    response = client.post(
        reverse("conference:outcome_add", args=[table.conference.slug, table.pk]), {"text": "Samen\x00eten"}
    )

    assert response.status_code == 400
    assert DUTCH_400 in response.content.decode()
    assert not Outcome.objects.exists()


def test_a_nul_byte_in_a_proposal_answers_400_and_stores_nothing(resident_client):
    edition = EditionFactory()

    response = resident_client.post(
        reverse("themes:propose"), {"conference": edition.pk, "title": "Titel\x00", "description": "Iets"}
    )

    assert response.status_code == 400
    assert not Theme.objects.exists()


def test_a_nul_byte_in_a_cookie_answers_400(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"

    response = client.get("/themas/")

    assert response.status_code == 400


def test_a_nul_byte_in_an_api_request_answers_json_400(db):
    response = Client().get("/api/v1/themes?edition=abc%00")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "NUL" in response.json()["detail"]


def test_the_400_page_is_english_under_en():
    response = Client().get("/en/themas/?q=abc%00")

    assert response.status_code == 400
    assert "We could not read this request" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL refuses NUL in text")
def test_without_the_check_postgresql_would_refuse_the_nul_byte(settings):
    """Why the middleware exists: PostgreSQL (psycopg) cannot take NUL in a query parameter."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "conference.middleware.RejectNulMiddleware"]

    with pytest.raises(DataError, match="cannot contain NUL"):
        Client().get("/themas/vergelijkbaar/?title=abc%00", headers={"HX-Request": "true"})


# --- Evaluation questions: too long is a Dutch form error, not a 500 ----------------------------------------


def test_an_evaluation_question_over_300_characters_is_refused_in_dutch(coordinator_client):
    edition = EditionFactory()
    questions = "Wat ging goed?\n" + "x" * 301

    response = coordinator_client.post(
        reverse("conference:manage_evaluation", args=[edition.slug]), {"questions": questions, "is_open": "on"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["questions"] == [
        "Vraag 2 is te lang: 301 tekens. Een vraag mag hoogstens 300 tekens hebben."
    ]
    assert not EvaluationQuestion.objects.exists()


def test_an_evaluation_question_of_300_characters_is_stored(coordinator_client):
    edition = EditionFactory()

    coordinator_client.post(reverse("conference:manage_evaluation", args=[edition.slug]), {"questions": "y" * 300})

    assert list(EvaluationQuestion.objects.values_list("text", flat=True)) == ["y" * 300]


# --- Permissions-Policy on every answer ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/healthz", "/themas/", "/bestaat-niet/", "/beheer/", "/static/css/portal.css"])
def test_every_answer_switches_off_browser_features_we_do_not_use(client, url):
    response = client.get(url)

    policy = response["Permissions-Policy"]
    assert policy == PERMISSIONS_POLICY
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_the_table_page_keeps_its_photo_input_under_the_camera_policy(client):
    """camera=() blocks getUserMedia, not a file input: the phone still offers its camera app
    (the upload itself is walked in tests/browser/test_sheet_photos_walk.py)."""
    host = PartnerFactory()
    table = TableTalkFactory(host=host)
    client.force_login(host)

    response = client.get(table.get_absolute_url())

    upload = re.search(r'<input type="file" name="photo"[^>]*>', response.content.decode()).group(0)
    assert 'accept="image/*"' in upload
    assert "camera=()" in response["Permissions-Policy"]


# --- A refused request is one log line, no traceback ---------------------------------------------------


def test_a_403_is_logged_as_one_line_without_a_traceback(resident_client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = resident_client.get(reverse("conference:manage"))

    records = [r for r in caplog.records if r.name == "django.request"]
    assert response.status_code == 403
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in records] == [
        ("WARNING", "Forbidden (Permission denied): /beheer/", None)
    ]
    assert "Traceback" not in caplog.text
    assert caplog.text.count("\n") == 1


@override_settings(ROOT_URLCONF="tests.conference.urls_broken")
def test_a_500_stays_a_500_and_keeps_its_traceback_in_the_log(caplog):
    """Only refusals lose the traceback, and only a database outage becomes a 503."""
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/kapot/")

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert record.exc_info is not None
    assert "RuntimeError: a bug in a view" in caplog.text


# --- A database outage: the Dutch 503, and /readyz tells the load balancer ---------------------------------


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.fixture
def database_down():
    """The default connection points at a database that cannot be reached (for real: a closed port on
    PostgreSQL, a file in a folder that does not exist on SQLite); the real one is put back afterwards."""
    real = connections["default"]
    settings_dict = {**real.settings_dict}
    if real.vendor == "postgresql":
        settings_dict.update({"HOST": "127.0.0.1", "PORT": str(_closed_port())})
        settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2}
        settings_dict.pop("CONN_HEALTH_CHECKS", None)
        settings_dict["CONN_HEALTH_CHECKS"] = False
    else:
        settings_dict["NAME"] = "/nonexistent-folder/portal.sqlite3"
    unreachable = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="default")
    connections["default"] = unreachable
    try:
        yield
    finally:
        unreachable.close()
        connections["default"] = real


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_database_outage_answers_the_dutch_503_without_touching_the_database(
    database_down, settings, signed_in, django_user_model
):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-key-that-would-need-the-database"

    response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Het portaal is even niet beschikbaar" in body
    assert '<html lang="nl">' in body


def test_the_503_is_english_under_en(database_down):
    response = Client(raise_request_exception=False).get("/en/themas/")

    assert response.status_code == 503
    assert "The portal is not available for a moment" in response.content.decode()


def test_readyz_answers_ok_when_the_database_answers(client):
    response = client.get("/readyz")

    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-cache" in response["Cache-Control"]


def test_readyz_answers_503_when_the_database_is_down(database_down):
    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.content == b"database unavailable"


def test_healthz_stays_ok_without_the_database(database_down):
    response = Client().get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok")


# --- Mail to an address nobody has confirmed yet carries nothing the sender chose ---------------------------


PHISHING_NAME = "Uw bank: bel 0900-1234 of klik op evil.example"


def test_the_signup_confirmation_mail_does_not_carry_the_chosen_name(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "iemand-anders@example.org",
            "display_name": PHISHING_NAME,
            "password1": "Lange-zin-als-wachtwoord-7",
            "password2": "Lange-zin-als-wachtwoord-7",
        },
    )

    assert User.objects.get(email="iemand-anders@example.org").display_name == PHISHING_NAME
    [message] = mail.outbox
    assert message.to == ["iemand-anders@example.org"]
    assert PHISHING_NAME not in message.body and PHISHING_NAME not in message.subject
    assert "Was dat niet u? Dan kunt u deze e-mail negeren." in message.body
    assert re.search(r"http://testserver/account/confirm-email/\S+", message.body)


def test_the_mail_to_an_added_address_does_not_carry_the_account_name(client):
    user = UserFactory(display_name=PHISHING_NAME)
    client.force_login(user)

    client.post(reverse("account_email"), {"action_add": "", "email": "nog-een-adres@example.org"})

    [message] = mail.outbox
    assert message.to == ["nog-een-adres@example.org"]
    assert PHISHING_NAME not in message.body
