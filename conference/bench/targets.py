"""What the bench measures: the pages (found in the loaded data), signed-in residents, and the writes.

Signed-in requests carry a session made here, the way a login stores one (the user's id, backend
and password hash in the session store the servers use), so thousands of residents can be signed
in without thousands of password checks. Each write goes to another resident: casting a vote in
the open voting round, or choosing a session of the big edition.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from conference.auth_backends import SESSION_BACKEND
from conference.benchdata import DOMAIN
from conference.models import Edition, Recap, Registration, Session, SessionChoice, User
from conference.models.programme import time_slots

BACKEND = SESSION_BACKEND  # one of AUTHENTICATION_BACKENDS, as a login stores it
CSRF_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass
class Row:
    label: str
    path: str
    signed_in: bool = False
    #: "get", or the kind of write ("vote", "register").
    kind: str = "get"
    lines: list[str] = field(default_factory=list)


def _models():
    """The themes and workgroups models, imported late (conference does not import them at module level)."""
    themes = import_module("themes.models")
    workgroups = import_module("workgroups.models")
    return themes, workgroups


def big_edition() -> Edition:
    return (
        Edition.objects.published()
        .annotate(n=Count("sessions"))
        .filter(n__gte=100)
        .order_by("-n", "-starts_at")
        .first()
    )


def page_rows() -> list[Row]:
    """Every page of the issue's list, anonymous; and home, edition, themes and workgroup signed in."""
    themes, workgroups = _models()
    big = big_edition()
    if big is None:
        raise RuntimeError("No edition with 100 sessions or more: load the bench data first (manage.py load_bench).")
    edition = Edition.objects.published().past().exclude(pk=big.pk).first()
    session = big.sessions.filter(needs_registration=True).order_by("starts_at", "pk")[10]
    recap = Recap.objects.published().order_by("-published_at").first()
    closed = themes.VotingRound.objects.filter(results_published=True).order_by("-closes_at").first()
    past_themes = themes.Theme.objects.filter(
        conference__in=Edition.objects.published().past(),
        status__in=(themes.Theme.Status.CHOSEN, themes.Theme.Status.NOT_CHOSEN),
    ).order_by("-conference__starts_at", "pk")
    theme = past_themes.filter(title__icontains="eenzaamheid").first() or past_themes.first()
    group = workgroups.Workgroup.objects.annotate(n=Count("reports")).order_by("-n", "pk").first()
    anonymous = [
        Row("/healthz (ceiling)", "/healthz"),
        Row("home", reverse("conference:home")),
        Row("archive (editions)", reverse("conference:edition_list")),
        Row("one edition (30 sessions)", edition.get_absolute_url()),
        Row("200-session programme", big.get_absolute_url()),
        Row("one session", session.get_absolute_url()),
        Row("one recap", recap.get_absolute_url()),
        Row("theme list, page 1", reverse("themes:list")),
        Row("theme search ?q=eenzaamheid", reverse("themes:list") + "?q=eenzaamheid"),
        Row("one theme (themes like this one)", theme.get_absolute_url()),
        Row("voting results", reverse("themes:results", args=[closed.pk])),
        Row("workgroup list", reverse("workgroups:list")),
        Row("one workgroup with its timeline", group.get_absolute_url()),
        Row("Atom feed of recaps", reverse("conference:recap_feed")),
        Row("all editions .ics", reverse("conference:editions_ics")),
    ]
    signed_in_labels = {"home", "one edition (30 sessions)", "200-session programme", "theme list, page 1"}
    signed_in_labels |= {"theme search ?q=eenzaamheid", "one workgroup with its timeline"}
    signed_in = [Row(row.label, row.path, signed_in=True) for row in anonymous if row.label in signed_in_labels]
    return anonymous + signed_in


def residents():
    return User.objects.filter(email__startswith="bewoner", email__endswith=f"@{DOMAIN}", is_active=True)


def sessions_for(users, *, hours: int = 6) -> dict[int, tuple[str, str]]:
    """A stored session and a CSRF token for each user: ``{user id: (session key, token)}``."""
    if BACKEND not in settings.AUTHENTICATION_BACKENDS:  # else every "signed-in" request would be anonymous
        raise RuntimeError(f"{BACKEND} is not in AUTHENTICATION_BACKENDS")
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    model = store_class.get_model_class()  # the engine's own table (LoginSession), as a real login writes
    expires = timezone.now() + timedelta(hours=hours)
    made, rows = {}, []
    for user in users:
        store = store_class()
        key = store._session_key = store._get_new_session_key()
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: BACKEND, HASH_SESSION_KEY: user.get_session_auth_hash()}
        row = store.create_model_instance(data)  # with the user id beside the data
        row.expire_date = expires
        rows.append(row)
        made[user.pk] = (key, get_random_string(32, CSRF_CHARS))
    model.objects.bulk_create(rows, batch_size=2000)
    return made


def cookie(session: tuple[str, str]) -> str:
    key, token = session
    return f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={token}"


def reset_writes() -> list[User]:
    """Undo the previous run's bench writes; the free residents, who do the writes of both write rows.

    The load leaves half of the residents without a ballot in the open round and without a
    registration for the big edition; the bench's writes go to them, and are removed again here.
    """
    themes, _workgroups = _models()
    big = big_edition()
    round_ = themes.VotingRound.objects.get(conference=big)
    free = list(residents().order_by("pk")[residents().count() // 2 :])
    themes.Ballot.objects.filter(round=round_, voter__in=free).delete()
    Registration.objects.filter(conference=big, user__in=free).delete()
    return free


#: More write lines than the fastest write row can use in one second, per connection.
WRITES_PER_SECOND = 60


def writes_needed(seconds: float, connections: int) -> int:
    """How many different write requests a write row prepares, so that wrk never runs out."""
    return int(seconds * WRITES_PER_SECOND * connections)


def vote_lines(voters: list[User], sessions: dict, limit: int) -> list[str]:
    """Three votes per voter, for different published themes; one voter after another."""
    themes, _workgroups = _models()
    round_ = themes.VotingRound.objects.get(conference=big_edition())
    theme_ids = list(
        themes.Theme.objects.filter(conference=round_.conference, status=themes.Theme.Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    path = reverse("themes:cast", args=[round_.pk])
    lines = []
    for vote in range(round_.votes_per_voter):
        for number, voter in enumerate(voters):
            key, token = sessions[voter.pk]
            theme = theme_ids[(number * 7 + vote * 13) % len(theme_ids)]
            lines.append(f"{path}\t{key}\t{token}\ttheme={theme}")
    return lines[:limit]


def register_lines(registrants: list[User], sessions: dict, limit: int) -> list[str]:
    """Each registrant chooses a session of the big edition, which registers them; one registrant after another.

    A small load has fewer registrants than the row needs lines: then they go round again, each
    choosing a session in another time slot, as people add sessions to their registration.
    """
    big = big_edition()
    slots = [
        [session.pk for session in slot["sessions"] if session.needs_registration]
        for slot in time_slots(Session.objects.filter(conference=big))
    ]
    slots = [slot for slot in slots if slot]
    lines = []
    for round_ in range(len(slots)):
        for number, person in enumerate(registrants):
            if len(lines) == limit:
                return lines
            key, token = sessions[person.pk]
            slot = slots[(number + round_) % len(slots)]
            path = reverse(
                "conference:session_choose", kwargs={"slug": big.slug, "pk": slot[(number * 11) % len(slot)]}
            )
            lines.append(f"{path}\t{key}\t{token}\t")
    return lines


def write_file(lines: list[str], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored_writes(kind: str, people: list[User]) -> int:
    """How many of the bench's writes are in the database: votes cast, or sessions chosen."""
    themes, _workgroups = _models()
    big = big_edition()
    if kind == "vote":
        return themes.Vote.objects.filter(ballot__round__conference=big, ballot__voter__in=people).count()
    return SessionChoice.objects.filter(registration__conference=big, registration__user__in=people).count()
