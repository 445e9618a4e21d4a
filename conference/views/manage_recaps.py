"""Coordinator pages for an edition's recap (terugblik) and evaluation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import selectors, services
from conference.csv_export import csv_response
from conference.decorators import coordinator_required
from conference.forms import (
    EvaluationSetupForm,
    RecapForm,
    RecapSectionFormSet,
)
from conference.models import Evaluation, Recap
from conference.views.manage_editions import managed_edition
from conference.views.publishing import confirm_take_back, publish_target, take_back_confirmed
from conference.views.recaps import recap_context


@coordinator_required
def recap_edit(request, slug):
    edition = managed_edition(slug)
    recap = Recap.objects.filter(conference=edition).first() or Recap(
        conference=edition, title=_("Recap: %(title)s") % {"title": edition.title}
    )
    form = RecapForm(request.POST or None, instance=recap)
    formset = RecapSectionFormSet(request.POST or None, instance=recap, prefix="sections")
    preview = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if "preview" in request.POST:
            # Shown, not stored: the form's instances carry what was typed (see ``save_recap``).
            preview_recap = form.instance
            sections = [
                f.instance
                for f in formset.forms
                if f.has_changed() and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("heading")
            ]
            preview = {**recap_context(request, preview_recap), "sections": sorted(sections, key=lambda s: s.order)}
        else:
            try:
                services.save_recap(
                    conference=edition, user=request.user, sections=formset.section_rows(), **form.recap_fields()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The recap has been saved."))
                return redirect("conference:manage_recap", slug=edition.slug)
    context = {"edition": edition, "recap": recap, "form": form, "formset": formset, "preview": preview}
    return render(request, "conference/manage/recap_form.html", context)


@coordinator_required
@require_POST
def recap_publish(request, slug):
    recap = get_object_or_404(Recap.objects.select_related("conference"), conference__slug=slug)
    publish = publish_target(request)
    if not publish and recap.is_published and not take_back_confirmed(request):
        return confirm_take_back(
            request,
            title=_("Make the recap “%(title)s” a draft again?") % {"title": recap.title},
            disappears=[
                _("the recap page and its printable version"),
                _("the recap on the home page and in the list of recaps"),
                _("the recap in the news feed and in the search results"),
            ],
            cancel_url=reverse("conference:manage_recap", args=[slug]),
            context={"edition": recap.conference},
        )
    try:
        services.set_recap_published(recap=recap, published=publish, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The recap is published.") if publish else _("The recap is a draft again."))
    return redirect("conference:manage_recap", slug=slug)


@coordinator_required
def evaluation_manage(request, slug):
    edition = managed_edition(slug)
    evaluation = Evaluation.objects.filter(conference=edition).first()
    initial = {}
    if evaluation:
        initial = {
            "introduction": evaluation.introduction,
            "questions": "\n".join(q.text for q in evaluation.questions.all()),
            "is_open": evaluation.is_open,
        }
    form = EvaluationSetupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_evaluation(
            conference=edition,
            introduction=form.cleaned_data["introduction"],
            questions=form.cleaned_data["questions"].splitlines(),
            is_open=form.cleaned_data["is_open"],
        )
        messages.success(request, _("The evaluation has been saved."))
        return redirect("conference:manage_evaluation", slug=edition.slug)
    context = {"edition": edition, "evaluation": evaluation, "form": form}
    if evaluation:
        context["summary"] = selectors.evaluation_summary(evaluation)
        context["answers"] = selectors.evaluation_answers(evaluation)
    return render(request, "conference/manage/evaluation.html", context)


@coordinator_required
def evaluation_csv(request, slug):
    evaluation = get_object_or_404(Evaluation, conference__slug=slug)
    questions = list(evaluation.questions.all())
    responses = evaluation.responses.prefetch_related("answers").order_by("?")  # no order that reveals who
    return csv_response(
        f"evaluatie-{slug}", [_("Rating"), *[q.text for q in questions]], _answer_rows(responses, questions)
    )


def _answer_rows(responses, questions):
    for item in responses:
        texts = {a.question_id: a.text for a in item.answers.all()}
        yield [item.rating, *[texts.get(q.pk, "") for q in questions]]
