# ruff: noqa: RUF001 - Dutch text quotes titles with typographic single quotes
"""Public edition pages: archive, edition with programme, registration, calendars."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import calendar, selectors, services
from conference.decorators import permission_required
from conference.forms import RegistrationForm
from conference.models import Edition, Registration
from conference.page_cache import public_page


def _edition_or_404(request, slug) -> Edition:
    edition = selectors.edition_for(user=request.user, slug=slug)
    if edition is None:
        raise Http404
    return edition


@public_page
def edition_list(request):
    editions = selectors.editions_for(user=request.user)
    now = timezone.now()
    upcoming = list(editions.upcoming(now))  # a handful in practice; the archive below is paginated
    past = Paginator(editions.past(now), 20).get_page(request.GET.get("page"))
    return render(request, "conference/edition_list.html", {"upcoming": upcoming, "page_obj": past})


@public_page
def edition_detail(request, slug):
    edition = selectors.edition_page(user=request.user, slug=slug)
    if edition is None:
        raise Http404
    waiting = edition.registration_status == Registration.Status.WAITLISTED
    context = {
        "edition": edition,
        # Read only when the shared part of the page is not kept yet (see edition_detail.html).
        "slots": SimpleLazyObject(lambda: selectors.programme(edition)),
        "table_talks": edition.table_talks.select_related("host", "host_organisation").order_by(
            "round", "table_label", "pk"
        ),
        "outcome_groups": SimpleLazyObject(lambda: selectors.outcomes_by_topic(edition)),
        "registered": edition.registration_id is not None,
        "waiting_place": selectors.waiting_place_of(edition.registration_id) if waiting else None,
    }
    return render(request, "conference/edition_detail.html", context)


@public_page
def session_detail(request, slug, pk):
    edition = _edition_or_404(request, slug)
    session = selectors.session_of(edition, pk)
    if session is None:
        raise Http404
    registration = selectors.registration_of(user=request.user, edition=edition)
    my_choice = same_slot = None
    if registration is not None:
        my_choice = next((c for c in registration.choices.all() if c.session_id == session.pk), None)
        mates = selectors.slot_mates(edition, session)
        same_slot = next((c.session for c in registration.choices.all() if c.session_id in mates), None)
    parallel = edition.sessions.filter(starts_at__lt=session.ends_at, ends_at__gt=session.starts_at).exclude(
        pk=session.pk
    )
    context = {
        "edition": edition,
        "session": session,
        "registration": registration,
        "my_choice": my_choice,
        "same_slot": same_slot,
        "parallel": parallel.only("pk", "title", "starts_at", "ends_at", "conference_id").order_by("starts_at"),
        "table_talks": session.table_talks.select_related("host", "host_organisation", "theme").order_by(
            "table_label", "pk"
        ),
    }
    return render(request, "conference/session_detail.html", context)


def _tell_status(request, registration) -> None:
    """Say where the person stands now, after ``services.register``/``choose_session`` saved ``registration``:
    registered (``is_new``) or on the waiting list (with the place number)."""
    is_new = registration.is_new
    registration = selectors.with_places(registration)
    mailed = " " + _("We have sent you an e-mail.") if is_new else ""
    if registration.status == registration.Status.WAITLISTED:
        text = _("This edition is full. You are on the waiting list, place %(place)s.")
        messages.warning(request, text % {"place": registration.waiting_place} + mailed)
    elif is_new:
        messages.success(request, _("You are registered. We have sent you an e-mail."))
    else:
        messages.success(request, _("Your sessions have been saved."))
    for choice in registration.choices.all():
        if choice.waiting_place:
            text = _("‘%(title)s’ is full. You are on the waiting list for it, place %(place)s.")
            messages.warning(request, text % {"title": choice.session.title, "place": choice.waiting_place})


def _initial_choices(registration, slots, wanted: str | None) -> dict:
    """The form starts from the person's sessions; ``?sessie=<id>`` from a session page preselects one."""
    chosen = {choice.session_id for choice in registration.choices.all()} if registration else set()
    initial = {}
    for index, slot in enumerate(slots):
        for session in slot["sessions"]:
            if session.pk in chosen or (not chosen and str(session.pk) == wanted):
                initial[f"slot_{index}"] = str(session.pk)
    return initial


@permission_required("conference.register")
def register(request, slug):
    edition = _edition_or_404(request, slug)
    registration = selectors.registration_of(user=request.user, edition=edition)
    slots = selectors.programme(edition)
    initial = _initial_choices(registration, slots, request.GET.get("sessie"))
    data = request.POST if request.method == "POST" else None  # a POST without any session is still one
    form = RegistrationForm(data, slots=slots, initial=initial)
    swaps = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.register(
                conference=edition,
                user=request.user,
                sessions=form.chosen_sessions(),
                replace=request.POST.get("replace") == "1",
            )
        except ValidationError as error:
            swaps = form.replacements() if getattr(error, "code", None) == "slot_taken" else []
            if not swaps:
                form.add_error(None, error)
        else:
            _tell_status(request, saved)
            return redirect("conference:my_overview")
    context = {"edition": edition, "form": form, "registration": registration, "slots": slots, "swaps": swaps}
    return render(request, "conference/register.html", context)


@permission_required("conference.register")
@require_POST
def session_choose(request, slug, pk):
    """'Choose this session' on a session page: adds it, or asks before it replaces one in the same slot."""
    edition = _edition_or_404(request, slug)
    session = get_object_or_404(edition.sessions, pk=pk)
    try:
        registration = services.choose_session(
            conference=edition, user=request.user, session=session, replace=request.POST.get("replace") == "1"
        )
    except ValidationError as error:
        if getattr(error, "code", None) != "slot_taken":
            messages.error(request, " ".join(error.messages))
            return redirect(session.get_absolute_url())
        context = {
            "edition": edition,
            "session": selectors.session_of(edition, session.pk),
            "refusal": " ".join(error.messages),
            "chosen_title": error.params["chosen"],
        }
        return render(request, "conference/session_choose.html", context)
    _tell_status(request, registration)
    return redirect(session.get_absolute_url())


@permission_required("conference.register")
@require_POST
def cancel_registration(request, slug):
    edition = _edition_or_404(request, slug)
    registration = selectors.registration_of(user=request.user, edition=edition)
    if registration is None:
        raise Http404
    services.cancel_registration(registration=registration)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect(edition.get_absolute_url())


@public_page(max_age=300)
def editions_ics(request):
    editions = selectors.editions_for(user=None).order_by("starts_at")
    body = calendar.editions_calendar(editions, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="edities.ics"'
    return response


@public_page(max_age=300)
def edition_ics(request, slug):
    edition = _edition_or_404(request, slug)
    body = calendar.edition_calendar(
        edition,
        selectors.sessions_with_hosts(edition),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        online_link=request.user.has_perm("conference.view_online_link", edition),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}.ics"'
    return response
