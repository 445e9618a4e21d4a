"""Coordinator pages for editions: details, copying, publishing, programme and registrations."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from conference import selectors, services
from conference.csv_export import csv_response
from conference.decorators import coordinator_required
from conference.forms import (
    CopyEditionForm,
    EditionForm,
    SessionForm,
    SessionHostFormSet,
    show_unchecked,
    with_one_more_form,
)
from conference.models import Edition, Evaluation, Recap, Session
from conference.views.publishing import confirm_take_back, publish_target, take_back_confirmed


def managed_edition(slug) -> Edition:
    """The edition a coordinator page is about, or 404."""
    return get_object_or_404(Edition.objects.select_related("organiser"), slug=slug)


@coordinator_required
def edition_list(request):
    page = Paginator(selectors.editions_for_coordinators(), 20).get_page(request.GET.get("page"))
    return render(request, "conference/manage/edition_list.html", {"page_obj": page})


@coordinator_required
def edition_edit(request, slug=None):
    edition = managed_edition(slug) if slug else None
    # The form works on a copy, so the page around it keeps the stored title and address.
    form = EditionForm(request.POST or None, instance=copy.copy(edition))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_edition(edition=edition, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The edition has been saved."))
            return redirect("conference:manage_edition", slug=saved.slug)
    return render(request, "conference/manage/edition_form.html", {"form": form, "edition": edition})


@coordinator_required
def edition_copy(request, slug):
    """A new edition from this one: settings, programme, hosts and evaluation questions; no people."""
    source = managed_edition(slug)
    form = CopyEditionForm(request.POST or None, initial={"title": source.title})
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.copy_edition(source=source, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The new edition has been made from “%(source)s”. It is not published yet: check it first.")
                % {"source": source.title},
            )
            return redirect("conference:manage_edition", slug=edition.slug)
    context = {"edition": source, "form": form, "summary": selectors.copy_summary(source)}
    return render(request, "conference/manage/edition_copy.html", context)


@coordinator_required
def edition_overview(request, slug):
    edition = managed_edition(slug)
    slots = selectors.programme(edition)
    context = {
        "edition": edition,
        "counts": selectors.edition_counts(edition),
        "slots": slots,
        "unchoosable": [
            session
            for slot in slots
            for session in slot["sessions"]
            if session.kind == Session.Kind.CHOICE and not session.needs_registration
        ]
        if edition.registration_is_open()
        else [],
        "recap": Recap.objects.filter(conference=edition).first(),
        "evaluation": Evaluation.objects.filter(conference=edition).first(),
        "table_count": edition.table_talks.count(),
    }
    return render(request, "conference/manage/edition_overview.html", context)


@coordinator_required
@require_POST
def edition_publish(request, slug):
    publish = publish_target(request)
    edition = managed_edition(slug)
    if not publish and edition.is_published and not take_back_confirmed(request):
        return confirm_take_back(
            request,
            title=_("Take the edition “%(title)s” offline?") % {"title": edition.title},
            disappears=[
                _("the edition page with its programme and sessions"),
                _("registration for this edition"),
                _("its table talks with their outcomes and photos"),
                _("its recap and its voting rounds"),
                _("all of this in the search results and the calendar feeds"),
            ],
            cancel_url=reverse("conference:manage_edition", args=[edition.slug]),
            context={"edition": edition},
        )
    edition = services.set_edition_published(conference=edition, published=publish)
    messages.success(request, _("The edition is published.") if publish else _("The edition is no longer public."))
    return redirect("conference:manage_edition", slug=edition.slug)


ADD_HOST = "add_host"


@coordinator_required
def session_edit(request, slug, pk=None):
    """A session with its speakers and hosts, as many as needed.

    "Add a host" adds a row in the page (formset.js); without JavaScript the same button sends
    the form, which comes back with one more empty row and everything typed, and nothing saved.
    """
    edition = managed_edition(slug)
    session = get_object_or_404(edition.sessions, pk=pk) if pk else None
    data = request.POST if request.method == "POST" else None
    adding_host = data is not None and ADD_HOST in data
    if adding_host:
        data = with_one_more_form(data, "hosts", SessionHostFormSet.max_num)
    form = SessionForm(data, instance=copy.copy(session), edition=edition)
    formset = SessionHostFormSet(data, instance=session or Session(conference=edition), prefix="hosts")
    if adding_host:
        show_unchecked(form)
        show_unchecked(formset)
        formset.forms[-1].fields["name"].widget.attrs["autofocus"] = True
    elif data is not None and form.is_valid() and formset.is_valid():
        try:
            services.save_session(
                conference=edition, session=session, hosts=formset.host_rows(), **form.session_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("conference:manage_edition", slug=edition.slug)
    context = {"edition": edition, "session": session, "form": form, "formset": formset, "add_host": ADD_HOST}
    return render(request, "conference/manage/session_form.html", context)


@coordinator_required
def session_delete(request, slug, pk):
    """Ask first (how many people chose it); only a POST with ``confirm`` removes the session."""
    edition = managed_edition(slug)
    session = get_object_or_404(selectors.session_counts(edition), pk=pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        told = services.delete_session(session=session)
        text = ngettext(
            "The session has been removed. %(count)d person who chose it gets an e-mail.",
            "The session has been removed. %(count)d people who chose it get an e-mail.",
            told,
        )
        messages.success(request, text % {"count": told} if told else _("The session has been removed."))
        return redirect("conference:manage_edition", slug=slug)
    return render(request, "conference/manage/session_confirm_delete.html", {"edition": edition, "session": session})


@coordinator_required
def registrations(request, slug):
    edition = managed_edition(slug)
    page = Paginator(selectors.attendees(edition), 25).get_page(request.GET.get("page"))
    sessions = list(selectors.session_counts(edition))
    totals = {key: sum(getattr(s, key) for s in sessions) for key in ("confirmed", "waitlisted", "waiting_for_edition")}
    context = {
        "edition": edition,
        "counts": selectors.edition_counts(edition),
        "sessions": sessions,
        "totals": totals,
        "page_obj": page,
    }
    return render(request, "conference/manage/registrations.html", context)


@coordinator_required
def registrations_csv(request, slug):
    edition = managed_edition(slug)
    header = [_("Name"), _("Organisation"), _("Sessions"), _("Status"), _("E-mail address")]
    return csv_response(f"aanmeldingen-{edition.slug}", header, _registration_rows(edition))


def _registration_rows(edition):
    for registration in selectors.attendees(edition).iterator(chunk_size=500):
        organisations = ", ".join(m.organisation.name for m in registration.user.memberships.all())
        sessions = "; ".join(
            c.session.title + (f" ({_('waiting list')})" if c.status == c.Status.WAITLISTED else "")
            for c in registration.choices.all()
        )
        yield [
            str(registration.user),
            organisations,
            sessions,
            registration.get_status_display(),
            registration.user.email,
        ]
