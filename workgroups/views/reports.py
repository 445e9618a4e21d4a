from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference.decorators import permission_required
from conference.models import Edition
from conference.page_cache import public_page
from conference.views.publishing import publish_only
from workgroups import selectors, services
from workgroups.forms import (
    EXTRA_ROWS,
    MAX_ROWS,
    DecisionForm,
    NextStepFormSet,
    QuickWinFormSet,
    ReportForm,
    SendBackForm,
)
from workgroups.views._helpers import error_message, get_report, get_workgroup

#: The buttons that add empty rows without JavaScript (the script adds them in place).
MORE_ROWS = {"more_quick_wins": "quick_wins", "more_next_steps": "next_steps"}


def _row_initial(report) -> tuple[list, list]:
    if report is None:
        return [], []
    quick_wins = [{"text": w.text, "done_on": w.done_on} for w in report.quick_wins.all()]
    next_steps = [
        {
            "text": s.text,
            "owner_name": s.owner_name,
            "owner_organisation": s.owner_organisation_id,
            "due_date": s.due_date,
            "funding": s.funding,
        }
        for s in report.next_steps.all()
    ]
    return quick_wins, next_steps


def _typed_rows(data, prefix: str, fields) -> list[dict]:
    """The rows as typed in the POST (raw text), empty ones too: they stay where they were."""
    try:
        count = min(int(data.get(f"{prefix}-TOTAL_FORMS") or 0), MAX_ROWS)
    except ValueError:
        count = 0
    return [{name: data.get(f"{prefix}-{i}-{name}", "") for name in fields} for i in range(count)]


def _typed_formset(formset_class, data, prefix: str, *, more: bool):
    formset = formset_class(prefix=prefix, initial=_typed_rows(data, prefix, formset_class.form._meta.fields))
    formset.extra = EXTRA_ROWS if more else 0  # before its forms are built
    return formset


def _forms(request, *, workgroup, report=None, initial=None):
    """The report form and its two sets of rows: blank, filled from the report, or bound to the POST.

    "More rows" (a button for when JavaScript does not run) shows the same page again, unbound,
    with everything typed as its starting values and empty rows added to that set; nothing is
    checked or saved.
    """
    goals = list(workgroup.goals.all())
    kwargs = {"instance": report, "goals": goals, "workgroup": workgroup}
    more = MORE_ROWS.get(request.POST.get("action", "")) if request.method == "POST" else None
    if more:
        typed = request.POST
        form = ReportForm(None, initial=typed.dict(), **kwargs)
        wins = _typed_formset(QuickWinFormSet, typed, "quick_wins", more=more == "quick_wins")
        steps = _typed_formset(NextStepFormSet, typed, "next_steps", more=more == "next_steps")
        return form, wins, steps, more
    if request.method == "POST":
        form = ReportForm(request.POST, **kwargs)
        wins = QuickWinFormSet(request.POST, prefix="quick_wins")
        return form, wins, NextStepFormSet(request.POST, prefix="next_steps"), None
    quick_wins, next_steps = _row_initial(report)
    form = ReportForm(initial=initial or {}, **kwargs)
    wins = QuickWinFormSet(prefix="quick_wins", initial=quick_wins)
    return form, wins, NextStepFormSet(prefix="next_steps", initial=next_steps), None


def _save(request, form, wins, steps, *, workgroup, report=None):
    """Save the draft (and submit it when asked) in one transaction: on any error nothing is stored."""
    submit = request.POST.get("action") == "submit"
    save = services.save_and_submit_report if submit else services.save_report
    try:
        report = save(
            workgroup=workgroup,
            conference=form.cleaned_data["conference"],
            author=request.user,
            report=report,
            goal_updates=form.goal_updates(),
            quick_wins=wins.rows(),
            next_steps=steps.rows(),
            **form.report_fields(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if submit:
        messages.success(request, _("Your report has been submitted to the steering group."))
    else:
        messages.success(request, _("Your draft has been saved. It is not submitted yet."))
    return report


def _form_page(request, *, workgroup, report=None, initial=None):
    form, wins, steps, more = _forms(request, workgroup=workgroup, report=report, initial=initial)
    if more:
        messages.info(request, _("Empty rows have been added. Nothing has been saved yet."))
    elif request.method == "POST" and all([form.is_valid(), wins.is_valid(), steps.is_valid()]):
        saved = _save(request, form, wins, steps, workgroup=workgroup, report=report)
        if saved:
            return redirect(saved)
    context = {
        "form": form,
        "quick_wins": wins,
        "next_steps": steps,
        "workgroup": workgroup,
        "report": report,
    }
    return render(request, "workgroups/report_form.html", context)


@permission_required("workgroups.write_report", get_object=get_workgroup)
def report_create(request, slug):
    edition = Edition.objects.published().filter(slug=request.GET.get("editie", "")).first()
    if edition is None and "editie" not in request.GET:
        edition = Edition.objects.published().filter(ends_at__gte=timezone.now()).order_by("starts_at").first()
    return _form_page(request, workgroup=request.permission_object, initial={"conference": edition})


@permission_required("workgroups.edit_report", get_object=get_report)
def report_edit(request, slug, pk):
    report = request.permission_object
    return _form_page(request, workgroup=report.workgroup, report=report)


@public_page
def report_detail(request, slug, pk):
    report = get_report(request, slug=slug, pk=pk)
    report = selectors.report_detail(workgroup=report.workgroup, pk=report.pk)
    context = {"report": report, "workgroup": report.workgroup}
    if request.user.has_perm("workgroups.review_report", report):
        context["send_back_form"] = SendBackForm()
    if request.user.has_perm("workgroups.decide", report):
        context["decision_form"] = DecisionForm(workgroup=report.workgroup, initial=DecisionForm.initial_for(report))
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
    publish_only(request)  # a published report is not taken back; a POST without publish=1 changes nothing
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
    form = DecisionForm(request.POST or None, workgroup=report.workgroup, initial=DecisionForm.initial_for(report))
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
