"""Workgroups with their goals, published progress reports and decisions, and commitments:
read through workgroups.selectors."""

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Router

from opendata.api.common import ERRORS, VISITOR, ChangedPaging, Id, Paging, Slug, page_of, paginate, set_last_modified
from opendata.api.schemas import CommitmentOut, ReportOut, WorkgroupDetailOut, WorkgroupOut
from workgroups import selectors
from workgroups.models import Commitment, Workgroup

router = Router()

WorkgroupPage = page_of(WorkgroupOut, "WorkgroupPage")
ReportPage = page_of(ReportOut, "ReportPage")
CommitmentPage = page_of(CommitmentOut, "CommitmentPage")


class WorkgroupFilters(ChangedPaging):
    edition: Slug | None = Field(None, description=_("Only workgroups that started at this edition (its short name)."))
    status: Literal[tuple(Workgroup.Status.values)] | None = Field(
        None, description=_("Only workgroups with this status.")
    )


@router.get(
    "/workgroups",
    response={200: WorkgroupPage, **ERRORS},
    summary=_("Workgroups"),
    description=_(
        "Workgroups by name. With updated_since: groups that started, or whose goals or published reports "
        "changed, since then."
    ),
)
def workgroup_list(request: HttpRequest, filters: Query[WorkgroupFilters]):
    workgroups = selectors.workgroup_list(
        status=filters.status or "", edition=filters.edition or "", changed_since=filters.updated_since
    ).select_related("origin_theme__conference")
    return paginate(request, workgroups, filters)


@router.get(
    "/workgroups/{slug}",
    response={200: WorkgroupDetailOut, **ERRORS},
    summary=_("One workgroup"),
    description=_("A workgroup with its goals, its published progress reports (newest first) and commitments."),
)
def workgroup_detail(request: HttpRequest, response: HttpResponse, slug: Path[Slug]):
    workgroup = selectors.workgroup_list().select_related("origin_theme__conference").filter(slug=slug).first()
    if workgroup is None:
        raise Http404
    workgroup.api_goals = list(workgroup.goals.order_by("created_at", "pk"))
    workgroup.api_reports = list(selectors.reports_visible_to(VISITOR, workgroup=slug))
    workgroup.api_commitments = list(selectors.public_commitments(workgroup=slug))
    set_last_modified(
        response,
        workgroup.created_at,
        *(goal.updated_at for goal in workgroup.api_goals),
        *(report.updated_at for report in workgroup.api_reports),
    )
    return workgroup


class ReportFilters(ChangedPaging):
    workgroup: Slug | None = Field(None, description=_("Only reports of this workgroup (its short name)."))
    edition: Slug | None = Field(None, description=_("Only reports presented at this edition (its short name)."))


@router.get(
    "/reports",
    response={200: ReportPage, **ERRORS},
    summary=_("Progress reports"),
    description=_(
        "Published progress reports with the decision on each, newest first. Drafts and reports that wait "
        "for the steering group never appear."
    ),
)
def report_list(request: HttpRequest, response: HttpResponse, filters: Query[ReportFilters]):
    reports = selectors.reports_visible_to(
        VISITOR,
        workgroup=filters.workgroup or "",
        edition=filters.edition or "",
        changed_since=filters.updated_since,
    )
    page = paginate(request, reports, filters)
    set_last_modified(response, *(report.updated_at for report in page["items"]))
    return page


@router.get(
    "/reports/{pk}",
    response={200: ReportOut, **ERRORS},
    summary=_("One progress report"),
    description=_("A published progress report with its quick wins, next steps, goal updates and decision."),
)
def report_detail(request: HttpRequest, response: HttpResponse, pk: Path[Id]):
    report = selectors.reports_visible_to(VISITOR).filter(pk=pk).first()
    if report is None:
        raise Http404
    set_last_modified(response, report.updated_at)
    return report


class CommitmentFilters(Paging):
    edition: Slug | None = Field(None, description=_("Only commitments made at this edition (its short name)."))
    workgroup: Slug | None = Field(None, description=_("Only commitments to this workgroup (its short name)."))
    organisation: Slug | None = Field(None, description=_("Only commitments of this organisation (its short name)."))
    status: Literal[tuple(Commitment.Status.values)] | None = Field(
        None, description=_("Only commitments with this status.")
    )


@router.get(
    "/commitments",
    response={200: CommitmentPage, **ERRORS},
    summary=_("Commitments"),
    description=_("What organisations pledged at published editions, newest edition first."),
)
def commitment_list(request: HttpRequest, filters: Query[CommitmentFilters]):
    commitments = selectors.public_commitments(
        edition=filters.edition or "", workgroup=filters.workgroup or "", organisation=filters.organisation or ""
    )
    if filters.status:
        commitments = commitments.filter(status=filters.status)
    return paginate(request, commitments, filters)
