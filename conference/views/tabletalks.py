"""Table talks: the public table page and live recording of outcomes by the host (made for a phone)."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from conference import file_responses, selectors, services
from conference.forms import OutcomeForm, SheetPhotoForm
from conference.models import Outcome, TableSheetPhoto
from conference.page_cache import public_page

TEMPLATE = "conference/table_talk_detail.html"


def _table_or_404(request, slug, pk):
    edition = selectors.edition_for(user=request.user, slug=slug)
    table = selectors.table_talk_for(user=request.user, edition=edition, pk=pk) if edition else None
    if table is None:
        raise Http404
    return table


def _writable_table(request, slug, pk):
    """The table for someone who wants to write: anonymous → login, not host/coordinator → 403."""
    table = _table_or_404(request, slug, pk)
    if not request.user.has_perm("conference.record_outcomes", table):
        raise PermissionDenied
    return table


def _outcomes(table, can_write):
    outcomes = table.outcomes.order_by("order", "pk")
    return list(outcomes if can_write else outcomes.filter(status=Outcome.Status.PUBLISHED))


def _photos(table, can_write):
    """A sheet can show draft outcomes: the public sees a photo only once a coordinator published it."""
    photos = table.photos.all()
    return list(photos if can_write else photos.filter(is_published=True))


def _context(request, table, form=None, photo_form=None):
    can_write = request.user.has_perm("conference.record_outcomes", table)
    return {
        "table": table,
        "edition": table.conference,
        "can_write": can_write,
        "outcomes": _outcomes(table, can_write),
        "photos": _photos(table, can_write),
        "form": form or OutcomeForm(initial={"client_key": uuid.uuid4()}),
        "photo_form": photo_form or SheetPhotoForm(),
    }


def _wants_fragment(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@public_page
def table_talk_detail(request, slug, pk):
    table = _table_or_404(request, slug, pk)
    return render(request, TEMPLATE, _context(request, table))


@login_required
@require_POST
def outcome_add(request, slug, pk):
    table = _writable_table(request, slug, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.add_outcome(
                table_talk=table,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                client_key=form.cleaned_data["client_key"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("text", error)
    if form.is_valid():
        if _wants_fragment(request):
            return render(request, f"{TEMPLATE}#outcome_list", _context(request, table))
        messages.success(request, _("The outcome has been saved."))
        return redirect(f"{table.get_absolute_url()}#vastleggen")
    status = 400
    if _wants_fragment(request):
        return render(request, f"{TEMPLATE}#outcome_form", _context(request, table, form=form), status=status)
    return render(request, TEMPLATE, _context(request, table, form=form), status=status)


def _outcome(request, table, outcome_pk):
    return get_object_or_404(table.outcomes.all(), pk=outcome_pk)


@login_required
def outcome_edit(request, slug, pk, outcome_pk):
    table = _table_or_404(request, slug, pk)
    outcome = _outcome(request, table, outcome_pk)
    can_write = request.user.has_perm("conference.record_outcomes", table)
    if outcome.status == Outcome.Status.DRAFT and not can_write:
        raise Http404
    if not request.user.is_authenticated or not can_write:
        raise PermissionDenied
    form = OutcomeForm(request.POST or None, initial={"text": outcome.text, "kind": outcome.kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_outcome(outcome=outcome, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"])
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("The outcome has been changed."))
            return redirect(f"{table.get_absolute_url()}#vastleggen")
    return render(request, "conference/outcome_form.html", {"table": table, "outcome": outcome, "form": form})


@login_required
@require_POST
def outcome_move(request, slug, pk, outcome_pk):
    table = _writable_table(request, slug, pk)
    outcome = _outcome(request, table, outcome_pk)
    services.move_outcome(outcome=outcome, up=request.POST.get("direction") == "up")
    if _wants_fragment(request):
        return render(request, f"{TEMPLATE}#outcome_list", _context(request, table))
    return redirect(f"{table.get_absolute_url()}#opbrengst-{outcome.pk}")


@login_required
@require_POST
def outcome_delete(request, slug, pk, outcome_pk):
    table = _writable_table(request, slug, pk)
    services.delete_outcome(outcome=_outcome(request, table, outcome_pk))
    messages.success(request, _("The outcome has been removed."))
    return redirect(f"{table.get_absolute_url()}#vastleggen")


@login_required
@require_POST
def photo_upload(request, slug, pk):
    table = _writable_table(request, slug, pk)
    form = SheetPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_sheet_photo(
                table_talk=table,
                upload=form.cleaned_data["photo"],
                user=request.user,
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error("photo", error)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect(f"{table.get_absolute_url()}#tafelvellen")
    return render(request, TEMPLATE, _context(request, table, photo_form=form), status=400)


@login_required
@require_POST
def photo_delete(request, slug, pk, photo_pk):
    table = _writable_table(request, slug, pk)
    services.delete_sheet_photo(photo=get_object_or_404(TableSheetPhoto, table_talk=table, pk=photo_pk))
    messages.success(request, _("The photo has been removed."))
    return redirect(f"{table.get_absolute_url()}#tafelvellen")


@require_safe
def sheet_photo(request, slug, pk, photo_pk, thumbnail=False):
    """A photo of a table sheet (or its thumbnail), for whoever the table page shows it to.

    The table page's own lookup first (the edition must be visible), then the rule: a photo that is
    not published, or no longer exists, answers 404 at once. Unpublished photos are never stored by
    a shared cache; published ones may be, but are checked again on every use (``no-cache``).
    """
    table = _table_or_404(request, slug, pk)
    photo = table.photos.filter(pk=photo_pk).first()
    if photo is not None:
        photo.table_talk = table
    if photo is None or not request.user.has_perm("conference.view_sheet_photo", photo):
        raise Http404
    field = photo.thumbnail if thumbnail else photo.image
    cache_control = {"no_cache": True} if photo.is_published else {"private": True, "no_store": True}
    return file_responses.image_response(
        request,
        storage=field.storage,
        name=field.name,
        cache_control=cache_control,
        accel_prefix=settings.PRIVATE_MEDIA_ACCEL_REDIRECT,
    )
