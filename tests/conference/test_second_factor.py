"""Two-step login for coordinators: the role takes effect only with a second factor.

A coordinator (or superuser) without an authenticator app is sent to set one up from every
coordinator page and from the admin; public pages, the set-up pages and logging out stay open. The
last second factor of a role holder cannot be removed. Granting the role mails the person and the
next coordinator page tells them what to do. Every step leaves a line in the security log.
"""

import json
import logging
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import CommandError, call_command
from django.urls import reverse

from conference import services
from conference.models import Edition, Membership, OutgoingEmail, SiteSettings, User
from conference.rules import coordinators_q, has_second_factor, is_coordinator, needs_second_factor
from conference.second_factor import current_code, current_counter, totp_secret
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ENROL = "/account/2fa/totp/activate/"
NOTICE = "U bent coördinator. Coördinatoren loggen in met twee stappen"

#: Coordinator-only pages in each app: each must send a coordinator without a second factor to enrol.
COORDINATOR_PAGES = [
    "/beheer/",
    "/beheer/gebruikers/",
    "/beheer/edities/",
    "/en/beheer/",
    "/themas/beheer/gekozen-in-sessie/",
    "/werkgroepen/nieuw/",
    "/werkgroepen/rapportages.csv",
]


def _events(caplog, name=None):
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.security"]
    return [line for line in lines if name is None or line["event"] == name]


def _log_in(client, user, *, step=0, ip="198.51.100.20"):
    """Sign in as a person does: password, then (with an app) the code the app shows."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, REMOTE_ADDR=ip)
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        code = current_code(totp_secret(user), counter=current_counter() + step)
        response = client.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR=ip)
    return response


def _confirm_password(client, user):
    """allauth asks for the password again before anyone changes their second factor."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


# --- The rule -----------------------------------------------------------------------------------


def test_the_role_counts_only_with_a_real_second_factor():
    enrolled = CoordinatorFactory()
    bare = CoordinatorFactory(second_factor=False)
    codes_only = CoordinatorFactory(second_factor=False)
    RecoveryCodes.activate(codes_only)  # recovery codes alone stand in for an app, they are none

    assert [is_coordinator(User.objects.get(pk=u.pk)) for u in (enrolled, bare, codes_only)] == [True, False, False]
    assert [needs_second_factor(User.objects.get(pk=u.pk)) for u in (enrolled, bare, codes_only)] == [
        False,
        True,
        True,
    ]


def test_the_coordinator_query_works_through_a_relation():
    enrolled, bare = CoordinatorFactory(), CoordinatorFactory(second_factor=False)
    organisation = OrganisationFactory()
    for user in (enrolled, bare):
        Membership.objects.create(user=user, organisation=organisation)

    members = Membership.objects.filter(coordinators_q("user__")).values_list("user_id", flat=True)

    assert list(members) == [enrolled.pk]


def test_a_superuser_without_second_factor_has_no_coordinator_rights():
    superuser = User.objects.create_superuser(email="beheer@example.org", password=PASSWORD)

    assert not superuser.has_perm("conference.manage")
    assert not superuser.has_perm("workgroups.create")


# --- Sent to enrol --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", COORDINATOR_PAGES)
def test_coordinator_without_second_factor_is_sent_to_enrol(client, path):
    client.force_login(CoordinatorFactory(second_factor=False))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == ("/en" if path.startswith("/en/") else "") + ENROL


def test_the_enrol_page_tells_a_new_coordinator_why(client):
    coordinator = CoordinatorFactory(second_factor=False)
    _log_in(client, coordinator)

    response = client.get("/beheer/", follow=True)

    # First the password again (allauth asks it before any change to how one logs in), with the notice.
    assert response.redirect_chain[0] == (ENROL, 302)
    assert response.redirect_chain[1][0].startswith(reverse("account_reauthenticate"))
    assert NOTICE in response.content.decode()
    _confirm_password(client, coordinator)
    body = client.get(ENROL).content.decode()
    assert "Waarom u deze pagina ziet" in body
    assert "Inloggen in twee stappen aanzetten" in body
    assert 'class="portal-qr"' in body


def test_a_coordinator_action_is_refused_without_second_factor_and_changes_nothing(client):
    client.force_login(CoordinatorFactory(second_factor=False))
    person = UserFactory()

    response = client.post(reverse("conference:manage_user_coordinator", args=[person.pk]), {"is_coordinator": "1"})

    assert response["Location"] == ENROL
    assert User.objects.get(pk=person.pk).is_coordinator is False


def test_drafts_stay_hidden_until_the_coordinator_has_enrolled(client):
    EditionFactory(slug="concept", is_published=False)
    coordinator = CoordinatorFactory(second_factor=False)
    client.force_login(coordinator)

    assert client.get("/edities/concept/").status_code == 404

    enrolled = CoordinatorFactory()
    client.force_login(enrolled)
    assert client.get("/edities/concept/").status_code == 200


@pytest.mark.parametrize(
    ("flags", "admin_after_enrolment"),
    [
        ({"is_coordinator": True}, 302),  # the admin's own login: a coordinator has no admin access
        ({"is_superuser": True, "is_staff": True}, 200),
        ({"is_staff": True}, 200),
    ],
    ids=["coordinator", "superuser", "staff"],
)
def test_the_admin_opens_only_after_enrolment(client, flags, admin_after_enrolment):
    person = UserFactory(**flags)
    client.force_login(person)

    refused = client.get("/admin/")
    RecoveryCodes.activate(person)
    still_refused = client.get("/admin/")
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    after = client.get("/admin/")

    assert (refused.status_code, refused["Location"]) == (302, ENROL)
    assert (still_refused.status_code, still_refused["Location"]) == (302, ENROL)
    assert after.status_code == admin_after_enrolment
    assert after.get("Location", "").startswith("/admin/login/") is (admin_after_enrolment == 302)


def test_public_pages_enrol_pages_and_logout_stay_open(client):
    EditionFactory(slug="open")
    client.force_login(CoordinatorFactory(second_factor=False))

    assert client.get("/").status_code == 200
    assert client.get("/edities/open/").status_code == 200
    assert client.get("/mijn/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(ENROL).status_code in (200, 302)  # 302: confirm the password first
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_header_leads_a_new_coordinator_to_the_coordinator_pages(client):
    client.force_login(CoordinatorFactory(second_factor=False))

    header = client.get("/").content.decode().split("</header>")[0]

    assert re.search(r'href="/beheer/">\s*Beheer\s*</a>', header)


# --- Enrolling ------------------------------------------------------------------------------------


def test_enrolling_opens_the_coordinator_pages_and_is_logged(client, caplog, django_capture_on_commit_callbacks):
    coordinator = CoordinatorFactory(second_factor=False)
    _log_in(client, coordinator)
    _confirm_password(client, coordinator)
    secret = client.get(ENROL).context["form"].secret

    with caplog.at_level(logging.INFO, logger="portal.security"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(ENROL, {"code": current_code(secret)}, REMOTE_ADDR="198.51.100.20")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert totp_secret(coordinator) == secret
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get("/beheer/").status_code == 200
    [event] = _events(caplog, "mfa_enrolled")
    assert (event["user_id"], event["ip"], event["type"]) == (coordinator.pk, "198.51.100.20", "totp")


def test_a_wrong_code_does_not_enrol(client):
    coordinator = CoordinatorFactory(second_factor=False)
    _log_in(client, coordinator)
    _confirm_password(client, coordinator)
    secret = client.get(ENROL).context["form"].secret
    wrong = "000000" if current_code(secret) != "000000" else "111111"

    response = client.post(ENROL, {"code": wrong})

    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not Authenticator.objects.filter(user=coordinator).exists()


# --- Logging in with two steps ----------------------------------------------------------------------


def test_login_of_a_coordinator_asks_for_the_code(client, caplog):
    coordinator = CoordinatorFactory()

    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Inloggen: tweede stap" in page

    secret = totp_secret(coordinator)
    wrong = "000000" if current_code(secret) != "000000" else "111111"
    with caplog.at_level(logging.INFO, logger="portal.security"):
        refused = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert "Deze code klopt niet" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert [e["step"] for e in _events(caplog, "login_failed")] == ["second_factor"]

    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert int(client.session["_auth_user_id"]) == coordinator.pk
    assert client.get("/beheer/").status_code == 200


def test_a_recovery_code_works_once_instead_of_the_app(client):
    coordinator = CoordinatorFactory()
    code = (
        Authenticator.objects.get(user=coordinator, type=Authenticator.Type.RECOVERY_CODES).wrap().generate_codes()[0]
    )

    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})

    assert int(client.session["_auth_user_id"]) == coordinator.pk


# --- Removing the last second factor ------------------------------------------------------------


def test_a_coordinator_cannot_switch_two_step_login_off(client, caplog):
    coordinator = CoordinatorFactory()
    _log_in(client, coordinator)
    _confirm_password(client, coordinator)

    page = client.get(reverse("mfa_deactivate_totp"))
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = client.post(reverse("mfa_deactivate_totp"))

    message = "U bent coördinator. Coördinatoren loggen altijd in met twee stappen, dus u kunt dit niet uitzetten."
    assert message in page.content.decode()
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    [event] = _events(caplog, "mfa_removal_refused")
    assert (event["user_id"], event["type"]) == (coordinator.pk, "totp")
    assert _events(caplog, "mfa_removed") == []


def test_the_overview_offers_no_switch_off_to_a_coordinator(client):
    coordinator = CoordinatorFactory()
    _log_in(client, coordinator)

    body = client.get(reverse("mfa_index")).content.decode()

    assert "Als coördinator kunt u dit niet uitzetten." in body
    assert reverse("mfa_deactivate_totp") not in body


# --- A new phone ---------------------------------------------------------------------------------

REPLACE = "/account/2fa/totp/nieuwe-telefoon/"


def _recovery_codes(user):
    return Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().generate_codes()


def test_a_coordinator_moves_the_app_to_a_new_phone_and_keeps_the_role(
    client, caplog, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory()
    old, codes = totp_secret(coordinator), _recovery_codes(coordinator)
    _log_in(client, coordinator)
    _confirm_password(client, coordinator)
    assert REPLACE in client.get(reverse("mfa_index")).content.decode()

    page = client.get(REPLACE)
    new = page.context["form"].secret
    wrong = "000000" if current_code(new) != "000000" else "111111"
    refused = client.post(REPLACE, {"code": wrong})
    assert "Deze code klopt niet" in refused.content.decode()
    assert totp_secret(coordinator) == old  # the old phone still works until the new one is proven

    with caplog.at_level(logging.INFO, logger="portal.security"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPLACE, {"code": current_code(new)}, REMOTE_ADDR="198.51.100.30")

    assert new != old and "data:image/svg+xml;base64," in page.content.decode()
    assert response["Location"] == reverse("mfa_index")
    assert "Uw nieuwe telefoon is klaar." in client.get(reverse("mfa_index")).content.decode()
    assert totp_secret(coordinator) == new
    assert _recovery_codes(coordinator) == codes
    assert client.get("/beheer/").status_code == 200  # still a coordinator
    [event] = _events(caplog, "mfa_replaced")
    assert (event["user_id"], event["ip"]) == (coordinator.pk, "198.51.100.30")


def test_after_the_move_only_the_new_phone_logs_in(client):
    coordinator = CoordinatorFactory()
    old = totp_secret(coordinator)
    _log_in(client, coordinator)
    _confirm_password(client, coordinator)
    new = client.get(REPLACE).context["form"].secret
    client.post(REPLACE, {"code": current_code(new)})
    client.logout()

    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    old_code = current_code(old, counter=current_counter() + 1)
    if old_code != current_code(new, counter=current_counter() + 1):
        client.post(reverse("mfa_authenticate"), {"code": old_code})
        assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": current_code(new, counter=current_counter() + 1)})
    assert int(client.session["_auth_user_id"]) == coordinator.pk


def test_a_new_phone_asks_for_the_password_again_first(client):
    coordinator = CoordinatorFactory()
    old = totp_secret(coordinator)
    _log_in(client, coordinator)  # logging in is not confirming the password for a change of second factor

    page = client.get(REPLACE)
    posted = client.post(REPLACE, {"code": "123456"})

    assert page.status_code == posted.status_code == 302
    assert "reauthenticate" in page["Location"] and "reauthenticate" in posted["Location"]
    assert totp_secret(coordinator) == old


def test_without_the_app_there_is_nothing_to_move(client):
    resident = UserFactory()
    anonymous = client.get(REPLACE)
    _log_in(client, resident)

    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert client.get(REPLACE)["Location"] == ENROL
    assert client.post(REPLACE, {"code": "123456"})["Location"] == ENROL
    assert not Authenticator.objects.filter(user=resident).exists()


def test_once_the_role_is_taken_away_two_step_login_can_be_switched_off(
    client, caplog, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory()
    _log_in(client, coordinator)
    _confirm_password(client, coordinator)
    services.set_coordinator(user=coordinator, is_coordinator=False, changed_by=CoordinatorFactory())

    with caplog.at_level(logging.INFO, logger="portal.security"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))

    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=coordinator).exists()  # recovery codes went with it
    [event] = _events(caplog, "mfa_removed")
    assert (event["user_id"], event["type"]) == (coordinator.pk, "totp")


# --- Granting the role ------------------------------------------------------------------------------


def test_granting_the_role_mails_the_person(coordinator_client, settings):
    settings.PORTAL_BASE_URL = "https://werkconferentie.example.nl"
    person = UserFactory(display_name="Nieuwe Coördinator")

    coordinator_client.post(reverse("conference:manage_user_coordinator", args=[person.pk]), {"is_coordinator": "1"})

    [mail] = OutgoingEmail.objects.filter(to=person.email)
    assert mail.subject == "U bent nu coördinator van Werkconferentie"
    assert "Coördinatoren loggen in met twee stappen" in mail.body_text
    assert "https://werkconferentie.example.nl/account/2fa/totp/activate/" in mail.body_text
    assert User.objects.get(pk=person.pk).is_coordinator is True


def test_the_role_change_is_logged_after_commit(coordinator, caplog, django_capture_on_commit_callbacks):
    person = UserFactory()

    with caplog.at_level(logging.INFO, logger="portal.security"), django_capture_on_commit_callbacks(execute=True):
        services.set_coordinator(user=person, is_coordinator=True, changed_by=coordinator)
        services.set_coordinator(user=person, is_coordinator=True, changed_by=coordinator)  # no change, no line
        services.set_coordinator(user=person, is_coordinator=False, changed_by=coordinator)

    changes = [(e["user_id"], e["role"], e["change"], e["by_user_id"]) for e in _events(caplog, "role_changed")]
    assert changes == [
        (person.pk, "coordinator", "granted", coordinator.pk),
        (person.pk, "coordinator", "revoked", coordinator.pk),
    ]
    assert OutgoingEmail.objects.filter(to=person.email).count() == 1  # only the grant mails


def test_a_person_who_already_has_the_app_is_told_to_keep_it(coordinator):
    person = UserFactory()
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})

    services.set_coordinator(user=person, is_coordinator=True, changed_by=coordinator)

    [mail] = OutgoingEmail.objects.filter(to=person.email)
    assert "U logt al in met twee stappen" in mail.body_text
    assert "/account/2fa/totp/activate/" not in mail.body_text


def test_the_next_coordinator_page_of_a_new_coordinator_is_the_enrol_page(client, coordinator):
    person = UserFactory()
    services.set_coordinator(user=person, is_coordinator=True, changed_by=coordinator)
    _log_in(client, person)

    response = client.get("/beheer/", follow=True)

    assert response.redirect_chain[0] == (ENROL, 302)
    assert NOTICE in response.content.decode()


def test_partner_roles_are_logged(coordinator, caplog, django_capture_on_commit_callbacks):
    person = UserFactory()
    organisation = OrganisationFactory()

    with caplog.at_level(logging.INFO, logger="portal.security"), django_capture_on_commit_callbacks(execute=True):
        membership = services.grant_partner(user=person, organisation=organisation, granted_by=coordinator)
        services.grant_partner(user=person, organisation=organisation, granted_by=coordinator)  # nothing new
        services.revoke_partner(membership=membership, revoked_by=coordinator)

    changes = [(e["role"], e["change"], e["organisation_id"], e["by_user_id"]) for e in _events(caplog, "role_changed")]
    assert changes == [
        ("partner", "granted", organisation.pk, coordinator.pk),
        ("partner", "revoked", organisation.pk, coordinator.pk),
    ]


# --- People and roles page ------------------------------------------------------------------------


def test_the_people_page_shows_who_has_not_set_up_two_step_login(coordinator_client):
    CoordinatorFactory(display_name="Zonder App", second_factor=False)
    CoordinatorFactory(display_name="Met App")

    response = coordinator_client.get(reverse("conference:manage_users"), {"role": "coordinator"})

    names = [str(user) for user in response.context["page_obj"]]
    assert "Zonder App" in names and "Met App" in names
    body = re.sub(r"\s+", " ", response.content.decode())
    assert body.count("Inloggen in twee stappen nog niet aangezet") == 1


@pytest.mark.parametrize("count", [1, 30])
def test_the_people_page_asks_no_query_per_coordinator(coordinator_client, django_assert_max_num_queries, count):
    CoordinatorFactory.create_batch(count, second_factor=False)
    CoordinatorFactory.create_batch(count)
    SiteSettings.load()

    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("conference:manage_users"))

    assert response.status_code == 200


def test_the_second_factor_check_is_kept_on_the_user_object(django_assert_num_queries):
    coordinator = User.objects.get(pk=CoordinatorFactory().pk)

    with django_assert_num_queries(1):
        assert has_second_factor(coordinator)
        assert is_coordinator(coordinator)
        assert coordinator.has_perm("conference.manage")


@pytest.mark.parametrize("backend", ["ModelBackend", "AuthenticationBackend"])
def test_a_signed_in_user_is_loaded_with_their_second_factor_and_partnership_in_one_query(
    backend, django_assert_num_queries
):
    """The login backends read both with the user; the rules then ask no query of their own."""
    from conference import auth_backends
    from conference.rules import is_partner

    partner, loner = UserFactory(), UserFactory()
    Membership.objects.create(user=partner, organisation=OrganisationFactory())
    load = getattr(auth_backends, backend)().get_user

    with django_assert_num_queries(2):
        first, second = load(partner.pk), load(loner.pk)
        assert is_partner(first) and not has_second_factor(first)
        assert not is_partner(second) and not has_second_factor(second)


def test_the_portals_own_permissions_ask_no_permission_table(django_assert_num_queries):
    """Rules decide ``conference.register`` and the like; Django's permission tables only grant the admin's."""
    from django.contrib.auth.models import Permission

    resident = User.objects.get(pk=UserFactory().pk)
    resident.user_permissions.add(Permission.objects.get(codename="view_edition"))

    with django_assert_num_queries(0):
        assert resident.has_perm("conference.register")
        assert not resident.has_perm("conference.manage")
        assert not resident.has_perm("themes.moderate")
    with django_assert_num_queries(2):  # the admin's model permissions still come from the tables
        assert resident.has_perm("conference.view_edition")


# --- Demo data ----------------------------------------------------------------------------------


def test_the_demo_coordinator_has_an_authenticator_app_shown_only_in_development(settings):
    import io

    quiet = io.StringIO()
    call_command("load_demo", stdout=quiet)
    coordinator = User.objects.get(email="coordinator@example.org")
    secret = totp_secret(coordinator)
    assert is_coordinator(coordinator)
    assert secret not in quiet.getvalue()

    settings.DEBUG = True
    shown = io.StringIO()
    call_command("load_demo", stdout=shown)
    assert f"add the key {secret} to an authenticator app" in shown.getvalue()
    assert totp_secret(coordinator) == secret  # loading again keeps the key
    code = io.StringIO()
    call_command("demo_code", stdout=code)
    assert code.getvalue().startswith("coordinator@example.org: ")
    assert code.getvalue().split()[1] in {current_code(secret, counter=current_counter() + s) for s in (-1, 0)}


def test_demo_code_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="development only"):
        call_command("demo_code")


def test_the_demo_edition_is_visible_to_the_demo_coordinator():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    coordinator = User.objects.get(email="coordinator@example.org")

    assert Edition.objects.visible_to(coordinator).count() == Edition.objects.count()
