"""Coordinator pages: the moderation queue, decisions on a theme, a theme from a table-talk outcome."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference.decorators import permission_required
from conference.models import Outcome
from themes import selectors, services
from themes.forms import MergeForm, RejectForm, SessionChoiceForm
from themes.models import Theme


@permission_required("themes.moderate")
def queue(request):
    page = Paginator(selectors.moderation_queue(), 20).get_page(request.GET.get("page"))
    return render(request, "themes/moderation_queue.html", {"page_obj": page})


@permission_required("themes.moderate")
def moderate(request, pk):
    theme = get_object_or_404(Theme.objects.select_related("conference", "submitted_by", "organisation"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    reject_form = RejectForm(request.POST if action == "reject" else None)
    merge_form = MergeForm(request.POST if action == "merge" else None, theme=theme)
    session_form = None
    if theme.status in services.SESSION_CHOOSABLE and not theme.choice_method:
        session_data = request.POST if action == "session" else None
        session_form = SessionChoiceForm(session_data, edition=theme.conference, with_existing=False, prefix="session")
    try:
        if action == "publish":
            services.publish_theme(theme=theme)
            messages.success(request, _("The theme has been published. The proposer gets an e-mail."))
            return redirect("themes:queue")
        if action == "reject" and reject_form.is_valid():
            services.reject_theme(theme=theme, reason=reject_form.cleaned_data["reason"])
            messages.success(request, _("The theme has been rejected. The proposer gets an e-mail with the reason."))
            return redirect("themes:queue")
        if action == "merge" and merge_form.is_valid():
            data = merge_form.cleaned_data
            services.merge_theme(theme=theme, into=data["into"], note=data["note"])
            messages.success(request, _("The theme has been merged. The proposer gets an e-mail."))
            return redirect("themes:queue")
        if action == "session" and session_form is not None and session_form.is_valid():
            services.record_session_choice(
                coordinator=request.user,
                conference=theme.conference,
                session=session_form.cleaned_data["session"],
                chosen_on=session_form.cleaned_data["chosen_on"],
                existing_themes=[theme],
            )
            messages.success(request, _("The theme has been marked as chosen during the session."))
            return redirect(theme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    similar = selectors.similar_themes(title=theme.title, edition=theme.conference, exclude=theme)
    context = {
        "theme": theme,
        "reject_form": reject_form,
        "merge_form": merge_form,
        "session_form": session_form,
        "similar": similar,
    }
    return render(request, "themes/moderate.html", context, status=400 if action else 200)


@permission_required("themes.theme_from_outcome")
@require_POST
def from_outcome(request, outcome_pk):
    outcome = get_object_or_404(Outcome.objects.select_related("table_talk__conference"), pk=outcome_pk)
    try:
        theme = services.theme_from_outcome(outcome=outcome, coordinator=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(outcome.table_talk)
    messages.success(request, _("The outcome is now a theme proposal for %(edition)s.") % {"edition": theme.conference})
    return redirect("themes:moderate", pk=theme.pk)
