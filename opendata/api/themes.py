"""Published themes with their lineage, and voting rounds whose results are public: read through themes.selectors."""

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Router

from conference.selectors import table_talks_for
from opendata.api.common import ERRORS, VISITOR, ChangedPaging, Id, Paging, Slug, page_of, paginate, set_last_modified
from opendata.api.schemas import ThemeDetailOut, ThemeOut, VotingRoundDetailOut, VotingRoundOut
from themes import selectors
from themes.models import Theme
from themes.selectors import PUBLIC_STATUSES
from workgroups.selectors import workgroup_list

router = Router()

ThemePage = page_of(ThemeOut, "ThemePage")
VotingRoundPage = page_of(VotingRoundOut, "VotingRoundPage")


class ThemeFilters(ChangedPaging):
    edition: Slug | None = Field(None, description=_("Only themes of this edition (its short name)."))
    status: Literal[tuple(status.value for status in PUBLIC_STATUSES)] | None = Field(
        None, description=_("Only themes with this status.")
    )


def with_votes(themes):
    """Votes per theme, only for themes whose voting round has public results (one query for the page)."""
    counts = selectors.vote_counts(theme.pk for theme in themes if theme.results_public)
    for theme in themes:
        theme.public_votes = counts.get(theme.pk, 0) if theme.results_public else None
    return themes


@router.get(
    "/themes",
    response={200: ThemePage, **ERRORS},
    summary=_("Themes"),
    description=_(
        "Published themes (also chosen, not chosen and merged ones), newest edition first. "
        "Proposals that were not published yet, withdrawn or rejected never appear."
    ),
)
def theme_list(request: HttpRequest, response: HttpResponse, filters: Query[ThemeFilters]):
    themes = selectors.theme_list(edition=filters.edition or "", status=filters.status or "")
    if filters.updated_since is not None:
        themes = themes.filter(updated_at__gte=filters.updated_since)
    page = paginate(request, themes, filters)
    with_votes(page["items"])
    set_last_modified(response, *(theme.updated_at for theme in page["items"]))
    return page


@router.get(
    "/themes/{pk}",
    response={200: ThemeDetailOut, **ERRORS},
    summary=_("One theme"),
    description=_("A published theme with its lineage: merged themes, table talks and the workgroups it became."),
)
def theme_detail(request: HttpRequest, response: HttpResponse, pk: Path[Id]):
    theme = selectors.theme_list().filter(pk=pk).first()
    if theme is None:
        raise Http404
    with_votes([theme])
    theme.lineage = {
        "merged_themes": list(
            Theme.objects.public().filter(merged_into=theme).order_by("pk").values_list("pk", flat=True)
        ),
        "table_talks": list(
            table_talks_for(user=VISITOR).filter(theme=theme).prefetch_related(None).values_list("pk", flat=True)
        ),
        "workgroups": list(workgroup_list().filter(origin_theme=theme).values_list("slug", flat=True)),
    }
    set_last_modified(response, theme.updated_at)
    return theme


class RoundFilters(Paging):
    edition: Slug | None = Field(None, description=_("Only the round of this edition (its short name)."))


@router.get(
    "/voting-rounds",
    response={200: VotingRoundPage, **ERRORS},
    summary=_("Voting rounds"),
    description=_(
        "Voting rounds whose results are public, the most recently closed first. "
        "A round that is open, or whose results are not public yet, never appears."
    ),
)
def round_list(request: HttpRequest, filters: Query[RoundFilters]):
    rounds = selectors.rounds_with_public_results(user=VISITOR)
    if filters.edition:
        rounds = rounds.filter(conference__slug=filters.edition)
    return paginate(request, rounds, filters)


@router.get(
    "/voting-rounds/{pk}",
    response={200: VotingRoundDetailOut, **ERRORS},
    summary=_("Results of a voting round"),
    description=_("A voting round whose results are public, with the votes per theme."),
)
def round_detail(request: HttpRequest, pk: Path[Id]):
    round_ = selectors.rounds_with_public_results(user=VISITOR).filter(pk=pk).first()
    if round_ is None:
        raise Http404
    rows = selectors.round_results(round_).values("pk", "title", "status", "vote_total")
    round_.results = [
        {"rank": rank, "theme": row["pk"], "title": row["title"], "status": row["status"], "votes": row["vote_total"]}
        for rank, row in enumerate(rows, 1)
    ]
    totals = selectors.round_totals(round_)
    round_.votes, round_.voters = totals["votes"], totals["voters"]
    return round_
