from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference.decorators import permission_required
from conference.models import Conference
from workgroups import selectors, services
from workgroups.forms import DecisionForm, ReportForm, SendBackForm
from workgroups.views._helpers import error_message, get_report, get_workgroup


def _save(request, form, *, workgroup, report=None):
    """Save the draft (and submit it when asked) in one transaction: on any error nothing is stored."""
    submit = request.POST.get("action") == "submit"
    try:
        with transaction.atomic():
            report = services.save_report(
                workgroup=workgroup,
                conference=form.cleaned_data["conference"],
                author=request.user,
                report=report,
                goal_updates=form.goal_updates(),
                **form.report_fields(),
            )
            if submit:
                services.submit_report(report=report)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if submit:
        messages.success(request, _("Your report has been submitted to the steering group."))
    else:
        messages.success(request, _("Your draft has been saved. It is not submitted yet."))
    return report


@permission_required("workgroups.write_report", get_object=get_workgroup)
def report_create(request, slug):
    workgroup = request.permission_object
    goals = list(workgroup.goals.all())
    initial = {}
    edition = Conference.objects.filter(slug=request.GET.get("editie", "")).first()
    if edition:
        initial["conference"] = edition
    form = ReportForm(request.POST or None, goals=goals, initial=initial)
    if request.method == "POST" and form.is_valid():
        report = _save(request, form, workgroup=workgroup)
        if report:
            return redirect(report)
    return render(request, "workgroups/report_form.html", {"form": form, "workgroup": workgroup, "report": None})


@permission_required("workgroups.edit_report", get_object=get_report)
def report_edit(request, slug, pk):
    report = request.permission_object
    workgroup = report.workgroup
    form = ReportForm(request.POST or None, instance=report, goals=list(workgroup.goals.all()))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, workgroup=workgroup, report=report)
        if saved:
            return redirect(saved)
    return render(request, "workgroups/report_form.html", {"form": form, "workgroup": workgroup, "report": report})


def report_detail(request, slug, pk):
    report = get_report(request, slug=slug, pk=pk)
    report = selectors.report_detail(workgroup=report.workgroup, pk=report.pk)
    context = {"report": report, "workgroup": report.workgroup}
    if request.user.has_perm("workgroups.review_report", report):
        context["send_back_form"] = SendBackForm()
    if request.user.has_perm("workgroups.decide", report):
        context["decision_form"] = DecisionForm(
            workgroup=report.workgroup,
            initial={
                "decision": report.decision or None,
                "note": report.decision_note,
                "merge_with": report.merge_with,
            },
        )
    return render(request, "workgroups/report_detail.html", context)


@require_POST
@permission_required("workgroups.submit_report", get_object=get_report)
def report_submit(request, slug, pk):
    try:
        services.submit_report(report=request.permission_object)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("Your report has been submitted to the steering group."))
    return redirect(request.permission_object)


@require_POST
@permission_required("workgroups.review_report", get_object=get_report)
def report_send_back(request, slug, pk):
    form = SendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell the workgroup what to change."))
        return redirect(request.permission_object)
    try:
        services.send_back_report(report=request.permission_object, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("The report has been sent back to the workgroup."))
    return redirect(request.permission_object)


@require_POST
@permission_required("workgroups.review_report", get_object=get_report)
def report_publish(request, slug, pk):
    try:
        services.publish_report(report=request.permission_object)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("The report has been published. The members will get an e-mail."))
    return redirect(request.permission_object)


@permission_required("workgroups.decide", get_object=get_report)
def report_decide(request, slug, pk):
    report = request.permission_object
    form = DecisionForm(request.POST or None, workgroup=report.workgroup)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(report=report, decided_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision has been recorded. The members will get an e-mail."))
            return redirect(report)
    return render(request, "workgroups/decision_form.html", {"form": form, "report": report})


@permission_required("workgroups.view_history", get_object=get_report)
def report_history(request, slug, pk):
    report = request.permission_object
    context = {
        "report": report,
        "records": selectors.report_history(report),
        "goal_records": list(selectors.goal_update_history(report)),
    }
    return render(request, "workgroups/report_history.html", context)
