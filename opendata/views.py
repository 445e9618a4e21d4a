"""The open-data page with its downloads, and the API documentation page."""

import json
from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from conference import selectors
from conference.csv_export import csv_response
from conference.models import SiteSettings
from opendata.api.common import VISITOR
from opendata.datasets import DATASETS
from opendata.forms import EditionChoiceForm


def _edition(request):
    """The edition of ``?editie=<slug>``: None for all editions; 404 for one a visitor may not see."""
    slug = request.GET.get("editie", "")
    if not slug:
        return None
    edition = selectors.edition_for(user=VISITOR, slug=slug)
    if edition is None:
        raise Http404
    return edition


def _dataset(slug: str, edition):
    dataset = DATASETS.get(slug)
    if dataset is None or (edition is not None and not dataset.per_edition):
        raise Http404
    return dataset


def _filename(dataset_slug: str, edition) -> str:
    return f"{dataset_slug}-{edition.slug}" if edition is not None else dataset_slug


def _with_licence(response: HttpResponse, site: SiteSettings) -> HttpResponse:
    """The licence travels with every download, also as a ``Link`` header (RFC 8288, rel="license")."""
    response["Link"] = f'<{site.licence_url}>; rel="license"'
    return response


@require_safe
def open_data(request):
    editions = list(selectors.editions_for(user=VISITOR))
    form = EditionChoiceForm(request.GET or None, editions=editions)
    edition = None
    if form.is_bound and form.is_valid() and form.cleaned_data["editie"]:
        edition = next(e for e in editions if e.slug == form.cleaned_data["editie"])
    datasets = [dataset for dataset in DATASETS.values() if edition is None or dataset.per_edition]
    query = f"?editie={edition.slug}" if edition is not None else ""
    context = {
        "form": form,
        "edition": edition,
        "datasets": datasets,
        "query": query,
        "site": SiteSettings.load(),
        "api_url": request.build_absolute_uri(reverse("api-v1:api-root")),
    }
    return render(request, "opendata/open_data.html", context)


@require_safe
def api_docs(request):
    language = "en" if request.LANGUAGE_CODE == "en" else ""
    openapi = reverse("api-v1:openapi-json") + (f"?lang={language}" if language else "")
    context = {
        "openapi_url": openapi,
        "api_url": request.build_absolute_uri(reverse("api-v1:api-root")),
        "example_url": request.build_absolute_uri(reverse("api-v1:next_edition")),
    }
    return render(request, "opendata/api_docs.html", context)


def _iso(value):
    """Dates and times as ISO 8601 (times in the portal's time zone, with the offset)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


@require_safe
def download_csv(request, dataset):
    edition = _edition(request)
    dataset = _dataset(dataset, edition)
    rows = ([_iso(value) for value in row] for row in dataset.rows(edition, request.build_absolute_uri))
    return _with_licence(csv_response(_filename(dataset.slug, edition), dataset.columns, rows), SiteSettings.load())


def _json_default(value):
    if isinstance(value, date):
        return _iso(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


@require_safe
def download_json(request, dataset):
    edition = _edition(request)
    site = SiteSettings.load()
    document = {
        "publisher": site.name,
        "licence": {"name": site.licence_name, "url": site.licence_url},
        "source": request.build_absolute_uri(reverse("opendata:index")),
        "generated_at": timezone.now(),
        "edition": edition.slug if edition is not None else None,
    }
    if dataset == "alles":
        chosen = [d for d in DATASETS.values() if edition is None or d.per_edition]
    else:
        chosen = [_dataset(dataset, edition)]
    document["datasets"] = {
        d.slug: [dict(zip(d.columns, row, strict=True)) for row in d.rows(edition, request.build_absolute_uri)]
        for d in chosen
    }
    body = json.dumps(document, default=_json_default, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(dataset, edition)}.json"'
    return _with_licence(response, site)
