"""The themes part of the benchmark data (``manage.py load_bench``): themes of every edition, a voting
round per edition with its votes, and themes for the table talks.

At scale 1: 5,000 themes, 40 voting rounds (the last one open, for the coming edition) and
100,000 votes. The residents the bench casts votes for (``ctx.reserved_residents``) get no ballot
in the open round here.
"""

from datetime import timedelta

from conference.benchdata import BenchContext, bulk
from conference.models import TableTalk
from themes.models import Ballot, Theme, Vote, VotingRound

VOTES_PER_VOTER = 3
CHOSEN_PER_EDITION = 3
#: How much more often a theme that was chosen got a vote than one that was not.
CHOSEN_WEIGHT = 6


def load(ctx: BenchContext) -> None:
    total = ctx.n(5000, minimum=300)
    coming = ctx.n(200, minimum=40)
    per_edition = max(10, (total - coming) // len(ctx.past_editions))
    themes = {edition.pk: _past_themes(ctx, edition, per_edition) for edition in ctx.past_editions}
    themes[ctx.big_edition.pk] = _coming_themes(ctx, ctx.big_edition, coming)
    _rounds_and_votes(ctx, themes)
    _talk_about_themes(ctx)


def _theme(ctx: BenchContext, edition, status, created) -> Theme:
    subject = ctx.words.subject()
    proposer = ctx.rng.choice(ctx.residents if ctx.rng.random() < 0.7 else ctx.partners)
    organisation = ctx.rng.choice(ctx.organisations) if ctx.rng.random() < 0.25 else None
    return Theme(
        conference=edition,
        title=ctx.words.theme_title(subject),
        description=ctx.words.markdown(subject, ctx.rng.randint(1, 2)),
        target_group=ctx.rng.choice(subject[2]),
        submitted_by_id=proposer,
        organisation=organisation,
        status=status,
        moderated_at=None if status == Theme.Status.SUBMITTED else created + timedelta(days=2),
        created_at=created,
        updated_at=created + timedelta(days=2),
    )


def _past_themes(ctx: BenchContext, edition, count: int) -> list[Theme]:
    """Three chosen, a few rejected, withdrawn or merged into another, the rest not chosen."""
    start = edition.starts_at
    statuses = [Theme.Status.CHOSEN] * CHOSEN_PER_EDITION
    statuses += [Theme.Status.REJECTED] * max(1, count // 30) + [Theme.Status.WITHDRAWN] * max(1, count // 50)
    statuses += [Theme.Status.NOT_CHOSEN] * (count - len(statuses))
    rows = []
    for status in statuses:
        theme = _theme(ctx, edition, status, start - timedelta(days=ctx.rng.randint(40, 120)))
        if status == Theme.Status.CHOSEN:
            theme.choice_method, theme.chosen_at = Theme.ChoiceMethod.VOTE, start - timedelta(days=10)
        if status == Theme.Status.REJECTED:
            theme.moderation_note = "Dit is geen thema voor de werkconferentie; we hebben het doorgestuurd."
        rows.append(theme)
    saved = bulk(ctx, Theme, rows)
    ctx.chosen_themes[edition.pk] = [t.pk for t in saved if t.status == Theme.Status.CHOSEN]
    targets = [t for t in saved if t.status == Theme.Status.NOT_CHOSEN]
    merged = []
    for _ in range(max(1, count // 25)):
        theme = _theme(ctx, edition, Theme.Status.MERGED, start - timedelta(days=ctx.rng.randint(40, 120)))
        theme.merged_into = ctx.rng.choice(targets)
        theme.title = theme.merged_into.title  # a duplicate, merged into the first
        merged.append(theme)
    bulk(ctx, Theme, merged)
    return saved


def _coming_themes(ctx: BenchContext, edition, count: int) -> list[Theme]:
    """Published themes in the open round, and a queue of proposals for the coordinators."""
    queue = max(5, count // 10)
    rows = [
        _theme(
            ctx,
            edition,
            Theme.Status.SUBMITTED if index < queue else Theme.Status.PUBLISHED,
            ctx.now - timedelta(days=ctx.rng.randint(1, 40)),
        )
        for index in range(count)
    ]
    return bulk(ctx, Theme, rows)


def _rounds_and_votes(ctx: BenchContext, themes: dict[int, list[Theme]]) -> None:
    """A round for every edition but the oldest (the last one open), and the votes: 100,000 at scale 1."""
    editions = [*ctx.past_editions[1:], ctx.big_edition]
    rounds = []
    for edition in editions:
        is_open = edition.pk == ctx.big_edition.pk
        opens = ctx.now - timedelta(days=7) if is_open else edition.starts_at - timedelta(days=45)
        closes = ctx.now + timedelta(days=28) if is_open else edition.starts_at - timedelta(days=14)
        rounds.append(
            VotingRound(
                conference=edition,
                opens_at=opens,
                closes_at=closes,
                votes_per_voter=VOTES_PER_VOTER,
                themes_to_choose=CHOSEN_PER_EDITION,
                results_published=not is_open,
                results_published_at=None if is_open else closes + timedelta(days=1),
                chosen_at=None if is_open else closes + timedelta(days=1),
                created_by_id=ctx.coordinators[0],
                created_at=opens - timedelta(days=7),
            )
        )
    rounds = bulk(ctx, VotingRound, rounds)
    per_round = ctx.n(100_000) // len(rounds)
    reserved = set(ctx.reserved_residents)
    voters = [pk for pk in ctx.residents + ctx.partners if pk not in reserved]
    for round_ in rounds:
        of_edition = themes[round_.conference_id]
        votable = [t for t in of_edition if t.status in (Theme.Status.CHOSEN, Theme.Status.NOT_CHOSEN)]
        votable = votable or [t for t in of_edition if t.status == Theme.Status.PUBLISHED]
        _votes(ctx, round_, votable, voters, per_round)


def _votes(ctx: BenchContext, round_, votable: list[Theme], voters: list[int], count: int) -> None:
    weights = [CHOSEN_WEIGHT if t.status == Theme.Status.CHOSEN else 1 for t in votable]
    ballots = bulk(
        ctx,
        Ballot,
        (
            Ballot(round=round_, voter_id=pk, created_at=round_.opens_at + timedelta(hours=ctx.rng.randint(1, 400)))
            for pk in ctx.rng.sample(voters, k=min(len(voters), max(1, count // VOTES_PER_VOTER)))
        ),
    )
    rows = []
    for ballot in ballots:
        picked: dict[int, Theme] = {}
        while len(picked) < min(VOTES_PER_VOTER, len(votable)):
            theme = ctx.rng.choices(votable, weights=weights)[0]
            picked[theme.pk] = theme
        rows += [
            Vote(ballot=ballot, theme=theme, slot=slot, created_at=ballot.created_at)
            for slot, theme in enumerate(picked.values(), start=1)
        ]
    bulk(ctx, Vote, rows, batch=5000)


def _talk_about_themes(ctx: BenchContext) -> None:
    """Each edition's tables talk about its chosen themes (and a free topic at every fourth table)."""
    changed = []
    for edition_id, talks in ctx.table_talks.items():
        chosen = ctx.chosen_themes.get(edition_id) or []
        for index, talk in enumerate(talks):
            if chosen and index % 4:
                talk.theme_id = chosen[index % len(chosen)]
                changed.append(talk)
    TableTalk.objects.bulk_update(changed, ["theme"], batch_size=1000)
