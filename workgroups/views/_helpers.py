from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from workgroups.models import Commitment, ProgressReport, Workgroup, WorkgroupMembership


def get_workgroup(request, slug, **kwargs):
    return get_object_or_404(Workgroup, slug=slug)


def get_membership(request, slug, pk, **kwargs):
    membership = get_object_or_404(WorkgroupMembership.objects.select_related("workgroup", "user"), pk=pk)
    if membership.workgroup.slug != slug:
        raise Http404
    request.membership = membership
    return membership.workgroup


def get_report(request, slug, pk, **kwargs):
    """The report, or 404 for people who may not even read it (drafts of other groups)."""
    report = get_object_or_404(
        ProgressReport.objects.select_related("workgroup", "conference", "author"), pk=pk, workgroup__slug=slug
    )
    if not request.user.has_perm("workgroups.view_report", report):
        raise Http404
    return report


def get_commitment(request, pk, **kwargs):
    return get_object_or_404(Commitment.objects.select_related("workgroup", "organisation"), pk=pk)


def error_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))
