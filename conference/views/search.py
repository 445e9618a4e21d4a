"""The site-wide search page: one box over editions, sessions, themes, outcomes, workgroups, reports, ..."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from conference import search
from conference.page_cache import public_page
from conference.search.forms import SearchForm


@public_page
@require_GET
def search_page(request):
    form = SearchForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {"query": "", "kind": "", "edition": None}
    results = None
    if filters["query"]:
        results = search.search(user=request.user, page=request.GET.get("page"), **filters)
    context = {
        "form": form,
        "edition_choices": form.edition_choices(),
        "results": results,
        "query": filters["query"],
        "kind": filters["kind"],
        "kinds": _kind_filter(results, filters["kind"]) if results else [],
    }
    return render(request, "conference/search.html", context)


def _kind_filter(results: search.Results, current: str) -> list[dict]:
    """The kinds with hits (and the chosen one), each with its count, for the filter links."""
    items = [{"name": "", "label": None, "count": sum(results.counts.values()), "current": not current}]
    for kind in search.kinds():
        count = results.counts.get(kind.name, 0)
        if count or kind.name == current:
            items.append({"name": kind.name, "label": kind.plural, "count": count, "current": kind.name == current})
    return items
