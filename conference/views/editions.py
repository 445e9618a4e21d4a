"""Public edition pages: archive, edition with programme, registration, calendars."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference import calendar, selectors, services
from conference.decorators import permission_required
from conference.forms import RegistrationForm
from conference.models import Conference, Recap


def _edition_or_404(request, slug) -> Conference:
    edition = selectors.edition_for(user=request.user, slug=slug)
    if edition is None:
        raise Http404
    return edition


def edition_list(request):
    editions = selectors.editions_for(user=request.user)
    now = timezone.now()
    upcoming = list(editions.upcoming(now))  # a handful in practice; the archive below is paginated
    past = Paginator(editions.past(now), 20).get_page(request.GET.get("page"))
    return render(request, "conference/edition_list.html", {"upcoming": upcoming, "page_obj": past})


def edition_detail(request, slug):
    edition = selectors.editions_for(user=request.user).select_related("evaluation").filter(slug=slug).first()
    if edition is None:
        raise Http404
    recap = Recap.objects.visible_to(request.user).filter(conference=edition).only("pk", "status").first()
    context = {
        "edition": edition,
        "slots": selectors.programme(edition),
        "table_talks": edition.table_talks.select_related("host", "host_organisation").order_by(
            "round", "table_label", "pk"
        ),
        "outcome_groups": selectors.outcomes_by_topic(edition),
        "registration": selectors.registration_of(user=request.user, edition=edition),
        "recap": recap,
    }
    return render(request, "conference/edition_detail.html", context)


def session_detail(request, slug, pk):
    edition = _edition_or_404(request, slug)
    session = selectors.session_of(edition, pk)
    if session is None:
        raise Http404
    registration = selectors.registration_of(user=request.user, edition=edition)
    my_choice = None
    if registration is not None:
        my_choice = next((c for c in registration.choices.all() if c.session_id == session.pk), None)
    parallel = edition.sessions.filter(starts_at__lt=session.ends_at, ends_at__gt=session.starts_at).exclude(
        pk=session.pk
    )
    context = {
        "edition": edition,
        "session": session,
        "registration": registration,
        "my_choice": my_choice,
        "parallel": parallel.only("pk", "title", "starts_at", "ends_at", "conference_id").order_by("starts_at"),
        "table_talks": session.table_talks.select_related("host", "host_organisation", "theme").order_by(
            "table_label", "pk"
        ),
    }
    return render(request, "conference/session_detail.html", context)


@permission_required("conference.register")
def register(request, slug):
    edition = _edition_or_404(request, slug)
    registration = selectors.registration_of(user=request.user, edition=edition)
    slots = selectors.programme(edition)
    initial = {}
    if registration is not None:
        chosen = {choice.session_id for choice in registration.choices.all()}
        for index, slot in enumerate(slots):
            for session in slot["sessions"]:
                if session.pk in chosen:
                    initial[f"slot_{index}"] = str(session.pk)
    form = RegistrationForm(request.POST or None, slots=slots, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                conference=edition,
                user=request.user,
                sessions=form.chosen_sessions(),
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.status == registration.Status.WAITLISTED:
                messages.warning(request, _("This edition is full. You are on the waiting list."))
            else:
                messages.success(request, _("You are registered. We have sent you an e-mail."))
            return redirect("conference:my_overview")
    context = {"edition": edition, "form": form, "registration": registration, "slots": slots}
    return render(request, "conference/register.html", context)


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


def editions_ics(request):
    editions = selectors.editions_for(user=None).order_by("starts_at")
    body = calendar.editions_calendar(editions, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="edities.ics"'
    return response


def edition_ics(request, slug):
    edition = _edition_or_404(request, slug)
    body = calendar.edition_calendar(
        edition, selectors.sessions_with_hosts(edition), base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}.ics"'
    return response
