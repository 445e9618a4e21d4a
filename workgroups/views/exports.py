"""The coordinators' CSV of progress reports: per edition, or all of them."""

from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conference.csv_export import csv_response
from conference.decorators import permission_required
from conference.mail import absolute_url
from conference.models import Edition
from workgroups import selectors


def _day(value) -> str:
    return value.isoformat() if value else ""


def _quick_wins(report) -> str:
    lines = []
    for win in report.quick_wins.all():
        lines.append(f"{win.text} ({_('done on')} {_day(win.done_on)})" if win.done_on else win.text)
    return "\n".join(lines)


def _next_steps(report) -> str:
    lines = []
    for step in report.next_steps.all():
        parts = [step.text]
        if step.owner:
            parts.append(_("who: %(owner)s") % {"owner": step.owner})
        if step.due_date:
            parts.append(_("by: %(date)s") % {"date": _day(step.due_date)})
        if step.funding:
            parts.append(_("paid from: %(funding)s") % {"funding": step.funding})
        lines.append(" | ".join(parts))
    return "\n".join(lines)


HEADER = [
    gettext_lazy("Workgroup"),
    gettext_lazy("Edition"),
    gettext_lazy("Edition date"),
    gettext_lazy("Period from"),
    gettext_lazy("Period until"),
    gettext_lazy("Status"),
    gettext_lazy("Overall status"),
    gettext_lazy("Summary"),
    gettext_lazy("What was achieved"),
    gettext_lazy("Quick wins"),
    gettext_lazy("Next steps"),
    gettext_lazy("Decision"),
    gettext_lazy("Decided on"),
    gettext_lazy("Where it was decided"),
    gettext_lazy("Note with the decision"),
    gettext_lazy("Merge with"),
    gettext_lazy("Web address"),
]


def _row(report) -> list:
    edition = report.conference
    return [
        report.workgroup.name,
        edition.title if edition else _("Between editions"),
        date_format(edition.starts_at, "Y-m-d") if edition else "",
        _day(report.period_start),
        _day(report.period_end),
        report.get_status_display(),
        report.get_overall_status_display(),
        report.summary,
        report.achievements,
        _quick_wins(report),
        _next_steps(report),
        report.get_decision_display() if report.decision else "",
        _day(report.decided_on),
        report.decision_context,
        report.decision_note,
        report.merge_with.name if report.merge_with else "",
        absolute_url(report.get_absolute_url()),
    ]


@permission_required("workgroups.export_reports")
def reports_csv(request):
    """All submitted and published reports, or those of one edition (``?editie=<slug>``)."""
    slug = request.GET.get("editie", "")
    edition = None
    if slug:
        edition = Edition.objects.filter(slug=slug).first()
        if edition is None:
            raise Http404
    name = f"voortgangsrapportages-{edition.slug}" if edition else "voortgangsrapportages"
    rows = (_row(report) for report in selectors.all_reports_for_export(edition).iterator(chunk_size=200))
    return csv_response(name, HEADER, rows)
