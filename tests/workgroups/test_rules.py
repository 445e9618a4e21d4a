"""Who may do what with a report, in each state: the whole matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import CoordinatorFactory, PartnerFactory, UserFactory
from tests.workgroups.factories import ProgressReportFactory, WorkgroupMembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "other_partner", "member", "lead", "coordinator"]
PERMS = ["view_report", "edit_report", "submit_report", "review_report", "decide"]

# For each state: the roles that hold each permission.
MATRIX = {
    "draft": {
        "view_report": {"member", "lead", "coordinator"},
        "edit_report": {"member", "lead"},
        "submit_report": {"member", "lead"},
        "review_report": set(),
        "decide": set(),
    },
    "submitted": {
        "view_report": {"member", "lead", "coordinator"},
        "edit_report": {"coordinator"},
        "submit_report": set(),
        "review_report": {"coordinator"},
        "decide": {"coordinator"},
    },
    "published": {
        "view_report": set(ROLES),
        "edit_report": {"coordinator"},
        "submit_report": set(),
        "review_report": set(),
        "decide": {"coordinator"},
    },
}


@pytest.mark.parametrize("status", list(MATRIX))
def test_report_permission_matrix(status, edition):
    report = ProgressReportFactory(conference=edition, status=status)
    member, lead = PartnerFactory(), PartnerFactory()
    WorkgroupMembershipFactory(workgroup=report.workgroup, user=member)
    WorkgroupMembershipFactory(workgroup=report.workgroup, user=lead, role="lead")
    users = {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "other_partner": PartnerFactory(),
        "member": member,
        "lead": lead,
        "coordinator": CoordinatorFactory(),
    }

    granted = {perm: {role for role in ROLES if users[role].has_perm(f"workgroups.{perm}", report)} for perm in PERMS}

    assert granted == MATRIX[status]


def test_workgroup_permissions_by_role(workgroup, lead, member, coordinator, resident):
    other = PartnerFactory()
    users = {"lead": lead, "member": member, "coordinator": coordinator, "resident": resident, "other_partner": other}

    def holders(perm):
        return {name for name, user in users.items() if user.has_perm(f"workgroups.{perm}", workgroup)}

    assert holders("write_report") == {"lead", "member"}
    assert holders("manage_members") == {"lead", "coordinator"}
    assert holders("edit_goals") == {"lead", "member", "coordinator"}
    assert holders("join") == {"other_partner"}
    assert holders("edit") == {"lead", "coordinator"}
