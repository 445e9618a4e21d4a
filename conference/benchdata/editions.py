"""The conference part of the benchmark data: the organising body, organisations, people, editions
with their programmes, registrations, table talks with outcomes, and recaps."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.utils.text import slugify

from conference import services
from conference.benchdata import DOMAIN, BenchContext, bulk
from conference.benchdata.text import ORGANISATION_NAMES, ROOMS, VENUES, VILLAGES
from conference.models import (
    Edition,
    Membership,
    Organisation,
    Outcome,
    Recap,
    RecapSection,
    Registration,
    Session,
    SessionChoice,
    SessionHost,
    TableTalk,
    User,
)

TZ = ZoneInfo("Europe/Amsterdam")
#: The large coming edition: three days, seven rooms, this many sessions, this many hosts.
BIG_DAYS, BIG_SESSIONS, BIG_HOSTS = 3, 200, 150
SLOT_MINUTES, SESSION_MINUTES, SLOTS_PER_DAY = 55, 50, 11
COORDINATORS = 10


def load(ctx: BenchContext) -> None:
    services.save_site_settings(
        name="Gemeente Brederwold",
        portal_name="Werkconferentie Brederwold",
        contact_person="Regiegroep Werkconferentie",
        contact_email=f"werkconferentie@{DOMAIN}",
        website="https://brederwold.example.org",
    )
    _organisations(ctx)
    _people(ctx)
    _editions(ctx)
    for edition in ctx.past_editions:
        _programme(ctx, edition)
    _big_programme(ctx)
    _registrations(ctx)
    _table_talks(ctx)
    _recaps(ctx)


def _organisations(ctx: BenchContext) -> None:
    names = [pattern.format(village=village) for village in VILLAGES for pattern in ORGANISATION_NAMES]
    kinds = list(Organisation.Kind)
    rows = [
        Organisation(name=name, slug=slugify(name)[:160], kind=kinds[index % len(kinds)])
        for index, name in enumerate(names[: ctx.n(60, minimum=10)])
    ]
    ctx.organisations = bulk(ctx, Organisation, rows)


def _people(ctx: BenchContext) -> None:
    """Coordinators, partners (members of an organisation) and residents; one password hash for all."""
    # Never fewer than 7,000: the bench's vote row needs about 3,200 residents without a ballot (half of
    # them have one) to prepare 9,600 different votes for 10 s at 16 connections, whatever the scale.
    total = ctx.n(20_000, minimum=7_000)
    partners = ctx.n(600, minimum=40)
    rows = []
    for number in range(total):
        role = "coordinator" if number < COORDINATORS else "partner" if number < COORDINATORS + partners else "bewoner"
        rows.append(
            User(
                email=f"{role}{number:05d}@{DOMAIN}",
                display_name=ctx.words.person(),
                is_coordinator=role == "coordinator",
                password=ctx.password_hash,
                date_joined=ctx.now - timedelta(days=ctx.rng.randint(0, 3650)),
            )
        )
    users = bulk(ctx, User, rows)
    bulk(ctx, EmailAddress, (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users))
    ctx.coordinators = [u.pk for u in users[:COORDINATORS]]
    ctx.partners = [u.pk for u in users[COORDINATORS : COORDINATORS + partners]]
    ctx.residents = [u.pk for u in users[COORDINATORS + partners :]]
    bulk(
        ctx,
        Membership,
        (
            Membership(user_id=pk, organisation=ctx.organisations[i % len(ctx.organisations)], created_at=ctx.now)
            for i, pk in enumerate(ctx.partners)
        ),
    )


def _day(date, hour, minute=0) -> datetime:
    return datetime.combine(date, time(hour, minute), tzinfo=TZ)


def _editions(ctx: BenchContext) -> None:
    """Twice a year for twenty years (spring and autumn), the last a few months ago; and the big one ahead."""
    count = ctx.n(40, minimum=4)
    today = ctx.now.astimezone(TZ).date()
    rows = []
    for index in range(count):
        months_back = 4 + 6 * (count - 1 - index)
        year, month = divmod(today.year * 12 + today.month - 1 - months_back, 12)
        day = datetime(year, month + 1, 12, tzinfo=TZ).date()
        season = "voorjaar" if month + 1 <= 6 else "najaar"
        rows.append(_edition(ctx, f"Werkconferentie {season} {year}", f"werkconferentie-{year}-{season}", day, 1))
    start = today + timedelta(weeks=10)
    big = _edition(
        ctx, f"Werkconferentie {start.year}: drie dagen", f"werkconferentie-{start.year}-driedaags", start, 3
    )
    big.registration_opens_at = ctx.now - timedelta(days=14)
    big.registration_closes_at = _day(start, 9) - timedelta(days=2)
    editions = bulk(ctx, Edition, [*rows, big])
    ctx.past_editions, ctx.big_edition = editions[:-1], editions[-1]


def _edition(ctx: BenchContext, title, slug, day, days) -> Edition:
    subject = ctx.words.subject()
    village = ctx.words.choice(VILLAGES)
    return Edition(
        title=title,
        slug=slug,
        motto=f"{village} voor iedereen",
        description=ctx.words.markdown(subject, 2),
        starts_at=_day(day, 9),
        ends_at=_day(day + timedelta(days=days - 1), 19 if days > 1 else 18),
        venue=ctx.words.choice(VENUES),
        address=f"Dorpsstraat {ctx.rng.randint(1, 120)}, {village}",
        capacity=None if days == 1 else 2500,
        is_published=True,
        created_at=_day(day, 9) - timedelta(days=120),
        updated_at=_day(day, 9) - timedelta(days=30),
    )


def _programme(ctx: BenchContext, edition: Edition) -> None:
    """30 sessions: opening, progress of the workgroups, lunch, two table-talk rounds, the close, and
    four rounds of six choice sessions."""
    day = edition.starts_at.astimezone(TZ).date()
    plenary, table_talk = Session.Kind.PLENARY, Session.Kind.TABLE_TALK
    sessions = [
        _session(ctx, edition, plenary, "Opening en terugblik", _day(day, 9), 45, ROOMS[0]),
        _session(ctx, edition, plenary, "Stand van zaken werkgroepen", _day(day, 11), 55, ROOMS[0]),
        _session(ctx, edition, Session.Kind.BREAK, "Lunch", _day(day, 12), 45, ROOMS[4]),
        _session(ctx, edition, table_talk, "Tafelgesprekken, ronde 1", _day(day, 12, 45), 60, ROOMS[4]),
        _session(ctx, edition, table_talk, "Tafelgesprekken, ronde 2", _day(day, 15, 40), 45, ROOMS[4]),
        _session(ctx, edition, plenary, "Afsluiting en besluiten", _day(day, 17, 25), 30, ROOMS[0]),
    ]
    for start in (_day(day, 10), _day(day, 13, 50), _day(day, 14, 45), _day(day, 16, 30)):
        sessions += [_choice_session(ctx, edition, start, room) for room in ROOMS[1:]]
    saved = bulk(ctx, Session, sessions)
    _hosts(ctx, saved, [(ctx.words.person(), None) for _ in range(20)])


def _big_programme(ctx: BenchContext) -> None:
    """The large edition: three days, seven rooms, eleven time slots a day (the last day ends early), 200 sessions."""
    edition = ctx.big_edition
    first = edition.starts_at.astimezone(TZ).date()
    sessions = []
    for day in range(BIG_DAYS):
        date = first + timedelta(days=day)
        for slot in range(SLOTS_PER_DAY):
            start = _day(date, 9) + timedelta(minutes=SLOT_MINUTES * slot)
            for room in ROOMS:
                if slot == 4:  # lunch: one break, in the canteen
                    if room == ROOMS[4]:
                        sessions.append(_session(ctx, edition, Session.Kind.BREAK, "Lunch", start, 50, room))
                    continue
                if slot == 0 and room == ROOMS[0]:
                    sessions.append(_session(ctx, edition, Session.Kind.PLENARY, "Opening van de dag", start, 50, room))
                    continue
                sessions.append(_choice_session(ctx, edition, start, room))
    saved = bulk(ctx, Session, sessions[:BIG_SESSIONS])
    organisations = ctx.organisations
    pool = [(ctx.words.person(), organisations[i % len(organisations)] if i % 3 else None) for i in range(BIG_HOSTS)]
    _hosts(ctx, saved, pool)


def _session(ctx, edition, kind, title, start, minutes, room, **extra) -> Session:
    return Session(
        conference=edition,
        kind=kind,
        title=title,
        description=ctx.words.paragraph(ctx.words.subject(), 2) if kind != Session.Kind.BREAK else "",
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        room=room,
        **extra,
    )


def _choice_session(ctx, edition, start, room) -> Session:
    subject = ctx.words.subject()
    return _session(
        ctx,
        edition,
        Session.Kind.CHOICE,
        f"Werksessie: {ctx.words.theme_title(subject)}",
        start,
        SESSION_MINUTES,
        room,
        capacity=ctx.rng.choice([25, 30, 40, 60]),
        needs_registration=True,
    )


def _hosts(ctx, sessions, pool) -> None:
    roles = list(SessionHost.Role)
    rows = []
    for index, session in enumerate(sessions):
        if session.kind == Session.Kind.BREAK:
            continue
        for order in range(1 + index % 2):
            name, organisation = pool[(index * 2 + order) % len(pool)]
            rows.append(
                SessionHost(session=session, name=name, organisation=organisation, role=roles[order], order=order)
            )
    bulk(ctx, SessionHost, rows)


def _registrations(ctx: BenchContext) -> None:
    """Past editions: a hundred or more participants each. The big edition: many, with three sessions each."""
    registrants = ctx.residents[: len(ctx.residents) // 2]  # the other half stays free for the bench's writes
    ctx.reserved_residents = ctx.residents[len(ctx.residents) // 2 :]
    rows = []
    for edition in ctx.past_editions:
        for pk in ctx.rng.sample(registrants, k=min(ctx.n(150, minimum=20), len(registrants))):
            rows.append(Registration(conference=edition, user_id=pk, created_at=edition.starts_at - timedelta(days=20)))
    bulk(ctx, Registration, rows)
    big = ctx.big_edition
    sessions = list(Session.objects.filter(conference=big, needs_registration=True).order_by("starts_at", "pk"))
    slots: dict = {}
    for session in sessions:
        slots.setdefault(session.starts_at, []).append(session)
    slot_list = list(slots.values())
    people = ctx.rng.sample(registrants, k=min(ctx.n(1500, minimum=100), len(registrants)))
    registrations = bulk(
        ctx, Registration, (Registration(conference=big, user_id=pk, created_at=ctx.now) for pk in people)
    )
    choices = []
    for registration in registrations:
        for slot in ctx.rng.sample(slot_list, k=3):
            choices.append(SessionChoice(registration=registration, session=ctx.rng.choice(slot), created_at=ctx.now))
    bulk(ctx, SessionChoice, choices)


def _table_talks(ctx: BenchContext) -> None:
    """Two rounds of twelve tables per edition; the outcomes (20,000 at scale 1) spread over them."""
    talks = []
    for edition in ctx.past_editions:
        rounds = list(Session.objects.filter(conference=edition, kind=Session.Kind.TABLE_TALK).order_by("starts_at"))
        for round_number, session in enumerate(rounds, start=1):
            for table in range(12):
                subject = ctx.words.subject()
                host = ctx.rng.choice(ctx.partners) if table % 3 else None
                talks.append(
                    TableTalk(
                        conference=edition,
                        session=session,
                        title=ctx.words.theme_title(subject),
                        round=round_number,
                        table_label=f"Tafel {chr(65 + table)}",
                        host_id=host,
                        host_name="" if host else ctx.words.person(),
                        created_at=edition.starts_at - timedelta(days=7),
                    )
                )
    talks = bulk(ctx, TableTalk, talks)
    for talk in talks:
        ctx.table_talks.setdefault(talk.conference_id, []).append(talk)
    per_talk, extra = divmod(ctx.n(20_000), max(1, len(talks)))
    kinds = list(Outcome.Kind)
    outcomes = []
    for number, talk in enumerate(talks):
        subject = ctx.words.subject()
        when = talk.created_at + timedelta(days=7, hours=2)
        for order in range(per_talk + (1 if number < extra else 0)):
            outcomes.append(
                Outcome(
                    table_talk=talk,
                    text=ctx.words.outcome(subject),
                    kind=kinds[order % len(kinds)],
                    order=order,
                    status=Outcome.Status.PUBLISHED,
                    created_by_id=talk.host_id,
                    created_at=when,
                    updated_at=when,
                    published_at=when + timedelta(hours=3),
                )
            )
    bulk(ctx, Outcome, outcomes)


def _recaps(ctx: BenchContext) -> None:
    recaps = []
    for edition in ctx.past_editions:
        published = edition.ends_at + timedelta(days=14)
        recaps.append(
            Recap(
                conference=edition,
                title=f"Terugblik {edition.title}",
                introduction=ctx.words.markdown(ctx.words.subject(), 3),
                status=Recap.Status.PUBLISHED,
                published_at=published,
                updated_at=published,
                updated_by_id=ctx.coordinators[0],
            )
        )
    recaps = bulk(ctx, Recap, recaps)
    headings = ["Wat we hoorden", "Wat we afspraken", "Hoe verder"]
    bulk(
        ctx,
        RecapSection,
        (
            RecapSection(recap=recap, heading=heading, body=ctx.words.markdown(ctx.words.subject(), 1), order=order)
            for recap in recaps
            for order, heading in enumerate(headings)
        ),
    )
