"""Who may do what with an edition, its table talks and its recap, in each state: the whole matrix.

Roles: a visitor, a resident, a resident with a place, one on the waiting list, a partner, the
host of a table and a coordinator. "See" is what the pages show (``visible_to``); the rest are
``rules`` permissions, the same ones the templates ask with ``{% has_perm %}``.
"""

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.contrib.auth.models import AnonymousUser

from conference.models import Edition, Recap, Registration, User
from conference.rules import coordinators_q, is_coordinator
from conference.second_factor import enrol_with_secret
from tests.conference.factories import RecapFactory, TableTalkFactory
from tests.factories import CoordinatorFactory, EditionFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "registered", "waitlisted", "partner", "host", "coordinator"]
EVERYONE = set(ROLES)

EDITION_STATES = {
    "published_on_site": {"is_published": True, "mode": Edition.Mode.ON_SITE, "online_url": ""},
    "published_hybrid": {"is_published": True, "mode": Edition.Mode.HYBRID, "online_url": "https://meet.example.org/a"},
    "unpublished_online": {
        "is_published": False,
        "mode": Edition.Mode.ONLINE,
        "online_url": "https://meet.example.org/b",
    },
}
# For each state of an edition: the roles that see it, may see its online link, and may record
# the outcomes of a table of it.
EDITION_MATRIX = {
    "published_on_site": {"see": EVERYONE, "view_online_link": set(), "record_outcomes": {"host", "coordinator"}},
    "published_hybrid": {
        "see": EVERYONE,
        "view_online_link": {"registered", "coordinator"},
        "record_outcomes": {"host", "coordinator"},
    },
    "unpublished_online": {
        "see": {"coordinator"},
        "view_online_link": {"registered", "coordinator"},
        "record_outcomes": {"host", "coordinator"},
    },
}


def _users(edition):
    users = {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "registered": UserFactory(),
        "waitlisted": UserFactory(),
        "partner": PartnerFactory(),
        "host": PartnerFactory(),
        "coordinator": CoordinatorFactory(),
    }
    Registration.objects.create(conference=edition, user=users["registered"])
    Registration.objects.create(conference=edition, user=users["waitlisted"], status=Registration.Status.WAITLISTED)
    return users


@pytest.mark.parametrize("state", list(EDITION_MATRIX))
def test_edition_permission_matrix(state):
    edition = EditionFactory(**EDITION_STATES[state])
    users = _users(edition)
    table = TableTalkFactory(conference=edition, host=users["host"])

    granted = {
        "see": {role for role in ROLES if Edition.objects.visible_to(users[role]).filter(pk=edition.pk).exists()},
        "view_online_link": {role for role in ROLES if users[role].has_perm("conference.view_online_link", edition)},
        "record_outcomes": {role for role in ROLES if users[role].has_perm("conference.record_outcomes", table)},
    }

    assert granted == EDITION_MATRIX[state]


@pytest.mark.parametrize(
    ("status", "edition_published", "seen_by"),
    [
        (Recap.Status.PUBLISHED, True, EVERYONE),
        (Recap.Status.DRAFT, True, {"coordinator"}),
        (Recap.Status.PUBLISHED, False, {"coordinator"}),
    ],
)
def test_recap_visibility_matrix(status, edition_published, seen_by):
    recap = RecapFactory(status=status, conference__is_published=edition_published)
    users = _users(recap.conference)

    seen = {role for role in ROLES if Recap.objects.visible_to(users[role]).filter(pk=recap.pk).exists()}

    assert seen == seen_by


@pytest.mark.parametrize(
    ("perm", "holders"),
    [
        ("manage", {"coordinator"}),
        ("register", EVERYONE - {"anonymous"}),
        ("participate", EVERYONE - {"anonymous"}),
    ],
)
def test_conference_permissions_without_an_object(perm, holders):
    users = _users(EditionFactory())

    assert {role for role in ROLES if users[role].has_perm(f"conference.{perm}")} == holders


def test_a_coordinator_changes_the_role_of_others_only(coordinator):
    other = UserFactory()

    assert coordinator.has_perm("conference.set_coordinator_role", other)
    assert not coordinator.has_perm("conference.set_coordinator_role", coordinator)
    assert not other.has_perm("conference.set_coordinator_role", coordinator)


@pytest.mark.parametrize(
    ("flags", "enrolled", "coordinator"),
    [
        ({}, False, False),
        ({}, True, False),  # two-step login alone is no role
        ({"is_coordinator": True}, True, True),
        ({"is_coordinator": True}, False, False),  # the role takes effect with a second factor only
        ({"is_superuser": True}, True, True),
        ({"is_superuser": True}, False, False),
        ({"is_staff": True}, True, False),  # admin access alone is no role in the portal
        ({"is_coordinator": True, "is_active": False}, True, False),
        ({"is_superuser": True, "is_active": False}, True, False),
    ],
)
def test_the_coordinator_query_is_the_coordinator_rule(flags, enrolled, coordinator):
    """``coordinators_q`` (querysets) and ``is_coordinator`` (everything else) agree on every account."""
    user = UserFactory(**flags)
    if enrolled:
        enrol_with_secret(user=user, secret=generate_totp_secret())
    user = User.objects.get(pk=user.pk)  # nothing kept from the enrolment on the object

    assert is_coordinator(user) is coordinator
    assert User.objects.filter(coordinators_q(), pk=user.pk).exists() is coordinator
