"""State changes with rules for workgroups: each one function, in a transaction, raising ValidationError.

One module per area: groups and their members, goals and progress reports with their decisions,
report reminders, and commitments.
"""

from workgroups.services.commitments import record_commitment, review_commitment
from workgroups.services.groups import (
    RESERVED_SLUGS,
    WORKGROUP_FIELDS,
    Active,
    MemberSpec,
    accept_membership,
    add_member,
    create_workgroup,
    create_workgroup_from_theme,
    decline_membership,
    hand_over_lead,
    leave_workgroup,
    release_deleted_account,
    remove_member,
    request_membership,
    unique_slug,
    update_workgroup,
)
from workgroups.services.reminders import queue_report_reminders, reminder_weeks
from workgroups.services.reports import (
    REPORT_FIELDS,
    goal_state,
    publish_report,
    record_decision,
    save_and_submit_report,
    save_goal,
    save_report,
    send_back_report,
    submit_report,
)

__all__ = [
    "REPORT_FIELDS",
    "RESERVED_SLUGS",
    "WORKGROUP_FIELDS",
    "Active",
    "MemberSpec",
    "accept_membership",
    "add_member",
    "create_workgroup",
    "create_workgroup_from_theme",
    "decline_membership",
    "goal_state",
    "hand_over_lead",
    "leave_workgroup",
    "publish_report",
    "queue_report_reminders",
    "record_commitment",
    "record_decision",
    "release_deleted_account",
    "reminder_weeks",
    "remove_member",
    "request_membership",
    "review_commitment",
    "save_and_submit_report",
    "save_goal",
    "save_report",
    "send_back_report",
    "submit_report",
    "unique_slug",
    "update_workgroup",
]
