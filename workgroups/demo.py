# ruff: noqa: RUF001 - Dutch text uses typographic quotes
"""Demo workgroups, goals, reports, decisions and commitments from the seeds (000 and 001).

Idempotent: a second run changes nothing. People are invented; the workgroups, what they
reached and what the conference decided come from the seed documents. Everything goes through
the services; afterwards the timestamps of what happened in the past are set to when it happened.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from conference import services as conference_services
from conference.demo import upcoming_edition
from conference.models import Edition, Organisation, User
from workgroups import services
from workgroups.models import Commitment, Goal, ProgressReport, Workgroup

ED_2021 = "2021-maart-afstemming-welzijn-wonen-zorg"
ED_2023 = "2023-oktober-heumen-voor-iedereen"
ED_2024 = "2024-maart-heumen-voor-iedereen"
UPCOMING = "upcoming"  # the demo's coming edition, whose date depends on the day load_demo runs

# Invented partners, one for each organisation that carries a workgroup in the seeds.
PEOPLE = [
    ("sanne@example.org", "Sanne de Wit", "heumen-ontmoet"),
    ("joris@example.org", "Joris Bakker", "han"),
    ("fatima@example.org", "Fatima El Amrani", "preventienetwerk-jeugd"),
    ("anouk@example.org", "Anouk Jansen", "mee"),
    ("bram@example.org", "Bram Bosman", "sterker-sociaal-werk"),
    ("wim@example.org", "Wim Wilgenburg", "mee"),
]


@dataclass
class Step:
    """A next step: who takes it (an invented person, an organisation from the seeds), by when, paid from what."""

    text: str
    organisation: str = ""  # slug
    person: str = ""
    due: date | None = None
    funding: str = ""


@dataclass
class Report:
    edition: str | None  # None: a report between editions (then ``period`` and ``decided`` say when)
    summary: str
    achievements: list[str]
    not_achieved: str
    next_steps: list[Step]
    overall: str
    decision: str
    note: str
    goals: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    quick_wins: list[tuple[str, date | None]] = field(default_factory=list)
    period: tuple[date, date] | None = None
    decided: tuple[date, str] | None = None  # the day and where, for a decision between editions


@dataclass(frozen=True)
class Member:
    """An invented person in a group: an account (e-mail) or only a name, their organisation and function."""

    who: str  # an e-mail address of a demo account, or the name of someone without an account
    organisation: str | None
    function: str
    expert: bool = False

    @property
    def has_account(self) -> bool:
        return "@" in self.who


@dataclass
class Group:
    name: str
    slug: str
    focus: str
    started: str | None
    theme: str | None
    lead: Member
    members: list[Member]
    goals: list[tuple[str, str, date | None]]
    reports: list[Report]
    status: str = Workgroup.Status.ACTIVE


OS = ProgressReport.Overall
D = ProgressReport.Decision
G = Goal.Status

GROUPS = [
    Group(
        name="Het hele verhaal",
        slug="het-hele-verhaal",
        focus=(
            "Deze werkgroep maakt zich sterk tegen het stigma dat op het begrip *kwetsbaarheid* ligt. "
            "Mensen met een kwetsbaarheid bezitten veel kracht. Met krachtverhalen laten we die kracht zien."
        ),
        started=None,
        theme=None,
        lead=Member("anouk@example.org", "mee", "Cliëntondersteuner"),
        members=[
            Member("joris@example.org", "han", "Docent social work"),
            Member("wim@example.org", "mee", "Vrijwilliger", expert=True),
            Member("Gerda Wolters", "heumen-ontmoet", "Schrijft de krachtverhalen", expert=True),
        ],
        goals=[
            ("Acht krachtverhalen opschrijven", "Verhalen van inwoners die laten zien welke kracht zij hebben.", None),
            ("Kracht van mensen inzetten bij hulpverlening", "", None),
        ],
        reports=[
            Report(
                edition=ED_2021,
                summary=(
                    "Het is een lastig thema en niet alle doelen zijn bereikt. Wel merkten we in onze gesprekken "
                    "dat we het als hulpverleners vanzelfsprekend vinden om de kracht van mensen in te zetten bij "
                    "het vinden van een oplossing."
                ),
                achievements=[
                    "HAN-studenten schrijven het levensverhaal van mensen met dementie, samen met hun naasten en "
                    "de werkgroep Dementievriendelijk Heumen",
                    "Een inwoner maakte portretten van inwoners; een boekje is gesponsord door winkeliers",
                    "Inwoners zetten zelf hun kracht in, zoals met raamtekeningen",
                    "MEE werkt met ervaringsdeskundigen",
                ],
                not_achieved=(
                    "Het is niet gelukt om de bedoelde acht krachtverhalen op te schrijven, door corona en "
                    "wisselingen van werkgroepleden."
                ),
                next_steps=[
                    Step("Bestaande voorbeelden van krachtverhalen verzamelen en delen", "mee", "Anouk Jansen")
                ],
                quick_wins=[("Portretboekje van inwoners gedrukt, gesponsord door winkeliers", date(2020, 12, 15))],
                period=(date(2020, 3, 1), date(2021, 2, 28)),
                overall=OS.DELAYED,
                decision=D.ADJUST,
                note="Ga door met de voorbeelden die er al zijn, in plaats van zelf acht verhalen te schrijven.",
                goals={
                    "Acht krachtverhalen opschrijven": (G.IN_PROGRESS, 25, "Door corona en wisselingen vertraagd."),
                    "Kracht van mensen inzetten bij hulpverlening": (G.ACHIEVED, 100, "Vanzelfsprekend geworden."),
                },
            )
        ],
    ),
    Group(
        name="Sociale media, hoe houden we het leuk",
        slug="sociale-media-hoe-houden-we-het-leuk",
        focus="Ouders en kinderen helpen om sociale media en gamen leuk en veilig te houden.",
        started=None,
        theme=None,
        lead=Member("fatima@example.org", "preventienetwerk-jeugd", "Jeugdverpleegkundige"),
        members=[
            Member("bram@example.org", "sterker-sociaal-werk", "Jongerenwerker"),
            Member("Koen Verhoef", "bindkracht-10", "Mediacoach"),
        ],
        goals=[
            ("Online ouderbijeenkomsten", "", None),
            ("Folder ‘tips & tricks sociale media en gamen’", "", None),
            ("Mediawijsheid-training voor groep 7 en 8", "", date(2021, 12, 31)),
        ],
        reports=[
            Report(
                edition=ED_2021,
                summary=(
                    "We organiseerden het afgelopen jaar twee online ouderbijeenkomsten die goed bezocht werden. "
                    "Met de input van ouders maakten we een folder en verspreidden die breed."
                ),
                achievements=[
                    "Twee goed bezochte online ouderbijeenkomsten",
                    "Folder ‘tips & tricks sociale media en gamen’ ontwikkeld en breed verspreid",
                ],
                not_achieved="",
                next_steps=[
                    Step(
                        "Kinderraad Heumen bevragen: welke ideeën hebben zij over online pesten en sociale media?",
                        "preventienetwerk-jeugd",
                        "Fatima El Amrani",
                        date(2021, 6, 30),
                    ),
                    Step(
                        "Aanbod voor scholen: mediawijsheid-training voor groep 7 en 8",
                        "preventienetwerk-jeugd",
                        due=date(2021, 12, 31),
                        funding="Preventiebudget jeugd van de gemeente",
                    ),
                    Step("Jaarlijkse ouderavond sociale media", "preventienetwerk-jeugd", due=date(2021, 11, 30)),
                    Step(
                        "Gesprekstool of spel voor ouders verspreiden",
                        "sterker-sociaal-werk",
                        "Bram Bosman",
                        date(2021, 9, 30),
                        "Eigen budget van de partners",
                    ),
                ],
                quick_wins=[
                    ("Tweede online ouderbijeenkomst gehouden", date(2021, 1, 28)),
                    ("Folder ‘tips & tricks sociale media en gamen’ verspreid via scholen", date(2021, 2, 15)),
                ],
                period=(date(2020, 3, 1), date(2021, 2, 28)),
                overall=OS.ON_TRACK,
                decision=D.CONTINUE,
                note="Het Preventienetwerk Jeugd gaat verder met deze opdracht.",
                goals={
                    "Online ouderbijeenkomsten": (G.ACHIEVED, 100, "Twee bijeenkomsten."),
                    "Folder ‘tips & tricks sociale media en gamen’": (G.ACHIEVED, 100, ""),
                    "Mediawijsheid-training voor groep 7 en 8": (G.NOT_STARTED, 0, "Gepland voor 2021."),
                },
            ),
            Report(  # half a year after the work sessions: what came of the plans
                edition=None,
                summary=(
                    "Een half jaar na de werkconferentie van maart kijken we wat er van de plannen is gekomen. "
                    "De Kinderraad gaf ons goede ideeën over online pesten en de eerste mediawijsheid-training "
                    "is gegeven. De ouderavond staat gepland."
                ),
                achievements=["Kinderraad Heumen bevraagd", "Eerste mediawijsheid-training gegeven"],
                not_achieved="De gesprekstool voor ouders is nog niet verspreid: er was nog geen geld voor de druk.",
                next_steps=[
                    Step(
                        "Mediawijsheid-training aanbieden aan alle basisscholen",
                        "preventienetwerk-jeugd",
                        due=date(2022, 3, 31),
                        funding="Preventiebudget jeugd van de gemeente",
                    ),
                    Step(
                        "Ouderavond sociale media houden",
                        "preventienetwerk-jeugd",
                        "Fatima El Amrani",
                        date(2021, 11, 30),
                        "Eigen budget van de partners",
                    ),
                ],
                quick_wins=[
                    ("Kinderraad Heumen bevraagd over online pesten en gamen", date(2021, 5, 19)),
                    ("Eerste mediawijsheid-training gegeven in groep 8", date(2021, 6, 24)),
                ],
                period=(date(2021, 3, 12), date(2021, 9, 30)),
                overall=OS.ON_TRACK,
                decision=D.CONTINUE,
                note=(
                    "De regiegroep vraagt de werkgroep om op de volgende werkconferentie te laten zien hoe de "
                    "trainingen zijn ontvangen."
                ),
                decided=(date(2021, 10, 14), "Regiegroepoverleg"),
                goals={"Mediawijsheid-training voor groep 7 en 8": (G.IN_PROGRESS, 40, "Eerste training gegeven.")},
            ),
        ],
    ),
    Group(
        name="Inwoners voor Inwoners",
        slug="inwoners-voor-inwoners",
        focus=(
            "Een ontmoetingsruimte waar inwoners op een veilige manier over hun zorgen kunnen praten: een "
            "huiskamer van inwoners voor inwoners waar iedereen zich welkom voelt. De plek is laagdrempelig en "
            "ervaringsdeskundige inwoners krijgen een rol."
        ),
        started=ED_2021,
        theme="Inwoners voor inwoners: een huiskamer om zorgen te delen",
        lead=Member("partner@example.org", "zorgalliantie", "Huisarts"),
        members=[
            Member("anouk@example.org", "mee", "Cliëntondersteuner", expert=True),
            Member("bram@example.org", "sterker-sociaal-werk", "Welzijnswerker"),
            Member("Ruud Peters", "gemeente-heumen", "Buurtsportcoach"),
        ],
        goals=[
            ("Ontmoetingsruimte open", "Een huiskamer van inwoners voor inwoners.", date(2024, 12, 31)),
            ("Vrijwilligers werven", "Ook ervaringsdeskundige inwoners.", None),
            ("Financieel plan", "", None),
        ],
        reports=[
            Report(
                edition=ED_2023,
                summary=(
                    "Het eerste doel was een opening in 2024. Door vertragingen richten we ons nu op promotie en "
                    "het werven van vrijwilligers. Er zijn gesprekken met relevante instanties en er is een "
                    "financieel plan."
                ),
                achievements=["Gesprekken met relevante instanties", "Financieel plan opgesteld"],
                not_achieved="De opening in 2024 halen we niet, door vertragingen.",
                next_steps=[
                    Step("Promotie van de ontmoetingsruimte", "zorgalliantie", "Pieter Proefpartner", date(2024, 3, 1)),
                    Step(
                        "Vrijwilligers werven, ook ervaringsdeskundige inwoners", "zorgalliantie", due=date(2024, 6, 30)
                    ),
                ],
                quick_wins=[("Financieel plan klaar", date(2023, 9, 12))],
                period=(date(2022, 10, 1), date(2023, 10, 15)),
                overall=OS.DELAYED,
                decision=D.GREEN_LIGHT,
                note="Groen licht om door te gaan met de implementatie van de ontmoetingsruimte.",
                goals={
                    "Ontmoetingsruimte open": (G.IN_PROGRESS, 40, "Opening later dan gepland."),
                    "Vrijwilligers werven": (G.IN_PROGRESS, 20, "Werving is gestart."),
                    "Financieel plan": (G.ACHIEVED, 100, ""),
                },
            )
        ],
    ),
    Group(
        name="Eenzaamheid",
        slug="eenzaamheid",
        focus=(
            "Eenzaamheid verminderen door ontmoeting te stimuleren. De werkgroep startte het initiatief "
            "**Heumen Ontmoet**, met een speciale maand, een website en activiteiten."
        ),
        started=ED_2021,
        theme="Eenzaamheid: ontmoeting stimuleren",
        lead=Member("sanne@example.org", "heumen-ontmoet", "Coördinator vrijwilligers"),
        members=[
            Member("partner@example.org", "zorgalliantie", "Praktijkondersteuner huisarts"),
            Member("Ruud Peters", "gemeente-heumen", "Buurtsportcoach"),
        ],
        goals=[
            ("Maand van de ontmoeting", "", None),
            ("Website heumenontmoet.nl", "Blijft in ieder geval actief tot april 2024.", date(2024, 4, 1)),
        ],
        reports=[
            Report(
                edition=ED_2023,
                summary=(
                    "We lanceerden het initiatief Heumen Ontmoet met een speciale maand, een website en "
                    "activiteiten. In een vervolggesprek met de wethouder kijken we naar financiële steun om de "
                    "website in de lucht te houden."
                ),
                achievements=[
                    "Vele nieuwe ontmoetingen",
                    "Enthousiaste mensen die hebben genoten van de activiteiten",
                    "Duidelijke informatie door een overzichtelijke en toegankelijke website",
                ],
                not_achieved="Geld om de website na april 2024 in de lucht te houden is er nog niet.",
                next_steps=[
                    Step(
                        "Vervolggesprek met de wethouder over financiële steun voor de website",
                        "heumen-ontmoet",
                        "Sanne de Wit",
                        date(2024, 2, 1),
                        "Nog te bepalen: gesprek over subsidie van de gemeente",
                    ),
                    Step(
                        "Uitkomst delen op de Werkconferentie van maart 2024", "heumen-ontmoet", due=date(2024, 3, 21)
                    ),
                ],
                quick_wins=[
                    ("Website heumenontmoet.nl online", date(2023, 9, 1)),
                    (
                        "In de maand van de ontmoeting reed elke dinsdag een boodschappenbus langs de dorpen",
                        date(2023, 10, 3),
                    ),
                ],
                period=(date(2022, 10, 1), date(2023, 10, 15)),
                overall=OS.ON_TRACK,
                decision=D.CONTINUE,
                note=(
                    "De uitkomst van het gesprek over financiële steun komt terug op de Werkconferentie van maart 2024."
                ),
                goals={
                    "Maand van de ontmoeting": (G.ACHIEVED, 100, ""),
                    "Website heumenontmoet.nl": (G.IN_PROGRESS, 80, "Online tot april 2024."),
                },
            )
        ],
    ),
    Group(
        name="Samenwerken aan een dementievriendelijker Heumen",
        slug="dementievriendelijker-heumen",
        focus=(
            "Deze werkgroep komt voort uit de Werkconferentie van 2022 en richt zich op bewustwording van "
            "dementie in de samenleving: trainingen voor verschillende groepen over hoe om te gaan met dementie, "
            "en aandacht voor dementie in het gemeentelijk beleid."
        ),
        started=None,
        theme=None,
        lead=Member("bram@example.org", "sterker-sociaal-werk", "Welzijnswerker"),
        members=[
            Member("joris@example.org", "han", "Docent verpleegkunde"),
            Member("Els Verbeek", "zorgalliantie", "Casemanager dementie"),
        ],
        goals=[
            ("Trainingen over omgaan met dementie", "Voor verschillende groepen in de gemeente.", None),
            ("Dementie in het gemeentelijk beleid", "", None),
        ],
        reports=[
            Report(
                edition=ED_2023,
                summary=(
                    "We organiseren trainingen voor diverse groepen over hoe om te gaan met dementie en vragen "
                    "aandacht voor dementie in het gemeentelijk beleid. Er zijn nieuwe leden bijgekomen."
                ),
                achievements=["Trainingen voor diverse groepen", "Nieuwe leden toegevoegd"],
                not_achieved="",
                next_steps=[
                    Step("Behouden en uitbreiden wat tot nu toe is bereikt", "sterker-sociaal-werk", "Bram Bosman")
                ],
                quick_wins=[("Eerste training over omgaan met dementie gegeven", date(2023, 5, 10))],
                overall=OS.ON_TRACK,
                decision=D.CONTINUE,
                note="De werkgroep wil graag door en richt zich op behoud en uitbreiding.",
                goals={
                    "Trainingen over omgaan met dementie": (G.IN_PROGRESS, 60, ""),
                    "Dementie in het gemeentelijk beleid": (G.IN_PROGRESS, 30, ""),
                },
            )
        ],
    ),
]

NEW_THEMES_2023 = ["Mentale weerbaarheid jongeren (12-23 jaar)", "Verdraagzaamheid en verbinding: samen in gesprek"]


@dataclass(frozen=True)
class Pledge:
    """A commitment: the description is the note; hours and euros are what adds up."""

    organisation: str
    recorded_by: str
    edition: str
    workgroup: str | None
    kind: str
    description: str
    due: date | str | None
    status: str = Commitment.Status.OPEN
    note: str = ""
    hours: Decimal | None = None
    amount: Decimal | None = None


K, S = Commitment.Kind, Commitment.Status

COMMITMENTS = [
    Pledge(
        "heumen-ontmoet",
        "sanne@example.org",
        ED_2023,
        "eenzaamheid",
        K.MONEY,
        "De website heumenontmoet.nl in de lucht houden tot april 2024",
        date(2024, 4, 1),
        S.DELIVERED,
        "De website bleef online.",
        amount=Decimal("500"),
    ),
    Pledge(
        "zorgalliantie",
        "partner@example.org",
        ED_2023,
        "inwoners-voor-inwoners",
        K.HOURS,
        "Vier uur per week van een sociaal werker voor het werven van vrijwilligers",
        date(2024, 3, 21),
        S.PARTLY,
        "Twee uur per week gelukt door personeelstekort.",
        hours=Decimal("88"),
    ),
    Pledge(
        "han",
        "joris@example.org",
        ED_2023,
        "dementievriendelijker-heumen",
        K.TRAINING,
        "Studenten schrijven levensverhalen van mensen met dementie",
        date(2024, 6, 30),
        hours=Decimal("40"),
    ),
    Pledge(
        "gemeente-heumen",
        "coordinator@example.org",
        ED_2024,
        None,
        K.LOCATION,
        "Een zaal in het gemeentehuis voor de volgende Werkconferentie",
        UPCOMING,
    ),
    Pledge(
        "mee",
        "anouk@example.org",
        ED_2021,
        "het-hele-verhaal",
        K.HOURS,
        "4 uur per maand van een cliëntondersteuner om krachtverhalen te verzamelen",
        date(2022, 3, 1),
        S.DELIVERED,
        "Elke maand gedaan.",
        hours=Decimal("48"),
    ),
    Pledge(
        "preventienetwerk-jeugd",
        "fatima@example.org",
        ED_2021,
        "sociale-media-hoe-houden-we-het-leuk",
        K.MONEY,
        "Drukkosten van de folder ‘tips & tricks sociale media en gamen’",
        date(2021, 9, 1),
        S.DELIVERED,
        "",
        amount=Decimal("350"),
    ),
    Pledge(
        "gemeente-heumen",
        "coordinator@example.org",
        ED_2024,
        "eenzaamheid",
        K.MONEY,
        "€ 500 voor de website heumenontmoet.nl na april 2024",
        date(2024, 12, 31),
        S.DELIVERED,
        "Toegekend door de wethouder.",
        amount=Decimal("500"),
    ),
    Pledge(
        "sterker-sociaal-werk",
        "bram@example.org",
        ED_2024,
        "dementievriendelijker-heumen",
        K.TRAINING,
        "Twee trainingen ‘omgaan met dementie’ voor vrijwilligers, met lesmateriaal",
        UPCOMING,
        hours=Decimal("12.5"),
        amount=Decimal("250"),
    ),
]


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _people(organisations, coordinator) -> dict[str, User]:
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    for email, name, organisation in PEOPLE:
        user = people.get(email)
        if user is None:
            user = User.objects.create_user(email=email, password=settings.PORTAL_DEMO_PASSWORD, display_name=name)
            people[email] = user
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        conference_services.grant_partner(user=user, organisation=organisations[organisation], granted_by=coordinator)
    return people


def _theme(title):
    from themes.models import Theme

    return Theme.objects.filter(title=title).order_by("pk").first()


def _member_spec(member: Member, people, organisations, *, lead: bool = False) -> services.MemberSpec:
    return services.MemberSpec(
        user=people[member.who] if member.has_account else None,
        name="" if member.has_account else member.who,
        organisation=organisations[member.organisation] if member.organisation else None,
        function=member.function,
        is_experience_expert=member.expert,
        lead=lead,
    )


def _workgroup(spec: Group, editions, people, organisations) -> tuple[Workgroup, bool]:
    workgroup = Workgroup.objects.filter(slug=spec.slug).first()
    if workgroup is not None:
        return workgroup, False
    workgroup = services.create_workgroup(
        name=spec.name,
        slug=spec.slug,
        focus=spec.focus,
        started_in=editions.get(spec.started),
        origin_theme=_theme(spec.theme) if spec.theme else None,
        members=[
            _member_spec(spec.lead, people, organisations, lead=True),
            *(_member_spec(member, people, organisations) for member in spec.members),
        ],
    )
    for title, description, target in spec.goals:
        services.save_goal(workgroup=workgroup, title=title, description=description, target_date=target)
    return workgroup, True


def _rows(spec: Report, organisations) -> tuple[list[dict], list[dict]]:
    quick_wins = [{"text": text, "done_on": done_on} for text, done_on in spec.quick_wins]
    next_steps = [
        {
            "text": step.text,
            "owner_name": step.person,
            "owner_organisation": organisations.get(step.organisation),
            "due_date": step.due,
            "funding": step.funding,
        }
        for step in spec.next_steps
    ]
    return quick_wins, next_steps


def _existing_report(workgroup, spec: Report, edition):
    if edition is not None:
        return workgroup.reports.filter(conference=edition).first()
    return workgroup.reports.filter(conference__isnull=True, period_start=spec.period[0]).first()


def _report(workgroup, spec: Report, editions, organisations, author, coordinator):
    """One seed report, written, submitted, published and decided; or, when it is there, left as it is
    (a demo database from before quick wins and next steps existed gets those, once)."""
    edition = editions[spec.edition] if spec.edition else None
    quick_wins, next_steps = _rows(spec, organisations)
    period = spec.period or (None, None)
    report = _existing_report(workgroup, spec, edition)
    if report is not None:
        if spec.quick_wins and not report.quick_wins.exists():
            services.save_report(
                workgroup=workgroup,
                conference=report.conference,
                author=coordinator,
                report=report,
                period_start=period[0],
                period_end=period[1],
                quick_wins=quick_wins,
                next_steps=next_steps,
            )
        return
    goals = {goal.title: goal.pk for goal in workgroup.goals.all()}
    report = services.save_and_submit_report(
        workgroup=workgroup,
        conference=edition,
        author=author,
        summary=spec.summary,
        achievements="\n".join(spec.achievements),
        not_achieved=spec.not_achieved,
        period_start=period[0],
        period_end=period[1],
        quick_wins=quick_wins,
        next_steps=next_steps,
        overall_status=spec.overall,
        goal_updates={
            goals[title]: {"status": status, "progress": progress, "note": note}
            for title, (status, progress, note) in spec.goals.items()
        },
    )
    services.publish_report(report=report, notify=False)
    decided_on, context = spec.decided or (timezone.localdate(edition.starts_at), "")
    services.record_decision(
        report=report,
        decided_by=coordinator,
        decision=spec.decision,
        note=spec.note,
        decided_on=decided_on,
        decision_context=context,
        notify=False,
    )
    # It happened around that edition (or that meeting): date it so the timeline reads right.
    if edition is not None:
        submitted, published, decided = edition.starts_at - timedelta(weeks=2), edition.ends_at, edition.ends_at
    else:
        meeting = datetime.combine(decided_on, time(20, 0), tzinfo=timezone.get_current_timezone())
        submitted, published, decided = meeting - timedelta(weeks=2), meeting, meeting
    ProgressReport.objects.filter(pk=report.pk).update(
        submitted_at=submitted, published_at=published, decided_at=decided
    )
    ProgressReport.history.filter(id=report.pk).update(history_date=submitted)


def _commitments(organisations, editions, people):
    coming = upcoming_edition()
    for pledge in COMMITMENTS:
        due = pledge.due
        if due == UPCOMING:
            due = coming.starts_at.date() if coming else None
        organisation = organisations[pledge.organisation]
        if organisation.commitments.filter(description=pledge.description).exists():
            continue
        commitment = services.record_commitment(
            organisation=organisation,
            recorded_by=people[pledge.recorded_by],
            conference=editions[pledge.edition],
            workgroup=Workgroup.objects.filter(slug=pledge.workgroup).first() if pledge.workgroup else None,
            kind=pledge.kind,
            description=pledge.description,
            due_date=due,
            hours=pledge.hours,
            amount=pledge.amount,
        )
        if pledge.status != Commitment.Status.OPEN:
            services.review_commitment(
                commitment=commitment,
                reviewed_by=people["coordinator@example.org"],
                status=pledge.status,
                note=pledge.note,
            )


def load(stdout=None) -> dict:
    editions = {c.slug: c for c in Edition.objects.filter(slug__in=[ED_2021, ED_2023, ED_2024])}
    if len(editions) < 3:
        _say(stdout, "workgroups: the seed editions are missing, skipped.")
        return {}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    coordinator = User.objects.get(email="coordinator@example.org")
    people = _people(organisations, coordinator)
    for spec in GROUPS:
        workgroup, _created = _workgroup(spec, editions, people, organisations)
        for report in spec.reports:
            _report(workgroup, report, editions, organisations, people[spec.lead.who], coordinator)
    for title in NEW_THEMES_2023:
        theme = _theme(title)
        if theme is not None and theme.status == "chosen" and not theme.workgroups.exists():
            services.create_workgroup_from_theme(theme=theme)
    _commitments(organisations, editions, people)
    _say(stdout, f"workgroups: {Workgroup.objects.count()} workgroups, {ProgressReport.objects.count()} reports")
    return {}
