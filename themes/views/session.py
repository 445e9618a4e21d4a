"""Coordinators record the themes a session chose at the table: for any edition, without a voting round."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext

from conference.decorators import permission_required
from conference.models import Edition
from themes import selectors, services
from themes.forms import EditionPickForm, SessionChoiceForm, SessionThemeFormSet
from themes.models import VotingRound

ROWS_PREFIX = "rows"


@permission_required("themes.record_session_choice")
def pick_edition(request):
    form = EditionPickForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("themes:record_session", slug=form.cleaned_data["edition"].slug)
    return render(request, "themes/session_pick.html", {"form": form})


def _with_one_more_row(data):
    """The posted data with one more (empty) row: "Add a row" works without JavaScript."""
    data = data.copy()
    key = f"{ROWS_PREFIX}-TOTAL_FORMS"
    total = int(data[key]) if data.get(key, "").isdigit() else 0
    data[key] = str(min(total + 1, SessionThemeFormSet.absolute_max))
    return data


@permission_required("themes.record_session_choice")
def record(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    tables = selectors.tables_without_theme(edition)
    data = request.POST if request.method == "POST" else None
    adding_row = data is not None and "add_row" in data
    if adding_row:
        data = _with_one_more_row(data)
    form = SessionChoiceForm(data, edition=edition)
    formset = SessionThemeFormSet(data, prefix=ROWS_PREFIX, form_kwargs={"tables": tables})
    if data is not None and not adding_row and form.is_valid() and formset.is_valid():
        rows = [row.to_theme() for row in formset if row.cleaned_data.get("title")]
        try:
            themes = services.record_session_choice(
                coordinator=request.user,
                conference=edition,
                session=form.cleaned_data["session"],
                chosen_on=form.cleaned_data["chosen_on"],
                new_themes=rows,
                existing_themes=list(form.cleaned_data.get("existing", [])),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d theme has been recorded as chosen during the session. It is public now.",
                    "%(count)d themes have been recorded as chosen during the session. They are public now.",
                    len(themes),
                )
                % {"count": len(themes)},
            )
            return redirect("themes:record_session", slug=edition.slug)
    context = {
        "edition": edition,
        "form": form,
        "formset": formset,
        "round": VotingRound.objects.filter(conference=edition).first(),
        "chosen": list(selectors.session_chosen_themes(edition)),
    }
    failed = data is not None and not adding_row
    return render(request, "themes/session_record.html", context, status=400 if failed else 200)
