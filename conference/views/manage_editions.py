"""Coordinator pages for editions: details, programme, registrations, table talks, recap, evaluation."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from conference import selectors, services
from conference.csv_export import csv_response
from conference.decorators import coordinator_required
from conference.forms import (
    CopyEditionForm,
    EditionForm,
    EvaluationSetupForm,
    RecapForm,
    RecapSectionFormSet,
    SessionForm,
    SessionHostFormSet,
    TableTalkForm,
    show_unchecked,
    with_one_more_form,
)
from conference.models import Edition, Evaluation, Outcome, Recap, Session, TableTalk
from conference.views.recaps import recap_context


def _edition(slug) -> Edition:
    return get_object_or_404(Edition.objects.select_related("organiser"), slug=slug)


@coordinator_required
def edition_list(request):
    page = Paginator(selectors.editions_for_coordinators(), 20).get_page(request.GET.get("page"))
    return render(request, "conference/manage/edition_list.html", {"page_obj": page})


@coordinator_required
def edition_edit(request, slug=None):
    edition = _edition(slug) if slug else None
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
    source = _edition(slug)
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
    edition = _edition(slug)
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
    publish = request.POST.get("publish") == "1"
    edition = services.set_edition_published(conference=_edition(slug), published=publish)
    messages.success(request, _("The edition is published.") if publish else _("The edition is no longer public."))
    return redirect("conference:manage_edition", slug=edition.slug)


ADD_HOST = "add_host"


@coordinator_required
def session_edit(request, slug, pk=None):
    """A session with its speakers and hosts, as many as needed.

    "Add a host" adds a row in the page (formset.js); without JavaScript the same button sends
    the form, which comes back with one more empty row and everything typed, and nothing saved.
    """
    edition = _edition(slug)
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
    edition = _edition(slug)
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
    edition = _edition(slug)
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
    edition = _edition(slug)
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


@coordinator_required
def table_talks(request, slug):
    edition = _edition(slug)
    form = TableTalkForm(request.POST or None, edition=edition, initial={"round": 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_table_talk(conference=edition, **form.table_talk_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The table has been added."))
            return redirect("conference:manage_table_talks", slug=edition.slug)
    tables = selectors.table_talks(edition, drafts=True)
    return render(request, "conference/manage/table_talks.html", {"edition": edition, "tables": tables, "form": form})


@coordinator_required
def table_talk_edit(request, slug, pk):
    edition = _edition(slug)
    table = get_object_or_404(edition.table_talks, pk=pk)
    form = TableTalkForm(request.POST or None, instance=copy.copy(table), edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_table_talk(conference=edition, table_talk=table, **form.table_talk_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The table has been saved."))
            return redirect("conference:manage_table_talks", slug=edition.slug)
    return render(request, "conference/manage/table_talk_form.html", {"edition": edition, "table": table, "form": form})


def _table_of(edition: Edition, value: str) -> TableTalk | None:
    """The edition's table with this id as sent by a form, or None for anything else."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return edition.table_talks.filter(pk=int(value)).first()


@coordinator_required
@require_POST
def outcomes_publish(request, slug):
    """Publish (or take back) the outcomes of one table, or of all tables of the edition."""
    edition = _edition(slug)
    outcomes = Outcome.objects.filter(table_talk__conference=edition)
    tables = edition.table_talks.all()
    if "table" in request.POST:
        table = _table_of(edition, request.POST["table"])
        if table is None:
            messages.error(request, _("This table does not exist (any more). Nothing has been published."))
            return redirect("conference:manage_table_talks", slug=edition.slug)
        outcomes = outcomes.filter(table_talk=table)
        tables = tables.filter(pk=table.pk)
    publish = request.POST.get("publish") == "1"
    changed, photos = services.set_outcomes_published(outcomes=outcomes, published=publish, tables=tables)
    for text in _published_messages(publish, changed, photos):
        messages.success(request, text)
    return redirect("conference:manage_table_talks", slug=edition.slug)


def _published_messages(publish: bool, outcomes: int, photos: int) -> list[str]:
    if publish:
        texts = [
            ngettext("%(count)d outcome published.", "%(count)d outcomes published.", outcomes) % {"count": outcomes}
        ]
        if photos:
            texts.append(
                ngettext("%(count)d photo published.", "%(count)d photos published.", photos) % {"count": photos}
            )
    else:
        texts = [
            ngettext("%(count)d outcome taken back.", "%(count)d outcomes taken back.", outcomes) % {"count": outcomes}
        ]
        if photos:
            texts.append(ngettext("%(count)d photo hidden.", "%(count)d photos hidden.", photos) % {"count": photos})
    return texts


@coordinator_required
def recap_edit(request, slug):
    edition = _edition(slug)
    recap = Recap.objects.filter(conference=edition).first() or Recap(
        conference=edition, title=_("Recap: %(title)s") % {"title": edition.title}
    )
    form = RecapForm(request.POST or None, instance=recap)
    formset = RecapSectionFormSet(request.POST or None, instance=recap, prefix="sections")
    preview = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if "preview" in request.POST:
            # Shown, not stored: the form's instances carry what was typed (see ``save_recap``).
            preview_recap = form.instance
            sections = [
                f.instance
                for f in formset.forms
                if f.has_changed() and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("heading")
            ]
            preview = {**recap_context(request, preview_recap), "sections": sorted(sections, key=lambda s: s.order)}
        else:
            try:
                services.save_recap(
                    conference=edition, user=request.user, sections=formset.section_rows(), **form.recap_fields()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The recap has been saved."))
                return redirect("conference:manage_recap", slug=edition.slug)
    context = {"edition": edition, "recap": recap, "form": form, "formset": formset, "preview": preview}
    return render(request, "conference/manage/recap_form.html", context)


@coordinator_required
@require_POST
def recap_publish(request, slug):
    recap = get_object_or_404(Recap, conference__slug=slug)
    publish = request.POST.get("publish") == "1"
    try:
        services.set_recap_published(recap=recap, published=publish, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The recap is published.") if publish else _("The recap is a draft again."))
    return redirect("conference:manage_recap", slug=slug)


@coordinator_required
def evaluation_manage(request, slug):
    edition = _edition(slug)
    evaluation = Evaluation.objects.filter(conference=edition).first()
    initial = {}
    if evaluation:
        initial = {
            "introduction": evaluation.introduction,
            "questions": "\n".join(q.text for q in evaluation.questions.all()),
            "is_open": evaluation.is_open,
        }
    form = EvaluationSetupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_evaluation(
            conference=edition,
            introduction=form.cleaned_data["introduction"],
            questions=form.cleaned_data["questions"].splitlines(),
            is_open=form.cleaned_data["is_open"],
        )
        messages.success(request, _("The evaluation has been saved."))
        return redirect("conference:manage_evaluation", slug=edition.slug)
    context = {"edition": edition, "evaluation": evaluation, "form": form}
    if evaluation:
        context["summary"] = selectors.evaluation_summary(evaluation)
        context["answers"] = selectors.evaluation_answers(evaluation)
    return render(request, "conference/manage/evaluation.html", context)


@coordinator_required
def evaluation_csv(request, slug):
    evaluation = get_object_or_404(Evaluation, conference__slug=slug)
    questions = list(evaluation.questions.all())
    responses = evaluation.responses.prefetch_related("answers").order_by("?")  # no order that reveals who
    return csv_response(
        f"evaluatie-{slug}", [_("Rating"), *[q.text for q in questions]], _answer_rows(responses, questions)
    )


def _answer_rows(responses, questions):
    for item in responses:
        texts = {a.question_id: a.text for a in item.answers.all()}
        yield [item.rating, *[texts.get(q.pk, "") for q in questions]]
