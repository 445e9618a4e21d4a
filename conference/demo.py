# ruff: noqa: RUF001 - Dutch text from the seeds keeps its typographic quotes and dashes
"""Demo data for the conference app, drawn from the seed documents (shared/seeds).

Every function is idempotent: running ``load_demo`` twice changes nothing. People are
invented; organisations and editions come from the seeds.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.conf import settings
from django.utils import timezone

from conference import second_factor, services
from conference.models import (
    Edition,
    Evaluation,
    Organisation,
    Organiser,
    Outcome,
    Recap,
    Registration,
    Session,
    SessionHost,
    SiteSettings,
    TableTalk,
    User,
)

TZ = ZoneInfo("Europe/Amsterdam")

ORGANISATIONS = [
    ("Gemeente Heumen", "gemeente-heumen", Organisation.Kind.GOVERNMENT, "https://www.heumen.nl"),
    ("Zorgalliantie", "zorgalliantie", Organisation.Kind.CARE, ""),
    ("Werkplaats Sociaal Domein", "werkplaats-sociaal-domein", Organisation.Kind.EDUCATION, ""),
    ("Sterker sociaal werk", "sterker-sociaal-werk", Organisation.Kind.WELFARE, ""),
    ("Bindkracht 10", "bindkracht-10", Organisation.Kind.WELFARE, ""),
    ("HAN", "han", Organisation.Kind.EDUCATION, ""),
    ("MEE", "mee", Organisation.Kind.CARE, ""),
    ("Preventienetwerk Jeugd", "preventienetwerk-jeugd", Organisation.Kind.HEALTH, ""),
    ("Heumen Ontmoet", "heumen-ontmoet", Organisation.Kind.VOLUNTEERS, "https://www.heumenontmoet.nl"),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    display_name: str
    role: str
    organisation: str | None = None
    is_coordinator: bool = False


DEMO_USERS = [
    DemoUser("coordinator@example.org", "Marieke Voorbeeld", "coordinator", "gemeente-heumen", True),
    DemoUser("partner@example.org", "Pieter Proefpartner", "partner", "zorgalliantie"),
    DemoUser("inwoner@example.org", "Ineke Inwoner", "resident"),
]


def at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


EDITIONS = [
    {
        "slug": "2020-versnellingskamer-participatie",
        "title": "Versnellingskamer: Participatie – betekenisvol contact in de wijk",
        "motto": "Betekenisvol contact in de wijk",
        "starts_at": at(2020, 12, 3, 15),
        "ends_at": at(2020, 12, 3, 17),
        "mode": Edition.Mode.ONLINE,
        "venue": "Online (MS Teams)",
        "description": (
            "In de versnellingskamer kijken we naar kansen: wat is in de coronatijd zo helder geworden, "
            "dat nu de kans ontstaat om een taai vraagstuk aan te pakken? Wat is (onverwacht) ontstaan "
            "dat je vast wilt houden?\n\nDe versnellingskamer wordt begeleid vanuit het programmateam "
            "van de Zorgalliantie en de HAN."
        ),
    },
    {
        "slug": "2021-maart-afstemming-welzijn-wonen-zorg",
        "title": "Werkconferentie ‘Afstemming welzijn, wonen en zorg’",
        "motto": "Op afstand samen en toch dichtbij",
        "starts_at": at(2021, 3, 11, 14),
        "ends_at": at(2021, 3, 11, 16, 30),
        "mode": Edition.Mode.ONLINE,
        "venue": "Online",
        "description": (
            "Deelnemers, cliëntvertegenwoordigers en leden van hulporganisaties praten over hoe de "
            "ondersteuning in de gemeente verbeterd kan worden. De werkgroepen presenteren hun resultaten. "
            "Na 17 jaar kijken we terug en vooruit: doen we de goede dingen, en doen we ze goed?"
        ),
    },
    {
        "slug": "2023-oktober-heumen-voor-iedereen",
        "title": "Werkconferentie 26 oktober 2023",
        "motto": "Heumen voor iedereen",
        "starts_at": at(2023, 10, 26, 13),
        "ends_at": at(2023, 10, 26, 17),
        "mode": Edition.Mode.ON_SITE,
        "venue": "Gemeentehuis Heumen",
        "address": "Dorpsstraat 1, Malden",
        "description": (
            "Hoe werken we samen aan een inclusiever Heumen waar iedereen aan mee kan (blijven) doen? "
            "Lokale partners werken samen met inwoners aan vernieuwende oplossingen en projecten voor "
            "alle (kwetsbare) inwoners."
        ),
    },
    {
        "slug": "2024-maart-heumen-voor-iedereen",
        "title": "Werkconferentie 21 maart 2024",
        "motto": "Heumen voor iedereen",
        "starts_at": at(2024, 3, 21, 13),
        "ends_at": at(2024, 3, 21, 17),
        "mode": Edition.Mode.ON_SITE,
        "venue": "Gemeentehuis Heumen",
        "address": "Dorpsstraat 1, Malden",
        "description": (
            "De regiegroep doet een voorstel voor een toekomstbestendige Werkconferentie. We praten met "
            "elkaar over het commitment dat de partners zijn aangegaan en de verwachtingen daarover."
        ),
    },
]


# --- The coming edition ------------------------------------------------------------------------
# The seeds hold their editions on a Thursday in March and in October. The demo's coming edition
# takes the first such date at least ten weeks away, so that whenever a newcomer runs `make run`
# there is an edition to register for, an open voting round and a progress report due. Once
# made, it stays until it is less than four weeks away; then the next one is added.

UPCOMING_LEAD = timedelta(weeks=10)
UPCOMING_KEEP = timedelta(weeks=4)
UPCOMING_SLUG = re.compile(r"^\d{4}-(voorjaar|najaar)-heumen-voor-iedereen$")


def _nth_thursday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 7 * (n - 1))


def upcoming_slot(now: datetime) -> date:
    """The first seed-style edition date (third Thursday of March, fourth of October) far enough ahead."""
    earliest = (now + UPCOMING_LEAD).date()
    for year in range(earliest.year, earliest.year + 2):
        for day in (_nth_thursday(year, 3, 3), _nth_thursday(year, 10, 4)):
            if day >= earliest:
                return day
    raise AssertionError("unreachable: there is a slot every year")


def upcoming_spec(day: date, now: datetime) -> dict:
    season = "voorjaar" if day.month < 7 else "najaar"
    starts_at = at(day.year, day.month, day.day, 13)
    return {
        "slug": f"{day.year}-{season}-heumen-voor-iedereen",
        "title": f"Werkconferentie {season} {day.year}",
        "motto": "Heumen voor iedereen",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=4),
        "mode": Edition.Mode.HYBRID,
        "venue": "Gemeentehuis Heumen",
        "address": "Dorpsstraat 1, Malden",
        "online_url": "https://example.org/werkconferentie-online",
        "registration_opens_at": now - timedelta(days=1),
        "registration_closes_at": starts_at + timedelta(days=-7, hours=4),
        "capacity": 80,
        "description": (
            "De volgende Werkconferentie. Werkgroepen vertellen wat ze bereikt hebben, we kiezen nieuwe "
            "thema’s en praten aan tafels over wat we samen gaan doen. Ook online kunt u meedoen."
        ),
    }


def upcoming_edition(now: datetime | None = None) -> Edition | None:
    """The demo's coming edition, if load_demo has made one that is still far enough ahead."""
    now = now or timezone.now()
    candidates = Edition.objects.filter(slug__regex=UPCOMING_SLUG.pattern, starts_at__gte=now + UPCOMING_KEEP).order_by(
        "starts_at"
    )
    return candidates.first()


def load_site() -> SiteSettings:
    site = SiteSettings.objects.get(pk=SiteSettings.load().pk)
    values = {
        "name": "Gemeente Heumen",
        "portal_name": "Werkconferentie",
        "kind": SiteSettings.Kind.MUNICIPALITY,
        "country": SiteSettings.Country.NL,
        "contact_person": "Regiegroep Werkconferentie",
        "contact_email": "werkconferentie@heumen.nl",
        "contact_phone": "(024) 358 83 00",
        "website": "https://www.heumen.nl/werkconferentie",
    }
    if any(getattr(site, key) != value for key, value in values.items()):
        site = services.save_site_settings(**values)
    return site


def load_organisations() -> dict[str, Organisation]:
    organisations = {}
    for name, slug, kind, website in ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = services.save_organisation(name=name, slug=slug, kind=kind, website=website)
        organisations[slug] = organisation
    return organisations


def load_users(organisations: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    coordinator = None
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            user = User.objects.create_user(
                email=spec.email,
                password=settings.PORTAL_DEMO_PASSWORD,
                display_name=spec.display_name,
                is_coordinator=spec.is_coordinator,
            )
        EmailAddress.objects.get_or_create(user=user, email=spec.email, defaults={"verified": True, "primary": True})
        users[spec.role] = user
        if spec.is_coordinator:
            # Coordinators log in with two steps; the demo coordinator has an authenticator app already,
            # with a secret of this database (load_demo shows it in development, README "Demo accounts").
            second_factor.enrol_with_secret(user=user, secret=generate_totp_secret())
            coordinator = user
    for spec in DEMO_USERS:
        if spec.organisation:
            services.grant_partner(
                user=users[spec.role], organisation=organisations[spec.organisation], granted_by=coordinator
            )
    return users


def load_editions(now: datetime | None = None) -> dict[str, Edition]:
    now = now or timezone.now()
    editions = {}
    for spec in EDITIONS:
        editions[spec["slug"]] = _edition(spec)
    coming = upcoming_edition(now) or _edition(upcoming_spec(upcoming_slot(now), now))
    editions["upcoming"] = coming
    return editions


def _edition(spec: dict) -> Edition:
    edition = Edition.objects.filter(slug=spec["slug"]).first()
    if edition is None:
        edition = services.save_edition(**spec)
        edition = services.set_edition_published(conference=edition, published=True)
    return edition


def load(stdout=None) -> dict:
    load_site()
    organisations = load_organisations()
    users = load_users(organisations)
    editions = load_editions()
    load_organisers(editions)
    load_programmes(editions, organisations, users)
    return {"organisations": organisations, "users": users, "editions": editions}


# --- Organisers of editions ---------------------------------------------------------------------
# Seed 002: the versnellingskamer was run by the Zorgalliantie's programme team (with the HAN),
# not by the municipality: a regional body on the same portal.

ORGANISERS = [
    {"name": "Zorgalliantie", "place": "Regio Nijmegen", "edition": "2020-versnellingskamer-participatie"},
]


def load_organisers(editions) -> None:
    for spec in ORGANISERS:
        organiser = Organiser.objects.filter(name=spec["name"]).first()
        if organiser is None:
            organiser = services.save_organiser(name=spec["name"], place=spec["place"], website="", contact_email="")
        edition = editions[spec["edition"]]
        if edition.organiser_id is None:
            editions[spec["edition"]] = services.save_edition(edition=edition, organiser=organiser)


# --- Programmes, table talks, outcomes and the Heumen recap (seeds 000-002) -------------------

DEMO_NAMESPACE = uuid.UUID("6f1d3c1e-2b7a-4f7e-9a55-5e1f0c2d7a10")


def _session(edition, title, kind, start, end, **extra) -> Session:
    session = edition.sessions.filter(title=title).first()
    if session is None:
        session = services.save_session(
            conference=edition, kind=kind, title=title, starts_at=start, ends_at=end, **extra
        )
    return session


def _host(session, name, organisation, role, order=0) -> None:
    """Add a speaker or host to the session once: the service takes the whole list."""
    hosts = list(session.hosts.order_by("order", "pk"))
    if any(host.name == name for host in hosts):
        return
    rows = [
        {"id": h.pk, "name": h.name, "organisation": h.organisation, "role": h.role, "order": h.order} for h in hosts
    ]
    rows.append({"name": name, "organisation": organisation, "role": role, "order": order})
    services.save_session(conference=session.conference, session=session, hosts=rows)


VERSNELLINGSKAMER_TABLES = [
    (
        "Thema 1",
        "Het bereik van solidariteit",
        [("Lotte Verbeek", "werkplaats-sociaal-domein"), ("Ruud Timmers", "zorgalliantie")],
    ),
    (
        "Thema 2",
        "De betekenis van voorzieningen en sociaal werk",
        [("Noor Wiersma", "zorgalliantie"), ("Sem Koster", "sterker-sociaal-werk")],
    ),
    (
        "Tafel 3",
        "Vertrouwen als basis voor meedoen",
        [("Yara Mulder", "zorgalliantie"), ("Tom Veenstra", "bindkracht-10")],
    ),
]

HEUMEN_OUTCOMES = {
    "Mentale weerbaarheid jongeren (12-23 jaar)": [
        ("action", "Ouders (en grootouders) handvatten aanreiken om in gesprek te gaan met hun kind."),
        ("action", "In contact met scholen over kansgericht werken, in plaats van probleemgericht."),
        (
            "idea",
            "Inzetten op het informeren en trainen van begeleiders en trainers bij verenigingen: "
            "zij komen veel in contact met de doelgroep.",
        ),
        ("idea", "Bij dit gehele proces is het verstandig om ervaringsdeskundigen te betrekken."),
    ],
    "Verdraagzaamheid en verbinding: samen in gesprek": [
        (
            "question",
            "Wat is de beste gespreksvorm hiervoor? Een van de mogelijkheden is het gebruiken van "
            "welzijnskaarten om gesprekken op gang te brengen.",
        ),
        (
            "idea",
            "Iedereen kan in zijn eigen straat beginnen met het begroeten van mensen en het aanknopen "
            "van een gesprek met een ‘vreemde’.",
        ),
        (
            "action",
            "Bij het uitwerken van het project kijkt de werkgroep naar bestaande initiatieven, zoals samen eten.",
        ),
    ],
}

HEUMEN_RECAP_INTRO = (
    "Op 26 oktober vond de Werkconferentie plaats. Het centrale thema was net als vorig jaar "
    "‘Heumen voor iedereen’: hoe werken we samen aan een inclusiever Heumen waar iedereen aan mee kan "
    "(blijven) doen? Bijna 20 lokale partners werkten gedreven samen met inwoners aan vernieuwende "
    "oplossingen en projecten voor alle (kwetsbare) inwoners.\n\n"
    "Tijdens deze Werkconferentie zijn de resultaten van drie werkgroepen besproken en zijn "
    "tafelgesprekken gevoerd over de twee nieuw gekozen thema’s. De deelnemers gingen in kleinere "
    "groepjes uiteen. Op grote tafelvellen werden ideeën geschreven; hieruit kwamen voor ieder thema "
    "de eerste opbrengsten. U leest ze hieronder."
)

HEUMEN_RECAP_SECTIONS = [
    (
        "Afsluiting en vooruitblik",
        "De volgende Werkconferentie is gepland op 21 maart 2024. De regiegroep doet een voorstel voor een "
        "toekomstbestendige Werkconferentie. Aanleiding is dat vaak dezelfde thema’s aan bod komen en de "
        "behoefte bestaat om het met elkaar te hebben over het commitment dat door de partners is aangegaan "
        "en de verwachtingen daarover.",
    ),
    (
        "Meer informatie",
        "Voor meer informatie kunt u mailen naar werkconferentie@heumen.nl of bellen met de regiegroep via "
        "(024) 358 83 00.",
    ),
]


def load_versnellingskamer(edition, organisations) -> None:
    _session(edition, "Welkom en uitleg: wat is een versnellingskamer?", Session.Kind.PLENARY,
             at(2020, 12, 3, 15), at(2020, 12, 3, 15, 15))  # fmt: skip
    round_ = _session(
        edition,
        "Gesprekken aan drie tafels",
        Session.Kind.TABLE_TALK,
        at(2020, 12, 3, 15, 15),
        at(2020, 12, 3, 16, 30),
        description="Drie tafels, elk met twee gespreksleiders. U kiest het thema dat u het meest aanspreekt.",
    )
    for order, (label, title, hosts) in enumerate(VERSNELLINGSKAMER_TABLES):
        for name, org in hosts:
            _host(round_, name, organisations[org], SessionHost.Role.HOST, order)
        _table_talk(
            edition,
            title,
            session=round_,
            table_label=label,
            host_name=" & ".join(name for name, _org in hosts),
            host_organisation=organisations[hosts[0][1]],
        )
    closing = _session(edition, "Oogst: welke kansen willen we samen verzilveren?", Session.Kind.PLENARY,
                       at(2020, 12, 3, 16, 30), at(2020, 12, 3, 17))  # fmt: skip
    _host(closing, "Programmateam Zorgalliantie en HAN", organisations["han"], SessionHost.Role.MODERATOR)


def load_afstemming(edition, organisations) -> None:
    _session(edition, "Welkom: op afstand samen en toch dichtbij", Session.Kind.PLENARY,
             at(2021, 3, 11, 14), at(2021, 3, 11, 14, 15))  # fmt: skip
    story = _session(edition, "Werkgroep ‘Het hele verhaal’", Session.Kind.PLENARY,
                     at(2021, 3, 11, 14, 15), at(2021, 3, 11, 14, 45))  # fmt: skip
    _host(story, "Werkgroep Het hele verhaal", organisations["mee"], SessionHost.Role.SPEAKER)
    media = _session(edition, "Werkgroep ‘Sociale media, hoe houden we het leuk’", Session.Kind.PLENARY,
                     at(2021, 3, 11, 14, 45), at(2021, 3, 11, 15, 15))  # fmt: skip
    _host(media, "Preventienetwerk Jeugd", organisations["preventienetwerk-jeugd"], SessionHost.Role.SPEAKER)
    _session(edition, "Pauze", Session.Kind.BREAK, at(2021, 3, 11, 15, 15), at(2021, 3, 11, 15, 30))
    _session(edition, "Terugblik en vooruitblik: doen we de goede dingen?", Session.Kind.PLENARY,
             at(2021, 3, 11, 15, 30), at(2021, 3, 11, 16, 15))  # fmt: skip
    _session(edition, "Digitale evaluatie", Session.Kind.PLENARY, at(2021, 3, 11, 16, 15), at(2021, 3, 11, 16, 30))
    if not Evaluation.objects.filter(conference=edition).exists():
        services.save_evaluation(
            conference=edition,
            introduction="Hoe vond u deze online werkconferentie?",
            questions=["Wat ging goed?", "Wat kan beter?", "Hoe betrekken we meer inwoners?"],
            is_open=False,
        )


def load_heumen_2023(edition, organisations, users) -> None:
    _session(
        edition, "Welkom: Heumen voor iedereen", Session.Kind.PLENARY, at(2023, 10, 26, 13), at(2023, 10, 26, 13, 20)
    )
    results = _session(edition, "Resultaten van drie werkgroepen", Session.Kind.PLENARY,
                       at(2023, 10, 26, 13, 20), at(2023, 10, 26, 14, 30))  # fmt: skip
    _host(results, "Werkgroep Eenzaamheid", organisations["heumen-ontmoet"], SessionHost.Role.SPEAKER)
    _session(edition, "Pauze", Session.Kind.BREAK, at(2023, 10, 26, 14, 30), at(2023, 10, 26, 14, 45))
    round_ = _session(
        edition,
        "Tafelgesprekken over de gekozen thema’s",
        Session.Kind.TABLE_TALK,
        at(2023, 10, 26, 14, 45),
        at(2023, 10, 26, 16, 15),
        description="Op grote tafelvellen schrijven we ideeën op. Daaruit komen de eerste opbrengsten.",
    )
    _session(edition, "Afsluiting en vooruitblik", Session.Kind.PLENARY, at(2023, 10, 26, 16, 15), at(2023, 10, 26, 17))
    hosts = [
        (users["partner"], "", organisations["zorgalliantie"]),
        (None, "Bram Bosveld", organisations["bindkracht-10"]),
    ]
    for number, (title, outcomes) in enumerate(HEUMEN_OUTCOMES.items(), start=1):
        host, host_name, organisation = hosts[number - 1]
        table = _table_talk(
            edition,
            title,
            session=round_,
            table_label=f"Tafel {number}",
            host=host,
            host_name=host_name,
            host_organisation=organisation,
        )
        _host(round_, host_name or str(host), organisation, SessionHost.Role.HOST, number)
        for kind, text in outcomes:
            services.add_outcome(
                table_talk=table,
                text=text,
                kind=kind,
                user=users["coordinator"],
                client_key=uuid.uuid5(DEMO_NAMESPACE, text),
            )
    services.set_outcomes_published(outcomes=Outcome.objects.filter(table_talk__conference=edition), published=True)
    recap = _heumen_recap(edition, users["coordinator"])
    if not recap.is_published:
        services.set_recap_published(recap=recap, published=True, user=users["coordinator"])
        # It came out two weeks after the edition: date it so the feed and the list read right.
        Recap.objects.filter(pk=recap.pk).update(published_at=edition.ends_at + timedelta(weeks=2))


def _table_talk(edition, title, **fields) -> TableTalk:
    table = edition.table_talks.filter(title=title).first()
    return table or services.save_table_talk(conference=edition, title=title, **fields)


def _heumen_recap(edition, coordinator) -> Recap:
    """The 2023 recap with its sections; a section that is missing is added, the rest left as it is."""
    recap = Recap.objects.filter(conference=edition).first()
    sections = list(recap.sections.all()) if recap else []
    have = {section.heading for section in sections}
    missing = [(order, h, b) for order, (h, b) in enumerate(HEUMEN_RECAP_SECTIONS) if h not in have]
    if recap is not None and not missing:
        return recap
    rows = [{"id": s.pk, "heading": s.heading, "body": s.body, "order": s.order} for s in sections]
    rows += [{"heading": heading, "body": body, "order": order} for order, heading, body in missing]
    fields = {"title": "Terugblik Werkconferentie 26 oktober 2023", "introduction": HEUMEN_RECAP_INTRO}
    if recap is not None:
        fields = {"title": recap.title, "introduction": recap.introduction}
    return services.save_recap(conference=edition, user=coordinator, sections=rows, **fields)


def load_heumen_2024(edition, organisations) -> None:
    _session(edition, "Welkom en stand van zaken", Session.Kind.PLENARY, at(2024, 3, 21, 13), at(2024, 3, 21, 13, 30))
    proposal = _session(edition, "Voorstel: een toekomstbestendige Werkconferentie", Session.Kind.PLENARY,
                        at(2024, 3, 21, 13, 30), at(2024, 3, 21, 14, 30))  # fmt: skip
    _host(proposal, "Regiegroep Werkconferentie", organisations["gemeente-heumen"], SessionHost.Role.SPEAKER)
    _session(edition, "Pauze", Session.Kind.BREAK, at(2024, 3, 21, 14, 30), at(2024, 3, 21, 14, 45))
    _session(edition, "In gesprek over ons commitment", Session.Kind.TABLE_TALK,
             at(2024, 3, 21, 14, 45), at(2024, 3, 21, 16, 30))  # fmt: skip
    _session(edition, "Afsluiting", Session.Kind.PLENARY, at(2024, 3, 21, 16, 30), at(2024, 3, 21, 17))


def load_upcoming(edition, organisations, users) -> None:
    day = edition.starts_at.astimezone(TZ)

    def t(hour, minute=0):
        return at(day.year, day.month, day.day, hour, minute)

    _session(edition, "Welkom en terugblik", Session.Kind.PLENARY, t(13), t(13, 20))
    morning = [
        ("Keuzesessie: Een huiskamer van inwoners voor inwoners", "Raadzaal", "heumen-ontmoet", "Sanne Smits"),
        ("Keuzesessie: Mentale weerbaarheid van jongeren", "Kamer 2", "preventienetwerk-jeugd", "Dirk Dekker"),
    ]
    first = None
    for title, room, org, speaker in morning:
        session = _session(edition, title, Session.Kind.CHOICE, t(13, 30), t(14, 30),
                           room=room, capacity=25, needs_registration=True)  # fmt: skip
        _host(session, speaker, organisations[org], SessionHost.Role.SPEAKER)
        first = first or session
    _session(edition, "Pauze", Session.Kind.BREAK, t(14, 30), t(14, 45))
    for title, room in [("Keuzesessie: Dementievriendelijk Heumen", "Raadzaal"),
                        ("Keuzesessie: Samen in gesprek", "Kamer 2")]:  # fmt: skip
        _session(edition, title, Session.Kind.CHOICE, t(14, 45), t(15, 45),
                 room=room, capacity=25, needs_registration=True)  # fmt: skip
    _organisation_hosted(edition, organisations, t(14, 45), t(15, 45))
    _session(edition, "Tafelgesprekken over de nieuwe thema’s", Session.Kind.TABLE_TALK, t(15, 45), t(16, 45))
    _session(edition, "Afsluiting", Session.Kind.PLENARY, t(16, 45), t(17))
    if (
        edition.registration_is_open()
        and not Registration.objects.filter(conference=edition, user=users["resident"]).exists()
    ):
        services.register(conference=edition, user=users["resident"], sessions=[first])


def _organisation_hosted(edition, organisations, start, end) -> None:
    """A choice session hosted by an organisation, without a person's name (seed 001: the prevention
    network carries on the social media work)."""
    title = "Keuzesessie: Sociale media, hoe houden we het leuk?"
    if edition.sessions.filter(title=title).exists():
        return
    services.save_session(
        conference=edition,
        kind=Session.Kind.CHOICE,
        title=title,
        description="Tips voor ouders over sociale media en gamen, en wat de Kinderraad ervan vindt.",
        starts_at=start,
        ends_at=end,
        room="Kamer 3",
        capacity=20,
        needs_registration=True,
        hosts=[{"organisation": organisations["preventienetwerk-jeugd"], "role": SessionHost.Role.HOST}],
    )


def load_programmes(editions, organisations, users) -> None:
    load_versnellingskamer(editions["2020-versnellingskamer-participatie"], organisations)
    load_afstemming(editions["2021-maart-afstemming-welzijn-wonen-zorg"], organisations)
    load_heumen_2023(editions["2023-oktober-heumen-voor-iedereen"], organisations, users)
    load_heumen_2024(editions["2024-maart-heumen-voor-iedereen"], organisations)
    load_upcoming(editions["upcoming"], organisations, users)
