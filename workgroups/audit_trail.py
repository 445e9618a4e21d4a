"""What the workgroups app adds to the audit trail: workgroups, progress reports and decisions, commitments.

Registered from ``WorkgroupsConfig.ready()``. A report's submission, sending back and publication
are changes of its status; a decision is recorded on the report itself.
"""

from django.utils.translation import gettext_lazy as _

from conference import audit
from workgroups.models import Commitment, ProgressReport, Workgroup

audit.register(Workgroup, kind="workgroup", label=_("Workgroup"), edition=lambda group: group.started_in_id, order=60)
audit.register(
    ProgressReport,
    kind="progress_report",
    label=_("Progress report"),
    labels={"decided_by": _("decision recorded by")},
    edition=lambda report: report.conference_id,
    related=["workgroup", "conference"],
    order=61,
)
audit.register(
    Commitment,
    kind="commitment",
    label=_("Commitment"),
    exclude=["reviewed_at"],  # the entry's time
    labels={"recorded_by": _("recorded by"), "reviewed_by": _("reviewed by")},
    edition=lambda commitment: commitment.conference_id,
    url=lambda c: c.workgroup.get_absolute_url() if c.workgroup_id else c.organisation.get_absolute_url(),
    related=["organisation", "workgroup"],
    order=65,
)
