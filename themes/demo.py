"""Demo themes, voting rounds and votes drawn from the seed documents (shared/seeds 000-002).

Idempotent: running it again changes nothing. Past editions are history, so their themes and
their closed round are recorded as they happened; everything a person does today (proposing,
publishing, rejecting, opening a round, voting, choosing) goes through the services.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.utils import timezone

from conference import services as conference_services
from conference.demo import upcoming_edition
from conference.models import Edition, Organisation, Outcome, Session, TableTalk, User
from themes import services
from themes.models import Ballot, RecurringOverview, Theme, Vote, VotingRound

TZ = ZoneInfo("Europe/Amsterdam")
S = Theme.Status

ED_2020 = "2020-versnellingskamer-participatie"
ED_2021 = "2021-maart-afstemming-welzijn-wonen-zorg"
ED_2023 = "2023-oktober-heumen-voor-iedereen"

MENTAL_RESILIENCE = "Mentale weerbaarheid jongeren (12-23 jaar)"
TOLERANCE = "Verdraagzaamheid en verbinding: samen in gesprek"

# The 2020 versnellingskamer (seed 002): three themes, each talked about at its own table and
# chosen there, without a voting round: (title, target group, organisation, description).
SESSION_2020 = [
    (
        "Het bereik van solidariteit",
        "inwoners die hulp kunnen gebruiken en bewonersinitiatieven",
        "werkplaats-sociaal-domein",
        "Tijdens de lockdown zijn veel bewonersinitiatieven ontstaan om anderen te helpen. Maar of er "
        "behoefte is aan die hulp, is niet altijd duidelijk. En veel initiatieven richten zich vooral op "
        "praktische hulp aan ouderen.\n\nHoe bereiken we een bredere groep bewoners, en hoe sluit het aanbod "
        "beter aan op de vraag?",
    ),
    (
        "De betekenis van voorzieningen en sociaal werk",
        "ouderen en mantelzorgers",
        "zorgalliantie",
        "Voorzieningen zoals de dagbesteding voor ouderen waren in de lockdown dicht of maar beperkt open. "
        "Mantelzorgers raakten overbelast.\n\nWat is er nodig om het evenwicht in mantelzorgsituaties te "
        "versterken? En welke rol kan het sociaal werk samen met bewoners daarin spelen?",
    ),
    (
        "Vertrouwen als basis voor meedoen",
        "deelnemers, vrijwilligers en actieve bewoners",
        "bindkracht-10",
        "Om mee te blijven doen, moeten mensen zich veilig en welkom voelen. Vertrouwen is daarvoor "
        "belangrijk.\n\nHoe kunnen organisaties en professionals bijdragen aan vertrouwen, in een tijd van "
        "angst en onzekerheid?",
    ),
]
#: The invitation named the three themes three weeks before the session.
PROPOSED_2020 = (2020, 11, 12, 10)

# (edition, title, target group, organisation slug, status, description)
HISTORY = [
    (
        ED_2021,
        "Eenzaamheid: ontmoeting stimuleren",
        "inwoners die zich eenzaam voelen",
        "heumen-ontmoet",
        S.CHOSEN,
        "Veel inwoners voelen zich eenzaam. Laten we ontmoeting stimuleren: met activiteiten, een "
        "ontmoetingsmaand en een website waar iedereen ziet wat er te doen is.",
    ),
    (
        ED_2021,
        "Inwoners voor inwoners: een huiskamer om zorgen te delen",
        "inwoners met zorgen",
        "mee",
        S.CHOSEN,
        "Een laagdrempelige ontmoetingsruimte waar inwoners veilig over hun zorgen kunnen praten. Een "
        "huiskamer van inwoners voor inwoners, waar ervaringsdeskundigen een rol krijgen.",
    ),
    (
        ED_2021,
        "Mantelzorgers ontlasten",
        "mantelzorgers",
        "zorgalliantie",
        S.NOT_CHOSEN,
        "Mantelzorgers dragen veel. Hoe zorgen we dat zij op tijd hulp en ontspanning krijgen?",
    ),
    (
        ED_2021,
        "Jongeren en sociale media",
        "ouders en jongeren",
        "preventienetwerk-jeugd",
        S.NOT_CHOSEN,
        "Online pesten, gamen en sociale media: hoe houden we het leuk? Ouders zoeken tips en willen met "
        "hun kinderen in gesprek.",
    ),
]

# The 2023 round: themes and how many votes each got (seed 000 chose two).
ROUND_2023 = [
    (
        MENTAL_RESILIENCE,
        "jongeren van 12 tot 23 jaar",
        "preventienetwerk-jeugd",
        9,
        "Steeds meer jongeren hebben last van stress, somberheid en prestatiedruk. Hoe maken we hen "
        "weerbaarder, samen met ouders, scholen en verenigingen?",
    ),
    (
        TOLERANCE,
        "alle inwoners",
        "sterker-sociaal-werk",
        8,
        "Mensen denken verschillend en begrijpen elkaar niet altijd. Hoe komen we met elkaar in gesprek, "
        "ook met mensen die we niet kennen?",
    ),
    (
        "Eenzaamheid onder ouderen doorbreken",
        "ouderen",
        "heumen-ontmoet",
        7,
        "Ouderen die alleen wonen, raken snel uit beeld. Hoe vinden we hen en hoe helpen we ontmoeting op gang?",
    ),
    (
        "Mantelzorgers ontlasten: overbelasting voorkomen",
        "mantelzorgers",
        "mee",
        6,
        "Veel mantelzorgers lopen op hun tenen. Hoe voorkomen we dat ze overbelast raken?",
    ),
    (
        "Vertrouwen en meedoen van kwetsbare inwoners",
        "kwetsbare inwoners",
        "bindkracht-10",
        6,
        "Wie weinig vertrouwen heeft in instanties, doet minder mee. Hoe bouwen we dat vertrouwen op?",
    ),
]
MERGED_2023 = (
    "Weerbaarheid van jongeren versterken",
    "jongeren",
    "Jongeren sterker maken tegen druk van school, social media en vrienden.",
)

# Proposals for the coming edition: (proposer role, title, target group, organisation, action, description)
PROPOSALS_NEXT = [
    (
        "partner",
        "Ontmoeting tegen eenzaamheid in de kernen",
        "ouderen en alleenstaanden",
        "zorgalliantie",
        "publish",
        "In elke kern een vaste plek en een vast moment om elkaar te ontmoeten, dichtbij huis.",
    ),
    (
        "partner",
        "Mantelzorgers ontlasten met respijtzorg",
        "mantelzorgers",
        "zorgalliantie",
        "publish",
        "Mantelzorgers kunnen even op adem komen als de zorg tijdelijk wordt overgenomen. Hoe maken we dat "
        "bekend en makkelijk te regelen?",
    ),
    (
        "coordinator",
        "Jongeren weerbaar online: sociale media en gamen",
        "jongeren en hun ouders",
        None,
        "publish",
        "Wat helpt jongeren om online weerbaar te zijn? En hoe gaan ouders daarover met hen in gesprek?",
    ),
    (
        "coordinator",
        "Vertrouwen in de buurt: samen veilig en welkom",
        "bewoners van de wijken",
        None,
        "publish",
        "Hoe zorgen we dat bewoners zich in hun eigen buurt veilig en welkom voelen?",
    ),
    (
        "voter",
        "Ervaringsdeskundigen aan tafel",
        "inwoners met ervaring in zorg en ondersteuning",
        None,
        "publish",
        "Laat inwoners die zelf ondersteuning krijgen meedenken en meebeslissen over plannen.",
    ),
    (
        "resident",
        "Laaggeletterdheid herkennen en bespreekbaar maken",
        "volwassenen die moeite hebben met lezen en schrijven",
        None,
        None,
        "Veel mensen schamen zich omdat ze niet goed kunnen lezen. Hoe herkennen we dat, en hoe helpen we "
        "zonder te oordelen?",
    ),
    (
        "resident",
        "Meer parkeerplaatsen bij het gemeentehuis",
        "bezoekers van het gemeentehuis",
        None,
        "reject",
        "Het is vaak druk op de parkeerplaats.",
    ),
]
REJECT_REASON = (
    "Dit thema gaat niet over samen werken aan een gemeente waar iedereen mee kan doen. "
    "U kunt dit melden bij de gemeente via het meldpunt."
)

VOTERS = [
    ("stemmer1@example.org", "Anna Demo"),
    ("stemmer2@example.org", "Bram Demo"),
    ("stemmer3@example.org", "Chantal Demo"),
    ("stemmer4@example.org", "Daan Demo"),
    ("stemmer5@example.org", "Esra Demo"),
    ("stemmer6@example.org", "Fleur Demo"),
    ("stemmer7@example.org", "Gijs Demo"),
    ("stemmer8@example.org", "Hanna Demo"),
    ("stemmer9@example.org", "Ilse Demo"),
    ("stemmer10@example.org", "Jan Demo"),
    ("stemmer11@example.org", "Kim Demo"),
    ("stemmer12@example.org", "Lars Demo"),
]

TABLE_TALK_THEMES = {
    MENTAL_RESILIENCE: (ED_2023, MENTAL_RESILIENCE),
    TOLERANCE: (ED_2023, TOLERANCE),
    "Het bereik van solidariteit": (ED_2020, "Het bereik van solidariteit"),
    "De betekenis van voorzieningen en sociaal werk": (ED_2020, "De betekenis van voorzieningen en sociaal werk"),
    "Vertrouwen als basis voor meedoen": (ED_2020, "Vertrouwen als basis voor meedoen"),
}
OUTCOME_TO_THEME = "Ouders (en grootouders)"

RECURRING_INTRODUCTION = (
    "Sommige onderwerpen komen elke Werkconferentie terug. De regiegroep zag dat ook: *vaak komen "
    "dezelfde thema's aan bod*. Hier ziet u welke onderwerpen terugkomen en wat er elke keer mee "
    "gebeurde. Zo kunnen we samen kiezen wat we anders willen doen."
)


def at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _voters() -> list[User]:
    voters = []
    for email, name in VOTERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, display_name=name)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        voters.append(user)
    return voters


def _backdate(theme, edition, order=0):
    """History happened before its edition: date the proposal six weeks earlier (a day apart each)."""
    _date_proposal(theme, edition.starts_at - timedelta(weeks=6, days=order))


def _date_proposal(theme, proposed):
    if theme.created_at != proposed:
        Theme.objects.filter(pk=theme.pk).update(created_at=proposed)
        theme.created_at = proposed


def _history(editions, organisations, coordinator):
    themes = {}
    for order, (slug, title, target, org, status, description) in enumerate(HISTORY):
        edition = editions[slug]
        theme, _created = Theme.objects.get_or_create(
            conference=edition,
            title=title,
            defaults={
                "description": description,
                "target_group": target,
                "organisation": organisations.get(org),
                "submitted_by": coordinator,
                "status": status,
                "moderated_at": edition.starts_at,
            },
        )
        _backdate(theme, edition, order % 3)
        themes[title] = theme
    return themes


def _session_2020(edition, organisations, coordinator):
    """The versnellingskamer chose its three themes at its tables: recorded through the service, no round."""
    session = edition.sessions.filter(kind=Session.Kind.TABLE_TALK).order_by("starts_at").first()
    titles = [title for title, _target, _org, _description in SESSION_2020]
    existing = list(Theme.objects.filter(conference=edition, title__in=titles))
    if not existing:
        tables = {t.title: t for t in TableTalk.objects.filter(conference=edition, theme__isnull=True)}
        rows = [
            services.SessionTheme(
                title=title,
                description=description,
                target_group=target,
                organisation=organisations.get(org),
                table_talk=tables.get(title),
            )
            for title, target, org, description in SESSION_2020
        ]
        existing = services.record_session_choice(
            coordinator=coordinator, conference=edition, session=session, new_themes=rows
        )
    else:  # data from before themes knew how they were chosen
        unknown = [t for t in existing if t.status == S.CHOSEN and not t.choice_method]
        if unknown:
            services.record_session_choice(
                coordinator=coordinator, conference=edition, session=session, existing_themes=unknown
            )
    for order, theme in enumerate(sorted(existing, key=lambda t: titles.index(t.title))):
        _date_proposal(theme, at(*PROPOSED_2020) + timedelta(minutes=order))


def _round_2023(edition, organisations, coordinator, voters):
    """The closed 2023 round: recorded as it happened, then published and chosen through the services."""
    themes = []
    for order, (title, target, org, _votes, description) in enumerate(ROUND_2023):
        theme, _created = Theme.objects.get_or_create(
            conference=edition,
            title=title,
            defaults={
                "description": description,
                "target_group": target,
                "organisation": organisations.get(org),
                "submitted_by": coordinator,
                "status": S.PUBLISHED,
            },
        )
        _backdate(theme, edition, order)
        themes.append(theme)
    round_, created = VotingRound.objects.get_or_create(
        conference=edition,
        defaults={
            "opens_at": at(2023, 9, 18, 9),
            "closes_at": at(2023, 10, 13, 17),
            "votes_per_voter": 3,
            "themes_to_choose": 2,
            "created_by": coordinator,
        },
    )
    if created:
        # Spread 3 votes per voter so that the counts match ROUND_2023 (36 votes by 12 voters).
        remaining = [count for _title, _target, _org, count, _description in ROUND_2023]
        votes = []
        for voter in voters:
            ballot = Ballot.objects.create(round=round_, voter=voter)
            order = sorted(range(len(themes)), key=lambda i: -remaining[i])[:3]
            for slot, index in enumerate(order, 1):
                remaining[index] -= 1
                votes.append(Vote(ballot=ballot, theme=themes[index], slot=slot))
        Vote.objects.bulk_create(votes)
        merged_title, merged_target, merged_description = MERGED_2023
        merged = Theme.objects.create(
            conference=edition,
            title=merged_title,
            description=merged_description,
            target_group=merged_target,
            submitted_by=voters[0],
            status=S.PUBLISHED,
        )
        _backdate(merged, edition, len(themes))
        services.merge_theme(theme=merged, into=themes[0], note="")
    if not round_.results_published:
        services.publish_results(round_=round_)
    if not round_.chosen_at:
        services.choose_themes(round_=round_, themes=themes[:2])
    return round_


def _proposal_day(edition, order: int):
    """Proposals came in over the weeks before the round opened (see _open_round_next): one every three days."""
    opens = min(edition.registration_opens_at or timezone.now(), timezone.now())
    return opens - timedelta(days=3 * (len(PROPOSALS_NEXT) + 1 - order), hours=-2 * order)


def _proposals_next(edition, users, organisations, voters, coordinator):
    proposers = {**users, "voter": voters[0]}
    for order, (role, title, target, org, action, description) in enumerate(PROPOSALS_NEXT):
        if Theme.objects.filter(conference=edition, title=title).exists():
            continue
        theme = services.propose_theme(
            proposer=proposers[role],
            conference=edition,
            title=title,
            description=description,
            target_group=target,
            organisation=organisations.get(org) if org else None,
        )
        if action == "publish":
            services.publish_theme(theme=theme)
        elif action == "reject":
            services.reject_theme(theme=theme, reason=REJECT_REASON)
        _date_proposal(theme, _proposal_day(edition, order))


def _open_round_next(edition, coordinator, voters):
    """The open round of the coming edition: it closes two and a half weeks before the edition."""
    round_ = VotingRound.objects.filter(conference=edition).first()
    closes_at = edition.starts_at - timedelta(days=18, hours=-4)
    if round_ is None:
        if closes_at <= timezone.now():
            return None
        round_ = services.open_round(
            conference=edition,
            opens_at=min(edition.registration_opens_at or timezone.now(), timezone.now()),
            closes_at=closes_at,
            votes_per_voter=3,
            themes_to_choose=2,
            created_by=coordinator,
        )
    if round_.is_open() and not Ballot.objects.filter(round=round_).exists():
        themes = list(Theme.objects.filter(conference=edition, status=S.PUBLISHED).order_by("pk"))
        for number, voter in enumerate(voters[:6]):
            for offset in range(2):
                if themes:
                    theme = themes[(number + offset) % len(themes)]
                    services.cast_vote(voter=voter, round_=round_, theme=theme)
    return round_


def _link_table_talks(editions, coordinator):
    """Point the seed table talks (made by conference.demo, when there) at their themes."""
    for talk_title, (slug, theme_title) in TABLE_TALK_THEMES.items():
        theme = Theme.objects.filter(conference=editions[slug], title=theme_title).first()
        if theme is None:
            continue
        for talk in TableTalk.objects.filter(conference=editions[slug], title=talk_title).exclude(theme=theme):
            conference_services.save_table_talk(conference=editions[slug], table_talk=talk, theme=theme)
    outcome = (
        Outcome.objects.published()
        .filter(text__startswith=OUTCOME_TO_THEME, themes__isnull=True)
        .order_by("pk")
        .first()
    )
    if outcome is not None and not Theme.objects.filter(origin_outcome__text__startswith=OUTCOME_TO_THEME).exists():
        theme = services.theme_from_outcome(outcome=outcome, coordinator=coordinator)
        services.publish_theme(theme=theme)
        _date_proposal(theme, _proposal_day(theme.conference, len(PROPOSALS_NEXT)))


def load(stdout=None) -> dict:
    editions = {c.slug: c for c in Edition.objects.filter(slug__in=[ED_2020, ED_2021, ED_2023])}
    coming = upcoming_edition()
    if len(editions) < 3 or coming is None:
        _say(stdout, "themes: the seed editions are missing, skipped.")
        return {}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    users = {
        "coordinator": User.objects.get(email="coordinator@example.org"),
        "partner": User.objects.get(email="partner@example.org"),
        "resident": User.objects.get(email="inwoner@example.org"),
    }
    coordinator = users["coordinator"]
    voters = _voters()
    _history(editions, organisations, coordinator)
    _session_2020(editions[ED_2020], organisations, coordinator)
    _round_2023(editions[ED_2023], organisations, coordinator, voters)
    _proposals_next(coming, users, organisations, voters, coordinator)
    _link_table_talks(editions, coordinator)
    round_next = _open_round_next(coming, coordinator, voters)
    if not RecurringOverview.load().is_published:
        services.save_recurring_overview(is_published=True, introduction=RECURRING_INTRODUCTION)
    _say(stdout, f"themes: {Theme.objects.count()} themes, open round: {round_next or '-'}")
    return {"round_next": round_next}
