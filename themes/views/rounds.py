"""Voting rounds: the ballot, casting and withdrawing votes, closing, results, exports, choosing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference.csv_export import csv_response
from conference.decorators import permission_required
from conference.page_cache import public_page
from conference.views.publishing import publish_only
from themes import selectors, services
from themes.decorators import open_permission_required
from themes.forms import ChooseThemesForm, VotingRoundForm
from themes.models import Theme

RESULTS_PAGE_SIZE = 25


def _visible_round(request, pk):
    return get_object_or_404(selectors.rounds_for(user=request.user), pk=pk)


def _round(request, pk):
    return _visible_round(request, pk)


@public_page
def round_list(request):
    rounds = selectors.rounds_for(user=request.user).order_by("-opens_at", "pk")
    page = Paginator(rounds, 20).get_page(request.GET.get("page"))
    return render(request, "themes/round_list.html", {"page_obj": page})


@permission_required("themes.manage_rounds")
def round_create(request):
    form = VotingRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.open_round(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The voting round has been created."))
            return redirect(round_)
    return render(request, "themes/round_form.html", {"form": form})


def _ballot_context(request, round_):
    themes = list(selectors.round_themes(round_))
    my_votes = selectors.my_votes(round_, request.user)
    error = services.voting_error(round_, request.user) if request.user.is_authenticated else None
    return {
        "round": round_,
        "themes": themes,
        "my_votes": my_votes,
        "votes_left": max(round_.votes_per_voter - len(my_votes), 0),
        "can_vote": request.user.is_authenticated and error is None,  # the same check as "themes.vote"
        "voting_error": error,
    }


@public_page
def round_detail(request, pk):
    round_ = _visible_round(request, pk)
    return render(request, "themes/round_detail.html", _ballot_context(request, round_))


def _after_vote(request, round_, text, level):
    if request.htmx:  # the ballot only (partial "ballot" of the page's own template)
        context = {**_ballot_context(request, round_), "ballot_message": text, "ballot_level": level}
        return render(request, "themes/round_detail.html#ballot", context)
    messages.add_message(request, level, text)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = round_.get_absolute_url()
    return redirect(target)


def _vote_action(request, pk, action):
    round_ = _visible_round(request, pk)
    theme_id = request.POST.get("theme", "")
    theme = Theme.objects.filter(pk=theme_id).first() if theme_id.isdigit() else None
    if theme is None:
        return _after_vote(request, round_, _("Choose a theme."), messages.ERROR)
    try:
        action(voter=request.user, round_=round_, theme=theme)
    except ValidationError as error:
        return _after_vote(request, round_, " ".join(error.messages), messages.ERROR)
    if action is services.cast_vote:
        text = _("Your vote for “%(theme)s” has been saved.") % {"theme": theme}
    else:
        text = _("Your vote for “%(theme)s” has been removed.") % {"theme": theme}
    return _after_vote(request, round_, text, messages.SUCCESS)


@permission_required("conference.participate")
@require_POST
def cast(request, pk):
    return _vote_action(request, pk, services.cast_vote)


@permission_required("conference.participate")
@require_POST
def withdraw(request, pk):
    return _vote_action(request, pk, services.withdraw_vote)


@permission_required("themes.manage_rounds")
@require_POST
def close(request, pk):
    round_ = _round(request, pk)
    try:
        services.close_round(round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The voting round has been closed."))
    return redirect(round_)


@permission_required("themes.manage_rounds")
@require_POST
def publish(request, pk):
    round_ = _round(request, pk)
    publish_only(request)  # results cannot be taken back; a POST without publish=1 changes nothing
    try:
        services.publish_results(round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(round_)
    messages.success(request, _("The results are now public."))
    return redirect("themes:results", pk=round_.pk)


def _results_object(request, pk):
    return _visible_round(request, pk)


@public_page
@open_permission_required("themes.view_results", get_object=_results_object)
def results(request, pk):
    round_ = request.permission_object
    page = Paginator(selectors.round_results(round_), RESULTS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    top = selectors.round_results(round_).values_list("vote_total", flat=True).first() or 0
    for row in rows:
        row.bar = round(100 * row.vote_total / top) if top else 0
    context = {"round": round_, "page_obj": page, "rows": rows, "top": top, **selectors.round_totals(round_)}
    if request.user.has_perm("themes.manage_rounds") and round_.results_published and not round_.chosen_at:
        context["choose_form"] = ChooseThemesForm(request.POST or None, round_=round_)
    return render(request, "themes/results.html", context)


@permission_required("themes.manage_rounds")
@require_POST
def choose(request, pk):
    round_ = _round(request, pk)
    form = ChooseThemesForm(request.POST, round_=round_)
    if not form.is_valid():
        messages.error(request, _("Choose the themes from the list."))
        return redirect("themes:results", pk=round_.pk)
    try:
        services.choose_themes(round_=round_, themes=form.cleaned_data["themes"], note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The chosen themes have been marked. The other themes are now “not chosen”."))
    return redirect("themes:results", pk=round_.pk)


def _export_rows(round_):
    for rank, theme in enumerate(selectors.round_results(round_).select_related("organisation").iterator(), 1):
        yield {
            "rank": rank,
            "id": theme.pk,
            "title": theme.title,
            "target_group": theme.target_group,
            "organisation": theme.organisation.name if theme.organisation else "",
            "status": theme.status,
            "votes": theme.vote_total,
        }


@open_permission_required("themes.export_results", get_object=_results_object)
def export_csv(request, pk):
    round_ = request.permission_object
    fields = ["rank", "id", "title", "target_group", "organisation", "status", "votes"]
    rows = ([row[field] for field in fields] for row in _export_rows(round_))
    return csv_response(f"uitslag-{round_.conference.slug}", fields, rows)


@open_permission_required("themes.export_results", get_object=_results_object)
def export_json(request, pk):
    round_ = request.permission_object
    if not round_.results_published:
        raise Http404
    data = {
        "edition": {"slug": round_.conference.slug, "title": round_.conference.title},
        "opens_at": round_.opens_at.isoformat(),
        "closes_at": round_.closes_at.isoformat(),
        "votes_per_voter": round_.votes_per_voter,
        "themes_to_choose": round_.themes_to_choose,
        "choice_note": round_.choice_note,
        "results": list(_export_rows(round_)),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="uitslag-{round_.conference.slug}.json"'
    return response
