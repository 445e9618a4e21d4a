"""What every endpoint shares: the visitor whose rights the API has, paging, filters and errors."""

import math
import re
from datetime import UTC, datetime
from typing import Annotated

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import create_model, field_validator

#: The API shows exactly what an anonymous visitor sees on the pages: every selector is asked as this user.
VISITOR = AnonymousUser()

#: Slugs as Django's SlugField stores them; anything else cannot match and is refused before the database.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
#: The largest primary key the database can hold (a 64-bit integer).
MAX_ID = 2**63 - 1
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: ``updated_since`` is clamped to these moments, which every database can store.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=160)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Message(Schema):
    detail: str = Field(description=_("What went wrong, in words."))


class ValidationErrors(Schema):
    detail: list[dict] = Field(description=_("Which parameters were wrong, and why."))


#: The answers every operation may give besides 200.
ERRORS = {400: Message, 404: Message, 422: ValidationErrors}


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description=_("The page number, starting at 1."))
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=_("How many items per page (at most 100)."),
    )


class ChangedSince(Schema):
    updated_since: datetime | None = Field(
        None,
        description=_(
            "Only items changed at or after this moment (ISO 8601, for example 2026-03-01T00:00:00+01:00). "
            "Without a time zone the portal's time zone is used."
        ),
    )

    @field_validator("updated_since", mode="before")
    @classmethod
    def _iso_8601(cls, value):
        """Only a written date (and time): not a number of seconds, which the library would also read."""
        if isinstance(value, str) and not ISO_DATE.match(value):
            raise ValueError("use ISO 8601, for example 2026-03-01T00:00:00+01:00")
        return value

    @field_validator("updated_since")
    @classmethod
    def _within_range(cls, value):
        """Any date-time is allowed; far past and far future ones mean "everything" and "nothing"."""
        if value is None:
            return value
        if timezone.is_naive(value):
            value = value.replace(tzinfo=timezone.get_current_timezone())
        try:
            value = value.astimezone(UTC)
        except (OverflowError, ValueError):
            return EARLIEST if value.year < 5000 else LATEST
        return min(max(value, EARLIEST), LATEST)


class ChangedPaging(Paging, ChangedSince):
    pass


class PageBase(Schema):
    count: int = Field(description=_("How many items there are in all pages together."))
    page: int = Field(description=_("The number of this page."))
    page_size: int = Field(description=_("How many items a page holds."))
    pages: int = Field(description=_("How many pages there are."))
    next: str | None = Field(description=_("The address of the next page, or null on the last page."))
    previous: str | None = Field(description=_("The address of the previous page, or null on the first page."))


def page_of(item_schema: type[Schema], name: str) -> type[Schema]:
    """A page schema with ``items`` of ``item_schema``: the shape of every list answer."""
    return create_model(
        name,
        __base__=PageBase,
        items=(list[item_schema], Field(description=_("The items on this page, in a fixed order."))),
    )


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, queryset, paging: Paging) -> dict:
    """One page of ``queryset`` (which must be ordered on a unique key) and links to its neighbours."""
    count = queryset.count()
    pages = max(math.ceil(count / paging.page_size), 1)
    start = (paging.page - 1) * paging.page_size
    items = list(queryset[start : start + paging.page_size]) if start < count else []
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "pages": pages,
        "next": _page_url(request, paging.page + 1) if paging.page < pages else None,
        "previous": _page_url(request, min(paging.page - 1, pages)) if paging.page > 1 else None,
        "items": items,
    }


def set_last_modified(response: HttpResponse, *moments: datetime | None) -> None:
    """``Last-Modified``: the newest of the moments the document shows (for information; the ETag is exact)."""
    known = [moment for moment in moments if moment is not None]
    if known:
        response["Last-Modified"] = http_date(max(known).timestamp())


def page_url(context, path: str) -> str:
    """The absolute address of a portal page, for the ``url`` fields."""
    return context["request"].build_absolute_uri(path)


def published_slug(edition) -> str | None:
    """An edition's slug when visitors may see it; an edition in preparation is never named."""
    return edition.slug if edition is not None and edition.is_published else None
