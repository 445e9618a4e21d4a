"""Who may do what with a theme and a voting round, in each state: the whole matrix.

Roles: a visitor, a resident, the resident who proposed the theme, a partner and a coordinator.
"See" is what the theme page shows (``selectors.theme_for_page``); the rest are ``rules``
permissions, the same ones the templates ask with ``{% has_perm %}`` and the services enforce.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import CoordinatorFactory, PartnerFactory, UserFactory
from tests.themes.factories import ThemeFactory, VoteFactory, VotingRoundFactory
from themes import selectors, services
from themes.models import Theme

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "proposer", "partner", "coordinator"]
EVERYONE = set(ROLES)
STAFF_AND_PROPOSER = {"proposer", "coordinator"}

# For each state of a theme: the roles that may see its page and that may withdraw it.
THEME_MATRIX = {
    "submitted": {"see": STAFF_AND_PROPOSER, "withdraw_theme": {"proposer"}},
    "published": {"see": EVERYONE, "withdraw_theme": {"proposer"}},
    "published_with_votes": {"see": EVERYONE, "withdraw_theme": set()},
    "chosen": {"see": EVERYONE, "withdraw_theme": set()},
    "not_chosen": {"see": EVERYONE, "withdraw_theme": set()},
    "merged": {"see": EVERYONE, "withdraw_theme": set()},
    "withdrawn": {"see": STAFF_AND_PROPOSER, "withdraw_theme": set()},
    "rejected": {"see": STAFF_AND_PROPOSER, "withdraw_theme": set()},
    "unpublished_edition": {"see": STAFF_AND_PROPOSER, "withdraw_theme": {"proposer"}},
}


def _users():
    return {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "proposer": UserFactory(),
        "partner": PartnerFactory(),
        "coordinator": CoordinatorFactory(),
    }


def _theme_in(state, proposer):
    if state == "published_with_votes":
        theme = ThemeFactory(submitted_by=proposer, status=Theme.Status.PUBLISHED)
        VoteFactory(theme=theme, ballot__round__conference=theme.conference)
        return theme
    if state == "merged":
        target = ThemeFactory()
        return ThemeFactory(submitted_by=proposer, status=Theme.Status.MERGED, merged_into=target)
    if state == "unpublished_edition":
        return ThemeFactory(submitted_by=proposer, conference__is_published=False)
    return ThemeFactory(submitted_by=proposer, status=state)


@pytest.mark.parametrize("state", list(THEME_MATRIX))
def test_theme_permission_matrix(state):
    users = _users()
    theme = _theme_in(state, users["proposer"])

    granted = {
        "see": {role for role in ROLES if selectors.theme_for_page(pk=theme.pk, user=users[role]) is not None},
        "withdraw_theme": {role for role in ROLES if users[role].has_perm("themes.withdraw_theme", theme)},
    }

    assert granted == THEME_MATRIX[state]


@pytest.mark.parametrize("state", list(THEME_MATRIX))
def test_the_withdraw_service_agrees_with_the_permission(state):
    """The button (``themes.withdraw_theme``) and ``services.withdraw_theme`` ask the same question."""
    users = _users()
    theme = _theme_in(state, users["proposer"])
    allowed = users["proposer"].has_perm("themes.withdraw_theme", theme)

    if allowed:
        services.withdraw_theme(theme=theme, proposer=users["proposer"])
        theme.refresh_from_db()
        assert theme.status == Theme.Status.WITHDRAWN
    else:
        before = Theme.objects.get(pk=theme.pk).status
        with pytest.raises(ValidationError, match="can no longer be withdrawn"):
            services.withdraw_theme(theme=theme, proposer=users["proposer"])
        assert Theme.objects.get(pk=theme.pk).status == before


ROUND_PERMS = ["vote", "view_results", "export_results", "manage_rounds"]
# For each state of a voting round: the roles that hold each permission.
ROUND_MATRIX = {
    "not_open_yet": {"vote": set(), "view_results": set(), "export_results": set(), "manage_rounds": {"coordinator"}},
    "open": {
        "vote": {"resident", "proposer", "partner", "coordinator"},
        "view_results": set(),
        "export_results": set(),
        "manage_rounds": {"coordinator"},
    },
    "closed": {
        "vote": set(),
        "view_results": {"coordinator"},
        "export_results": set(),
        "manage_rounds": {"coordinator"},
    },
    "results_published": {
        "vote": set(),
        "view_results": EVERYONE,
        "export_results": EVERYONE,
        "manage_rounds": {"coordinator"},
    },
}


def _round_in(state):
    now = timezone.now()
    if state == "not_open_yet":
        return VotingRoundFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=8))
    if state == "open":
        return VotingRoundFactory()
    closed = VotingRoundFactory(opens_at=now - timedelta(days=8), closes_at=now - timedelta(days=1))
    if state == "results_published":
        closed.results_published = True
        closed.save(update_fields=["results_published"])
    return closed


@pytest.mark.parametrize("state", list(ROUND_MATRIX))
def test_voting_round_permission_matrix(state):
    users = _users()
    round_ = _round_in(state)

    granted = {perm: {role for role in ROLES if users[role].has_perm(f"themes.{perm}", round_)} for perm in ROUND_PERMS}

    assert granted == ROUND_MATRIX[state]


@pytest.mark.parametrize(
    ("perm", "holders"),
    [
        ("propose", {"resident", "proposer", "partner", "coordinator"}),
        ("moderate", {"coordinator"}),
        ("theme_from_outcome", {"coordinator"}),
        ("record_session_choice", {"coordinator"}),
        ("view_recurring", {"coordinator"}),  # the recurring-themes page is not published yet
    ],
)
def test_theme_permissions_without_an_object(perm, holders):
    users = _users()

    assert {role for role in ROLES if users[role].has_perm(f"themes.{perm}")} == holders
