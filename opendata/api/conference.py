"""Editions with their programme, organisations, table talks and recaps: read through conference.selectors."""

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Router

from conference import selectors
from opendata.api.common import (
    ERRORS,
    VISITOR,
    ChangedPaging,
    ChangedSince,
    Id,
    Paging,
    Slug,
    page_of,
    paginate,
    set_last_modified,
)
from opendata.api.schemas import (
    EditionDetailOut,
    EditionOut,
    OrganisationOut,
    RecapDetailOut,
    RecapOut,
    TableTalkOut,
)
from themes.selectors import rounds_with_public_results

router = Router()

EditionPage = page_of(EditionOut, "EditionPage")
OrganisationPage = page_of(OrganisationOut, "OrganisationPage")
TableTalkPage = page_of(TableTalkOut, "TableTalkPage")
RecapPage = page_of(RecapOut, "RecapPage")


class EditionFilters(Paging, ChangedSince):
    when: Literal["upcoming", "past"] | None = Field(
        None, description=_("Only coming editions (upcoming, soonest first) or past ones (past, newest first).")
    )


def _with_programme(edition):
    edition.programme = list(selectors.sessions_with_hosts(edition))
    has_recap = selectors.recaps_for(user=VISITOR).filter(conference=edition).exists()
    edition.public_recap = edition.slug if has_recap else None
    rounds = rounds_with_public_results(user=VISITOR).filter(conference=edition)
    edition.public_round = rounds.values_list("pk", flat=True).first()
    return edition


@router.get(
    "/editions",
    response={200: EditionPage, **ERRORS},
    summary=_("Editions"),
    description=_("Published editions, newest first; with when=upcoming the coming ones, soonest first."),
)
def edition_list(request: HttpRequest, response: HttpResponse, filters: Query[EditionFilters]):
    editions = selectors.editions_for(user=VISITOR)
    if filters.when == "upcoming":
        editions = editions.upcoming().order_by("starts_at", "pk")
    elif filters.when == "past":
        editions = editions.past().order_by("-starts_at", "pk")
    else:
        editions = editions.order_by("-starts_at", "pk")
    if filters.updated_since is not None:
        editions = editions.filter(updated_at__gte=filters.updated_since)
    page = paginate(request, editions, filters)
    set_last_modified(response, *(edition.updated_at for edition in page["items"]))
    return page


@router.get(
    "/next-edition",
    response={200: EditionDetailOut, **ERRORS},
    summary=_("The coming edition"),
    description=_("The next published edition that has not ended yet, with its programme; 404 when there is none."),
)
def next_edition(request: HttpRequest, response: HttpResponse):
    edition = selectors.next_edition(user=VISITOR)
    if edition is None:
        raise Http404
    set_last_modified(response, edition.updated_at)
    return _with_programme(edition)


@router.get(
    "/editions/{slug}",
    response={200: EditionDetailOut, **ERRORS},
    summary=_("One edition"),
    description=_("A published edition with its programme: sessions, speakers and hosts (names and organisations)."),
)
def edition_detail(request: HttpRequest, response: HttpResponse, slug: Path[Slug]):
    edition = selectors.edition_for(user=VISITOR, slug=slug)
    if edition is None:
        raise Http404
    set_last_modified(response, edition.updated_at)
    return _with_programme(edition)


@router.get(
    "/organisations",
    response={200: OrganisationPage, **ERRORS},
    summary=_("Organisations"),
    description=_("Partner organisations, by name."),
)
def organisation_list(request: HttpRequest, paging: Query[Paging]):
    return paginate(request, selectors.organisation_list(), paging)


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **ERRORS},
    summary=_("One organisation"),
    description=_("A partner organisation."),
)
def organisation_detail(request: HttpRequest, slug: Path[Slug]):
    return get_object_or_404(selectors.organisation_list(), slug=slug)


class EditionScope(Paging):
    edition: Slug | None = Field(None, description=_("Only those of this edition (its short name)."))


@router.get(
    "/table-talks",
    response={200: TableTalkPage, **ERRORS},
    summary=_("Table talks"),
    description=_("Table talks with their published outcomes: newest edition first, then by round and table."),
)
def table_talk_list(request: HttpRequest, filters: Query[EditionScope]):
    table_talks = selectors.table_talks_for(user=VISITOR)
    if filters.edition:
        table_talks = table_talks.filter(conference__slug=filters.edition)
    return paginate(request, table_talks, filters)


@router.get(
    "/table-talks/{pk}",
    response={200: TableTalkOut, **ERRORS},
    summary=_("One table talk"),
    description=_("A table talk with its published outcomes."),
)
def table_talk_detail(request: HttpRequest, pk: Path[Id]):
    return get_object_or_404(selectors.table_talks_for(user=VISITOR), pk=pk)


@router.get(
    "/recaps",
    response={200: RecapPage, **ERRORS},
    summary=_("Recaps"),
    description=_("Published recaps, newest edition first."),
)
def recap_list(request: HttpRequest, response: HttpResponse, filters: Query[ChangedPaging]):
    recaps = selectors.recaps_for(user=VISITOR).order_by("-conference__starts_at", "pk")
    if filters.updated_since is not None:
        recaps = recaps.filter(updated_at__gte=filters.updated_since)
    page = paginate(request, recaps, filters)
    set_last_modified(response, *(recap.updated_at for recap in page["items"]))
    return page


@router.get(
    "/recaps/{slug}",
    response={200: RecapDetailOut, **ERRORS},
    summary=_("One recap"),
    description=_("The published recap of an edition, by the edition's short name."),
)
def recap_detail(request: HttpRequest, response: HttpResponse, slug: Path[Slug]):
    recap = selectors.recap_for(user=VISITOR, slug=slug)
    if recap is None:
        raise Http404
    set_last_modified(response, recap.updated_at)
    return recap
