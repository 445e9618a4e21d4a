"""Workgroups, their published progress reports and the decisions on them, in the site-wide search."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from conference import search
from conference.models import Edition
from themes.models import Theme
from workgroups.models import GoalUpdate, NextStep, ProgressReport, QuickWin, Workgroup

search.register_kind("workgroup", label=_("Workgroup"), plural=_("Workgroups"), order=50)
search.register_kind("report", label=_("Progress report"), plural=_("Progress reports"), order=60)
search.register_kind("decision", label=_("Decision"), plural=_("Decisions"), order=70)


@search.indexes(Workgroup, kinds=["workgroup"], queryset=lambda qs: qs.select_related("origin_theme", "started_in"))
def workgroup_documents(workgroup: Workgroup):
    yield search.Document(
        kind="workgroup",
        title=workgroup.name,
        url_name="workgroups:detail",
        url_kwargs={"slug": workgroup.slug},
        secondary=workgroup.origin_theme.title if workgroup.origin_theme_id else "",
        body=search.plain_text(workgroup.focus),
        edition_id=workgroup.started_in_id,
        happened_on=workgroup.started_on or (workgroup.started_in.starts_at if workgroup.started_in_id else None),
        is_public=True,
    )


def _report_queryset(reports):
    return reports.select_related("workgroup", "conference", "merge_with").prefetch_related(
        "quick_wins", "next_steps", "goal_updates"
    )


@search.indexes(ProgressReport, kinds=["report", "decision"], queryset=_report_queryset)
def report_documents(report: ProgressReport):
    """The report itself, and the decision on it once there is one."""
    published = report.status == ProgressReport.Status.PUBLISHED
    presented_on = report.conference.starts_at if report.conference_id else report.period_end
    common = {
        "title": str(report),
        "url_name": "workgroups:report_detail",
        "url_kwargs": {"slug": report.workgroup.slug, "pk": report.pk},
        "edition_id": report.conference_id,
    }
    yield search.Document(
        kind="report",
        secondary=[
            *(win.text for win in report.quick_wins.all()),
            *(step.text for step in report.next_steps.all()),
            report.achievements,
        ],
        body=[
            search.plain_text(report.summary),
            report.not_achieved,
            *(update.note for update in report.goal_updates.all()),
        ],
        happened_on=presented_on or report.published_at or report.created_at,
        is_public=published,
        **common,
    )
    if report.decision and report.status != ProgressReport.Status.DRAFT:
        with translation.override(settings.LANGUAGE_CODE):  # indexed in the portal's language
            label = str(report.get_decision_display())
        yield search.Document(
            kind="decision",
            secondary=[label, report.merge_with.name if report.merge_with_id else "", report.decision_context],
            body=report.decision_note,
            url_fragment="decision-title",
            happened_on=report.decided_on or presented_on or report.decided_at,
            is_public=published,
            **common,
        )


def _report_of(row):
    return ProgressReport.objects.filter(pk=row.report_id)


# The title of a report says its workgroup and edition; its texts include these rows.
search.watch(QuickWin, _report_of)
search.watch(NextStep, _report_of)
search.watch(GoalUpdate, _report_of)
search.watch(Workgroup, lambda workgroup: workgroup.reports.all())
search.watch(Edition, lambda edition: edition.progress_reports.all())
search.watch(Theme, lambda theme: theme.workgroups.all())
