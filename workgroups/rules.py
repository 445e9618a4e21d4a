"""Who may do what with workgroups, goals, reports and commitments."""

import rules

from conference.rules import is_coordinator, is_member_of_organisation, is_partner, is_resident
from workgroups.models import ProgressReport, Workgroup, WorkgroupMembership


def _membership(user, workgroup):
    """The user's membership of this workgroup (or None), cached on the user for the request.

    Members without an account have no user, so they never match and hold no permission.
    """
    if workgroup is None or not is_resident(user):
        return None
    cache = _memberships_cache(user)
    if workgroup.pk not in cache:
        cache[workgroup.pk] = workgroup.memberships.filter(user=user).first()
    return cache[workgroup.pk]


def _memberships_cache(user) -> dict:
    cache = getattr(user, "_workgroup_memberships", None)
    if cache is None:
        cache = user._workgroup_memberships = {}
    return cache


def remember_membership(user, workgroup, membership) -> None:
    """Prime the cache above with the user's membership read together with the others (or None)."""
    if is_resident(user):
        _memberships_cache(user)[workgroup.pk] = membership


def forget_memberships(user) -> None:
    """Drop the cached memberships, after a change within the same request (a handed-over lead)."""
    if getattr(user, "_workgroup_memberships", None) is not None:
        del user._workgroup_memberships  # through request.user's lazy wrapper too


@rules.predicate
def is_workgroup_member(user, workgroup):
    membership = _membership(user, workgroup)
    return membership is not None and membership.is_active


@rules.predicate
def is_workgroup_lead(user, workgroup):
    membership = _membership(user, workgroup)
    return membership is not None and membership.is_lead


@rules.predicate
def can_ask_to_join(user, workgroup):
    membership = _membership(user, workgroup)
    return membership is None or membership.status in (
        WorkgroupMembership.Status.DECLINED,
        WorkgroupMembership.Status.LEFT,
    )


@rules.predicate
def takes_members(user, workgroup):
    return workgroup is not None and workgroup.status in (Workgroup.Status.ACTIVE, Workgroup.Status.PAUSED)


@rules.predicate
def is_report_member(user, report):
    return report is not None and is_workgroup_member(user, report.workgroup)


@rules.predicate
def is_draft(user, report):
    return report is not None and report.status == ProgressReport.Status.DRAFT


@rules.predicate
def is_submitted(user, report):
    return report is not None and report.status == ProgressReport.Status.SUBMITTED


@rules.predicate
def is_published(user, report):
    return report is not None and report.status == ProgressReport.Status.PUBLISHED


@rules.predicate
def is_commitment_workgroup_lead(user, commitment):
    return commitment is not None and is_workgroup_lead(user, commitment.workgroup)


@rules.predicate
def is_commitment_organisation_member(user, organisation):
    return is_member_of_organisation(user, organisation)


rules.add_perm("workgroups.create_from_theme", is_coordinator)
rules.add_perm("workgroups.create", is_coordinator)
rules.add_perm("workgroups.edit", is_workgroup_lead | is_coordinator)
rules.add_perm("workgroups.join", is_partner & takes_members & can_ask_to_join)
rules.add_perm("workgroups.leave", is_workgroup_member)
rules.add_perm("workgroups.manage_members", is_workgroup_lead | is_coordinator)
rules.add_perm("workgroups.add_members", is_coordinator)
rules.add_perm("workgroups.remove_member", is_coordinator)
# Finding an account by its e-mail address tells whether that address has an account: coordinators only.
rules.add_perm("workgroups.find_accounts_by_email", is_coordinator)
rules.add_perm("workgroups.edit_goals", is_workgroup_member | is_coordinator)
rules.add_perm("workgroups.write_report", is_workgroup_member)
rules.add_perm("workgroups.view_report", is_published | is_report_member | is_coordinator)
rules.add_perm("workgroups.edit_report", (is_draft & is_report_member) | (~is_draft & is_coordinator))
rules.add_perm("workgroups.submit_report", is_draft & is_report_member)
rules.add_perm("workgroups.review_report", is_submitted & is_coordinator)
rules.add_perm("workgroups.decide", (is_submitted | is_published) & is_coordinator)
rules.add_perm("workgroups.view_history", is_coordinator)
rules.add_perm("workgroups.record_commitment", is_commitment_organisation_member)
rules.add_perm("workgroups.record_any_commitment", is_partner)
rules.add_perm("workgroups.review_commitment", is_commitment_workgroup_lead | is_coordinator)
rules.add_perm("workgroups.dashboard", is_resident)
rules.add_perm("workgroups.export_reports", is_coordinator)
