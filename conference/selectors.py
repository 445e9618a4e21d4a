"""Read-side queries for conference pages: what each page needs, in a bounded number of queries."""

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from conference import page_cache
from conference.models import (
    Edition,
    Evaluation,
    EvaluationAnswer,
    Membership,
    Organisation,
    Organiser,
    Outcome,
    Recap,
    Registration,
    Session,
    SessionChoice,
    SessionHost,
    TableTalk,
    User,
)
from conference.models.programme import time_slots
from conference.rules import holds_coordinator_role, is_coordinator, role_holders_q, second_factor_exists


def next_edition(*, user) -> Edition | None:
    return Edition.objects.visible_to(user).select_related("organiser").upcoming().first()


def editions_for(*, user) -> QuerySet[Edition]:
    return Edition.objects.visible_to(user).select_related("organiser").order_by("-starts_at")


def users_for_coordinators(*, query: str = "", role: str = "") -> QuerySet[User]:
    """People and their roles; "coordinator" lists everyone who holds the role, with two-step login or
    not yet (``_has_second_factor`` is annotated, so the rules ask no query per person). The placeholder
    account of deleted participants is nobody's to manage."""
    users = (
        User.objects.filter(is_placeholder=False)
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("organisation")))
        .annotate(_has_second_factor=second_factor_exists())
        .order_by("display_name", "pk")
    )
    if query:
        users = users.filter(Q(display_name__icontains=query) | Q(email__icontains=query))
    if role == "coordinator":
        users = users.filter(role_holders_q())
    elif role == "partner":
        users = users.filter(memberships__isnull=False).distinct()
    return users


def is_last_coordinator(user) -> bool:
    """Deleting this account would leave the portal without anyone who holds the coordinator role
    (with two-step login or not yet: one who has not set it up yet can still do so)."""
    return holds_coordinator_role(user) and not User.objects.filter(role_holders_q()).exclude(pk=user.pk).exists()


def organisation_list() -> QuerySet[Organisation]:
    """Partner organisations in name order: each has a public page, there is nothing to hide."""
    return Organisation.objects.order_by("name", "pk")


def organisations_with_counts() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(member_count=Count("memberships")).order_by("name")


def organisers_with_counts() -> QuerySet[Organiser]:
    return Organiser.objects.annotate(edition_count=Count("editions")).order_by("name")


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__display_name")


# --- Editions and programme -------------------------------------------------------------------


def edition_for(*, user, slug: str):
    """The edition, or None when the user may not see it (unpublished)."""
    return editions_for(user=user).filter(slug=slug).first()


def programme(edition: Edition) -> list[dict]:
    """The sessions grouped into time slots: sessions that overlap share a slot (shown side by side)."""
    sessions = list(
        edition.sessions.prefetch_related(
            Prefetch("hosts", queryset=SessionHost.objects.select_related("organisation"))
        )
        .annotate(taken=Count("choices", filter=Q(choices__status=SessionChoice.Status.CONFIRMED)))
        .order_by("starts_at", "title", "pk")
    )
    return time_slots(sessions)


def slot_mates(edition: Edition, session: Session) -> set[int]:
    """The sessions in the same time slot of the programme as ``session`` (itself included)."""
    slots = time_slots(edition.sessions.only("pk", "title", "starts_at", "ends_at"))
    return next({s.pk for s in slot["sessions"]} for slot in slots if any(s.pk == session.pk for s in slot["sessions"]))


def sessions_with_hosts(edition: Edition) -> QuerySet[Session]:
    return edition.sessions.prefetch_related(
        Prefetch("hosts", queryset=SessionHost.objects.select_related("organisation"))
    ).order_by("starts_at", "title", "pk")


def programmes_for(*, user) -> QuerySet[Session]:
    """The sessions of every edition ``user`` may see, with their hosts, in programme order per edition."""
    return (
        Session.objects.filter(conference__in=editions_for(user=user).values("pk"))
        .select_related("conference")
        .prefetch_related(Prefetch("hosts", queryset=SessionHost.objects.select_related("organisation")))
        .order_by("conference__starts_at", "conference_id", "starts_at", "title", "pk")
    )


def session_of(edition: Edition, pk: int) -> Session | None:
    """One session of the programme with its hosts, taken seats and waiting list."""
    return (
        edition.sessions.prefetch_related(
            Prefetch("hosts", queryset=SessionHost.objects.select_related("organisation"))
        )
        .annotate(
            taken=Count("choices", filter=Q(choices__status=SessionChoice.Status.CONFIRMED)),
            waiting=Count("choices", filter=Q(choices__status=SessionChoice.Status.WAITLISTED)),
        )
        .filter(pk=pk)
        .first()
    )


def _ahead_of(queryset, group: str):
    """How many rows of ``queryset`` come before the outer row: the waiting-list order of ``_rebalance``."""
    earlier = Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    counted = queryset.filter(earlier).order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def registration_waiting_place():
    """Annotation: the place on the edition's waiting list (1 = next in line), None when not waiting."""
    waiting = Registration.objects.filter(conference=OuterRef("conference"), status=Registration.Status.WAITLISTED)
    return Case(
        When(status=Registration.Status.WAITLISTED, then=_ahead_of(waiting, "conference") + 1),
        default=None,
        output_field=IntegerField(),
    )


def choice_waiting_place():
    """Annotation: the place on a session's waiting list, for people who have a place at the edition.

    Someone still on the edition's waiting list has no place number for a session yet: they join
    the session's list in order once they get a place at the edition.
    """
    in_line = Q(status=SessionChoice.Status.WAITLISTED, registration__status=Registration.Status.CONFIRMED)
    waiting = SessionChoice.objects.filter(in_line, session=OuterRef("session"))
    return Case(When(in_line, then=_ahead_of(waiting, "session") + 1), default=None, output_field=IntegerField())


def choices_with_places() -> QuerySet[SessionChoice]:
    return (
        SessionChoice.objects.select_related("session")
        .annotate(waiting_place=choice_waiting_place())
        .order_by("session__starts_at", "pk")
    )


def registration_of(*, user, edition: Edition) -> Registration | None:
    """The user's active registration for the edition, with waiting-list places, or None."""
    if not user.is_authenticated:
        return None
    registration = _with_choices(Registration.objects.active().filter(user=user, conference=edition)).first()
    return _attach_places(registration) if registration else None


def waiting_place_of(registration_id: int) -> int | None:
    """The place of one registration on its edition's waiting list (None when it is not waiting)."""
    places = Registration.objects.filter(pk=registration_id).annotate(place=registration_waiting_place())
    return places.values_list("place", flat=True).first()


def _choices_in_order() -> QuerySet[SessionChoice]:
    return SessionChoice.objects.select_related("session").order_by("session__starts_at", "pk")


def _with_choices(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.prefetch_related(Prefetch("choices", queryset=_choices_in_order()))


def _attach_places(registration: Registration) -> Registration:
    """Set ``waiting_place`` on one registration and its choices, as ``registrations_of`` annotates it.

    Asked only for what is waiting: most people have a place, and then it costs no query.
    """
    waiting = registration.status == Registration.Status.WAITLISTED
    registration.waiting_place = waiting_place_of(registration.pk) if waiting else None
    choices = list(registration.choices.all())
    # Only someone with a place at the edition is in line for a session (``choice_waiting_place``).
    seated = registration.status == Registration.Status.CONFIRMED
    in_line = [choice.pk for choice in choices if seated and choice.status == SessionChoice.Status.WAITLISTED]
    places = dict(choices_with_places().filter(pk__in=in_line).values_list("pk", "waiting_place")) if in_line else {}
    for choice in choices:
        choice.waiting_place = places.get(choice.pk)
    return registration


def edition_page(*, user, slug: str) -> Edition | None:
    """An edition as its page shows it: with its evaluation, whether it has a recap ``user`` may read
    (``has_recap``), and the id and status of ``user``'s active registration (``registration_id``,
    ``registration_status``; None when they have none).

    Everyone but a coordinator sees the same published edition and recap: that part is read once per
    content version (``page_cache.shared_value``, a copy for each request); only the registration is theirs.
    """

    def edition_and_recap(viewer):
        edition = editions_for(user=viewer).select_related("evaluation").filter(slug=slug).first()
        return edition, edition is not None and Recap.objects.visible_to(viewer).filter(conference=edition).exists()

    if is_coordinator(user):
        edition, has_recap = edition_and_recap(user)
    else:
        edition, has_recap = page_cache.shared_value(("edition-page", slug), lambda: edition_and_recap(None))
    if edition is None:
        return None
    edition.has_recap = has_recap
    mine = None
    if user.is_authenticated:
        mine = Registration.objects.active().filter(user=user, conference=edition).values_list("pk", "status").first()
    edition.registration_id, edition.registration_status = mine or (None, None)
    return edition


def with_places(registration: Registration) -> Registration:
    """A registration just saved, with its sessions and waiting-list places (one query when nobody waits)."""
    prefetch_related_objects([registration], Prefetch("choices", queryset=_choices_in_order()))
    return _attach_places(registration)


def registration_with_places(pk: int) -> Registration | None:
    """One registration with its edition, person, sessions and waiting-list places (for e-mails)."""
    registration = Registration.objects.filter(pk=pk).select_related("conference", "user").first()
    return with_places(registration) if registration else None


def registrations_of(*, user) -> QuerySet[Registration]:
    return (
        Registration.objects.active()
        .filter(user=user)
        .select_related("conference")
        .annotate(waiting_place=registration_waiting_place())
        .prefetch_related(Prefetch("choices", queryset=choices_with_places()))
        .order_by("-conference__starts_at")
    )


def edition_counts(edition: Edition) -> dict:
    """People per status of their registration for the edition (not per session).

    ``confirmed`` have a place at the edition, ``waitlisted`` wait for one, ``cancelled`` withdrew.
    """
    return edition.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
    )


def session_counts(edition: Edition) -> QuerySet[Session]:
    """Per session: ``confirmed`` places taken; ``waitlisted`` people with a place at the edition
    who wait for a place in this session; ``waiting_for_edition`` people who chose the session
    but are still on the edition's waiting list. Cancelled registrations have no choices left.
    """
    choice_waiting = Q(choices__status=SessionChoice.Status.WAITLISTED)
    return edition.sessions.annotate(
        confirmed=Count("choices", filter=Q(choices__status=SessionChoice.Status.CONFIRMED)),
        waitlisted=Count(
            "choices", filter=choice_waiting & Q(choices__registration__status=Registration.Status.CONFIRMED)
        ),
        waiting_for_edition=Count(
            "choices", filter=choice_waiting & Q(choices__registration__status=Registration.Status.WAITLISTED)
        ),
    ).order_by("starts_at", "title", "pk")


def attendees(edition: Edition) -> QuerySet[Registration]:
    return (
        edition.registrations.active()
        .select_related("user")
        .prefetch_related(
            Prefetch("user__memberships", queryset=Membership.objects.select_related("organisation")),
            Prefetch("choices", queryset=SessionChoice.objects.select_related("session")),
        )
        .order_by("status", "user__display_name", "pk")
    )


def copy_summary(edition: Edition) -> dict:
    """What a new edition made from this one takes along (see ``services.copy_edition``)."""
    evaluation = Evaluation.objects.filter(conference=edition).annotate(question_count=Count("questions")).first()
    return {
        "sessions": edition.sessions.count(),
        "hosts": SessionHost.objects.filter(session__conference=edition).count(),
        "questions": evaluation.question_count if evaluation else None,
    }


def editions_for_coordinators() -> QuerySet[Edition]:
    return Edition.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waitlisted=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
    ).order_by("-starts_at")


# --- Table talks and outcomes -----------------------------------------------------------------


def table_talks(edition: Edition, *, drafts: bool = False) -> QuerySet[TableTalk]:
    outcomes = Outcome.objects.order_by("order", "pk")
    if not drafts:
        outcomes = outcomes.published()
    return (
        edition.table_talks.select_related("host", "host_organisation", "theme", "session")
        .prefetch_related(Prefetch("outcomes", queryset=outcomes))
        .annotate(
            draft_count=Count("outcomes", filter=Q(outcomes__status=Outcome.Status.DRAFT), distinct=True),
            draft_photo_count=Count("photos", filter=Q(photos__is_published=False), distinct=True),
            photo_count=Count("photos", distinct=True),
        )
        .order_by("round", "table_label", "pk")
    )


def outcomes_by_topic(edition: Edition) -> list[dict]:
    """Published outcomes grouped by theme (or the table's topic), as in 'eerste opbrengsten'."""
    groups: dict[str, dict] = {}
    outcomes = (
        Outcome.objects.published()
        .filter(table_talk__conference=edition)
        .select_related("table_talk", "table_talk__theme")
        .order_by("table_talk__round", "table_talk__table_label", "table_talk_id", "order", "pk")
    )
    for outcome in outcomes:
        table = outcome.table_talk
        topic = table.theme.title if table.theme_id else table.title
        group = groups.setdefault(topic, {"topic": topic, "theme": table.theme, "outcomes": []})
        group["outcomes"].append(outcome)
    return list(groups.values())


def table_talks_for(*, user) -> QuerySet[TableTalk]:
    """Table talks of every edition ``user`` may see, each with its published outcomes only (what the
    public table page shows), in a stable order: newest edition first, then round and table."""
    return (
        TableTalk.objects.filter(conference__in=editions_for(user=user).values("pk"))
        .select_related("conference", "host", "host_organisation", "theme")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.published().order_by("order", "pk")))
        .order_by("-conference__starts_at", "round", "table_label", "pk")
    )


def table_talk_for(*, user, edition: Edition, pk: int) -> TableTalk | None:
    return (
        edition.table_talks.select_related("host", "host_organisation", "theme", "session", "conference")
        .filter(pk=pk)
        .first()
    )


# --- Recaps -----------------------------------------------------------------------------------


def recaps_for(*, user) -> QuerySet[Recap]:
    return Recap.objects.visible_to(user).select_related("conference").order_by("-conference__starts_at")


def recap_for(*, user, slug: str) -> Recap | None:
    return (
        recaps_for(user=user)
        .filter(conference__slug=slug)
        .prefetch_related("sections")
        .select_related("conference__evaluation", "conference__organiser")
        .first()
    )


def latest_recap() -> Recap | None:
    return Recap.objects.published().select_related("conference").order_by("-conference__starts_at").first()


def edition_after(edition: Edition, *, user) -> Edition | None:
    return editions_for(user=user).filter(starts_at__gt=edition.starts_at).order_by("starts_at").first()


# --- Evaluation -------------------------------------------------------------------------------


def evaluation_summary(evaluation: Evaluation) -> dict:
    counts = dict(evaluation.responses.values_list("rating").annotate(n=Count("pk")).order_by())
    total = sum(counts.values())
    distribution = [
        {"rating": r, "count": counts.get(r, 0), "percent": round(100 * counts.get(r, 0) / total) if total else 0}
        for r in range(5, 0, -1)
    ]
    average = sum(r * n for r, n in counts.items()) / total if total else None
    return {"total": total, "average": average, "distribution": distribution}


def evaluation_answers(evaluation: Evaluation) -> list[dict]:
    questions = evaluation.questions.prefetch_related(
        Prefetch("answers", queryset=EvaluationAnswer.objects.order_by("pk"))
    )
    return [{"question": q, "answers": list(q.answers.all())} for q in questions]
