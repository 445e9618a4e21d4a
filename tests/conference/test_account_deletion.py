"""Deleting an account: by the person with their password, or by a coordinator on request.

One transaction erases the personal data; contributions stay as "verwijderde deelnemer"; votes keep
counting; the waiting list moves up; every sign-in ends.
"""

import json
import logging
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.contrib.sessions.backends.base import SessionBase
from django.core import mail
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.urls import reverse

from conference import personal_data, privacy
from conference.models import (
    EvaluationResponse,
    LoginSession,
    Membership,
    OutgoingEmail,
    Registration,
    TableSheetPhoto,
    User,
)
from conference.second_factor import enrol_with_secret
from conference.sessions import SessionStore
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory
from themes import selectors as theme_selectors
from themes.models import Ballot, Theme, Vote
from workgroups.models import Commitment, ProgressReport, WorkgroupMembership

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "Dat wachtwoord klopt niet. Uw account is niet verwijderd."
FORMER = "verwijderde deelnemer"


def _snapshot(people) -> dict:
    """What a deletion changes, to prove a refused or failed one changed nothing."""
    sanne = people.sanne
    return {
        "user": User.objects.filter(pk=sanne.pk).exists(),
        "emails": EmailAddress.objects.filter(user=sanne).count(),
        "authenticators": Authenticator.objects.filter(user=sanne).count(),
        "sessions": LoginSession.objects.filter(user_id=sanne.pk).count(),
        "outbox": sorted(OutgoingEmail.objects.values_list("to", "key")),
        "registrations": sorted(Registration.objects.values_list("user_id", "status")),
        "themes": sorted(Theme.objects.values_list("pk", "submitted_by_id")),
        "ballots": sorted(Ballot.objects.values_list("pk", "voter_id")),
        "memberships": sorted(WorkgroupMembership.objects.values_list("user_id", "role")),
        "reports": sorted(ProgressReport.objects.values_list("pk", "author_id")),
        "responses": sorted(EvaluationResponse.objects.values_list("pk", "respondent_id")),
        "placeholders": User.objects.filter(is_placeholder=True).count(),
    }


def _results(client, round_) -> list[dict]:
    response = client.get(reverse("themes:export_json", args=[round_.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


# --- the person deletes their own account ---------------------------------------------------------


def test_a_wrong_password_deletes_nothing(client, people):
    client.force_login(people.sanne)
    before = _snapshot(people)

    response = client.post(reverse("conference:my_data"), {"password": "niet-mijn-wachtwoord"})

    assert response.status_code == 200
    assert WRONG_PASSWORD in response.content.decode()
    assert _snapshot(people) == before
    assert client.get(reverse("conference:my_overview")).status_code == 200  # still signed in


def test_guessing_the_password_is_limited(client, people):
    client.force_login(people.sanne)
    url = reverse("conference:my_data")
    answers = [client.post(url, {"password": f"gok-{n}"}).status_code for n in range(11)]

    assert answers == [200] * 10 + [429]
    assert client.post(url, {"password": PASSWORD}).status_code == 429
    assert User.objects.filter(pk=people.sanne.pk).exists()


def test_the_service_refuses_a_wrong_password_with_its_message(people):
    with pytest.raises(ValidationError, match=re.escape(WRONG_PASSWORD)):
        privacy.delete_own_account(user=people.sanne, password="")

    assert User.objects.filter(pk=people.sanne.pk).exists()


def test_deleting_erases_the_person_and_signs_them_out(client, people, django_capture_on_commit_callbacks):
    sanne = people.sanne
    client.force_login(sanne)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conference:my_data"), {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("conference:account_deleted")
    page = client.get(response["Location"])
    assert "Uw account is verwijderd" in page.content.decode()
    assert not page.context["user"].is_authenticated
    assert not User.objects.filter(pk=sanne.pk).exists()
    assert not User.objects.filter(email__iexact="sanne@example.org").exists()
    assert not EmailAddress.objects.filter(email="sanne@example.org").exists()
    assert not Authenticator.objects.filter(user_id=sanne.pk).exists()
    assert not Membership.objects.filter(user_id=sanne.pk).exists()
    assert not Registration.objects.filter(user_id=sanne.pk).exists()
    assert not OutgoingEmail.objects.filter(to="sanne@example.org").exists()
    assert personal_data.remaining_references(sanne) == []


def test_contributions_stay_with_a_former_participant(people):
    sanne = people.sanne
    privacy.delete_own_account(user=sanne, password=PASSWORD)

    placeholder = User.objects.get(is_placeholder=True)
    assert Theme.objects.get(pk=people.theme.pk).submitted_by == placeholder
    assert ProgressReport.objects.get(pk=people.report.pk).author == placeholder
    assert {r.author_id for r in people.report.history.all()} == {placeholder.pk}
    assert {r.history_user_id for r in people.report.history.all()} <= {placeholder.pk, None}
    assert people.outcome.__class__.objects.get(pk=people.outcome.pk).created_by == placeholder
    assert people.table.__class__.objects.get(pk=people.table.pk).host == placeholder
    assert TableSheetPhoto.objects.get(table_talk=people.table).uploaded_by == placeholder
    assert Commitment.objects.get(description="Inzet Idee S").recorded_by == placeholder
    # The evaluation answer counts on, linked to nobody.
    assert EvaluationResponse.objects.filter(evaluation__conference=people.past).count() == 2
    assert EvaluationResponse.objects.filter(respondent__isnull=True).count() == 1
    # The placeholder can never sign in, and gets no e-mail.
    assert not placeholder.is_active and not placeholder.has_usable_password() and placeholder.email == ""


def test_a_second_deletion_uses_the_same_placeholder(people):
    privacy.delete_own_account(user=people.sanne, password=PASSWORD)
    privacy.delete_own_account(user=people.piet, password=PASSWORD)

    assert User.objects.filter(is_placeholder=True).count() == 1
    placeholder = User.objects.get(is_placeholder=True)
    assert set(Theme.objects.filter(title__endswith="thema").values_list("submitted_by", flat=True)) == {placeholder.pk}


def test_pages_show_verwijderde_deelnemer_where_the_name_was(client, people):
    theme_url = people.theme.get_absolute_url()
    report_url = people.report.get_absolute_url()
    table_url = people.table.get_absolute_url()
    for url in (theme_url, report_url, table_url):
        assert "Sanne Jansen" in client.get(url).content.decode()

    privacy.delete_own_account(user=people.sanne, password=PASSWORD)

    for url in (theme_url, report_url, table_url):
        html = client.get(url).content.decode()
        assert FORMER in html, url
        assert "Sanne Jansen" not in html, url
    english = client.get("/en" + theme_url).content.decode()
    assert "former participant" in english


def test_a_closed_rounds_published_totals_do_not_change(client, people):
    round_ = people.round_
    before = (_results(client, round_), theme_selectors.round_totals(round_), Vote.objects.count())
    assert before[1] == {"votes": 5, "voters": 5}

    privacy.delete_own_account(user=people.sanne, password=PASSWORD)
    privacy.delete_own_account(user=people.piet, password=PASSWORD)

    after = (_results(client, round_), theme_selectors.round_totals(round_), Vote.objects.count())
    assert after == before
    assert Ballot.objects.filter(round=round_, voter__isnull=True).count() == 2


def test_the_unique_ballot_per_voter_still_holds():
    from django.db import IntegrityError, transaction

    from tests.themes.factories import BallotFactory, VotingRoundFactory

    round_, voter = VotingRoundFactory(), UserFactory()
    BallotFactory(round=round_, voter=voter)
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotFactory(round=round_, voter=voter)
    BallotFactory(round=round_, voter=None)
    BallotFactory(round=round_, voter=None)  # ballots without a voter (deleted accounts) do not collide

    assert Ballot.objects.filter(round=round_).count() == 3


def test_the_waiting_list_moves_up_and_the_promoted_person_is_mailed(
    settings, people, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    waiting = Registration.objects.get(user=people.waiter, conference=people.coming)
    assert waiting.status == Registration.Status.WAITLISTED
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.delete_own_account(user=people.sanne, password=PASSWORD)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    to_waiter = [message for message in mail.outbox if message.to == [people.waiter.email]]
    assert len(to_waiter) == 1
    assert people.coming.title in to_waiter[0].subject
    assert not [message for message in mail.outbox if "sanne@example.org" in message.to]


def test_the_lead_role_goes_to_the_member_who_joined_first(
    settings, people, coordinator_client, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    with django_capture_on_commit_callbacks(execute=True):
        privacy.delete_own_account(user=people.sanne, password=PASSWORD)

    leads = WorkgroupMembership.objects.filter(workgroup=people.workgroup, role=WorkgroupMembership.Role.LEAD)
    assert [m.user for m in leads] == [people.veteran]
    [message] = [m for m in mail.outbox if m.to == [people.veteran.email]]
    assert message.subject == "U bent nu trekker van Werkgroep Ontmoeten"
    # The group Sanne led alone has no lead now: the coordinators see it on their dashboard.
    dashboard = coordinator_client.get(reverse("conference:manage")).content.decode()
    assert "Werkgroepen zonder trekker" in dashboard
    assert people.led_alone.get_absolute_url() in dashboard
    assert people.workgroup.get_absolute_url() not in dashboard.split("Werkgroepen zonder trekker")[1]


def test_every_sign_in_ends(client, django_user_model, people, django_capture_on_commit_callbacks):
    from django.test import Client

    sanne = people.sanne
    old_phone, laptop = Client(), client
    old_phone.force_login(sanne)
    laptop.force_login(sanne)
    keys = list(LoginSession.objects.filter(user_id=sanne.pk).values_list("session_key", flat=True))
    cache = caches["default"]
    assert len(keys) == 2
    for key in keys:
        SessionStore(session_key=key).load()  # puts the session in the cache, as a request does
        assert cache.get(SessionStore.cache_key_prefix + key) is not None

    with django_capture_on_commit_callbacks(execute=True):
        laptop.post(reverse("conference:my_data"), {"password": PASSWORD})

    assert not LoginSession.objects.filter(user_id=sanne.pk).exists()
    assert all(cache.get(SessionStore.cache_key_prefix + key) is None for key in keys)
    response = old_phone.get(reverse("conference:my_overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_session_stores_who_is_signed_in(client, resident):
    client.force_login(resident)

    [session] = LoginSession.objects.all()
    assert session.user_id == resident.pk
    assert isinstance(session.get_session_store_class()(session.session_key), SessionBase)


def test_a_failure_halfway_erases_nothing(people, monkeypatch):
    """An eraser that fails after the others ran: the transaction rolls everything back."""

    def fail(user, placeholder):
        raise RuntimeError("disk full")

    failing = personal_data.Section(name="boom", covers=(), export=None, erase=fail, order=98)
    monkeypatch.setitem(personal_data._sections, "boom", failing)
    before = _snapshot(people)

    with pytest.raises(RuntimeError, match="disk full"):
        privacy.delete_own_account(user=people.sanne, password=PASSWORD)

    assert _snapshot(people) == before


def test_a_relation_without_an_eraser_stops_the_deletion(people, monkeypatch):
    sections = dict(personal_data._sections)
    sections.pop("themes")
    monkeypatch.setattr(personal_data, "_sections", sections)
    before = _snapshot(people)

    with pytest.raises(RuntimeError, match=r"themes\.Theme\.submitted_by"):
        privacy.delete_own_account(user=people.sanne, password=PASSWORD)

    assert _snapshot(people) == before


def test_the_deletion_is_logged_with_ids_only(people, caplog, django_capture_on_commit_callbacks):
    sanne_id = people.sanne.pk
    with caplog.at_level(logging.INFO, logger="portal.security"), django_capture_on_commit_callbacks(execute=True):
        privacy.delete_own_account(user=people.sanne, password=PASSWORD)

    [line] = [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.security"]
    assert line["event"] == "account_deleted"
    assert line["user_id"] == sanne_id
    assert "sanne" not in json.dumps(line).lower()


def test_the_last_coordinator_cannot_delete_their_account(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    page = client.get(reverse("conference:my_data")).content.decode()
    with pytest.raises(ValidationError, match="laatste lid van de regiegroep"):
        privacy.delete_own_account(user=coordinator, password=PASSWORD)

    assert "U bent het laatste lid van de regiegroep" in page
    assert User.objects.filter(pk=coordinator.pk).exists()


def test_my_data_is_reachable_from_my_page_and_every_footer(client, resident):
    url = reverse("conference:my_data")
    assert url in client.get(reverse("conference:home")).content.decode()  # footer, also for visitors
    client.force_login(resident)

    assert url in client.get(reverse("conference:my_overview")).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("conference:my_data_download") in page.content.decode()


def test_my_data_asks_visitors_to_sign_in(client):
    response = client.get(reverse("conference:my_data"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- a coordinator, on request ----------------------------------------------------------------------


def test_a_coordinator_downloads_a_persons_data(coordinator_client, people, caplog):
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = coordinator_client.get(reverse("conference:manage_user_data_download", args=[people.sanne.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="gegevens-{people.sanne.pk}-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "sanne@example.org"
    assert "Piet" not in response.content.decode()
    [line] = [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.security"]
    assert line["event"] == "personal_data_exported" and line["subject_id"] == people.sanne.pk


def test_a_coordinator_deletes_an_account_after_typing_the_address(coordinator_client, people):
    url = reverse("conference:manage_user_data", args=[people.sanne.pk])
    page = coordinator_client.get(url)
    assert page.status_code == 200
    assert url in coordinator_client.get(reverse("conference:manage_users")).content.decode()
    before = _snapshot(people)

    wrong = coordinator_client.post(url, {"confirmation": "piet@example.org"})
    assert wrong.status_code == 200
    assert "Typ het e-mailadres van deze persoon precies over" in wrong.content.decode()
    assert _snapshot(people) == before

    response = coordinator_client.post(url, {"confirmation": " Sanne@Example.org "})

    assert response.status_code == 302
    assert response["Location"] == reverse("conference:manage_users")
    assert not User.objects.filter(pk=people.sanne.pk).exists()
    users_page = coordinator_client.get(response["Location"]).content.decode()
    assert "Het account van Sanne Jansen is verwijderd." in users_page


@pytest.mark.parametrize("name", ["manage_user_data", "manage_user_data_download"])
def test_other_people_get_403_and_nothing_changes(client, people, name):
    client.force_login(people.piet)
    url = reverse(f"conference:{name}", args=[people.sanne.pk])
    before = _snapshot(people)

    assert client.get(url).status_code == 403
    assert client.post(url, {"confirmation": "sanne@example.org"}).status_code == 403
    assert _snapshot(people) == before


def test_visitors_are_sent_to_sign_in(client, people):
    response = client.post(
        reverse("conference:manage_user_data", args=[people.sanne.pk]), {"confirmation": "sanne@example.org"}
    )

    assert response.status_code == 302
    assert User.objects.filter(pk=people.sanne.pk).exists()


def test_the_service_checks_the_coordinator_itself(people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        privacy.delete_account_on_request(user=people.sanne, by=people.piet, confirmation="sanne@example.org")

    assert User.objects.filter(pk=people.sanne.pk).exists()


def test_the_last_coordinator_cannot_delete_themselves_on_the_coordinator_page(client):
    coordinator = CoordinatorFactory(email="enige@example.org")
    client.force_login(coordinator)
    url = reverse("conference:manage_user_data", args=[coordinator.pk])

    response = client.post(url, {"confirmation": "enige@example.org"})

    assert response.status_code == 200
    assert "laatste lid van de regiegroep" in response.content.decode()
    assert User.objects.filter(pk=coordinator.pk).exists()


def test_a_coordinator_who_is_not_the_last_may_delete_themselves(client, coordinator):
    other = CoordinatorFactory(email="tweede@example.org")
    client.force_login(other)

    response = client.post(reverse("conference:manage_user_data", args=[other.pk]), {"confirmation": other.email})

    assert response["Location"] == reverse("conference:account_deleted")
    assert not User.objects.filter(pk=other.pk).exists()
    assert User.objects.filter(pk=coordinator.pk, is_coordinator=True).exists()


def test_the_placeholder_is_not_a_person_coordinators_manage(coordinator_client, people):
    privacy.delete_own_account(user=people.sanne, password=PASSWORD)
    placeholder = User.objects.get(is_placeholder=True)

    users = coordinator_client.get(reverse("conference:manage_users"))
    assert placeholder not in list(users.context["page_obj"])
    assert coordinator_client.get(reverse("conference:manage_user_data", args=[placeholder.pk])).status_code == 404


@pytest.mark.parametrize("extra", [0, 5])
def test_the_my_data_page_queries_do_not_grow(client, people, django_assert_max_num_queries, extra):
    from tests.themes.factories import ThemeFactory

    ThemeFactory.create_batch(extra, submitted_by=people.sanne)
    client.force_login(people.sanne)
    client.get(reverse("conference:my_data"))  # warm: the first request of a new site stores its settings row

    with django_assert_max_num_queries(8):
        response = client.get(reverse("conference:my_data"))

    assert response.status_code == 200


def test_the_coordinator_data_page_queries_are_bounded(coordinator_client, people, django_assert_max_num_queries):
    url = reverse("conference:manage_user_data", args=[people.sanne.pk])
    coordinator_client.get(url)  # warm: the first request of a new site stores its settings row

    with django_assert_max_num_queries(10):
        response = coordinator_client.get(url)

    assert response.status_code == 200


def test_deleting_in_the_admin_takes_the_same_path(client, people):
    admin_user = User.objects.create_superuser(email="beheerder@example.org", password=PASSWORD, display_name="Admin")
    enrol_with_secret(user=admin_user, secret=generate_totp_secret())  # the admin opens only with two steps
    client.force_login(admin_user)
    round_totals = theme_selectors.round_totals(people.round_)

    response = client.post(f"/admin/conference/user/{people.sanne.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=people.sanne.pk).exists()
    assert theme_selectors.round_totals(people.round_) == round_totals
    assert Theme.objects.get(pk=people.theme.pk).submitted_by.is_placeholder
    placeholder = User.objects.get(is_placeholder=True)
    assert client.get(f"/admin/conference/user/{placeholder.pk}/delete/").status_code == 403
