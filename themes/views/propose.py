"""Proposing a theme, with similar themes shown first so people can support one instead."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference.decorators import permission_required
from themes import selectors, services
from themes.forms import ThemeProposalForm
from themes.models import Theme


@permission_required("themes.propose")
def propose(request):
    form = ThemeProposalForm(request.POST or None, user=request.user)
    edition = selectors.next_edition() or form.fields["conference"].queryset.first()  # coordinators: past ones too
    context = {"form": form, "edition": edition, "suggestions": []}
    if request.method != "POST" or not form.is_valid():
        return render(request, "themes/propose.html", context)
    data = form.cleaned_data
    suggestions = selectors.similar_themes(title=data["title"], edition=data["conference"])
    if suggestions and not data["confirm"]:
        confirmed = request.POST.copy()
        confirmed["confirm"] = "True"
        context.update(form=ThemeProposalForm(confirmed, user=request.user), suggestions=suggestions, confirming=True)
        return render(request, "themes/propose.html", context)
    try:
        theme = services.propose_theme(
            proposer=request.user,
            conference=data["conference"],
            title=data["title"],
            description=data["description"],
            target_group=data["target_group"],
            organisation=data.get("organisation"),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "themes/propose.html", context)
    messages.success(
        request,
        _("Thank you! A coordinator checks your theme first. You will get an e-mail when it has been decided."),
    )
    return redirect(theme)


@permission_required("conference.participate")
@require_POST
def withdraw(request, pk):
    theme = get_object_or_404(Theme, pk=pk, submitted_by=request.user)
    try:
        services.withdraw_theme(theme=theme, proposer=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have withdrawn your theme."))
    return redirect(theme)
