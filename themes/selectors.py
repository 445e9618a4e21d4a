"""Reads the theme pages need: annotated counts, related rows fetched up front."""

import re
from collections import defaultdict

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from conference.models import Edition, Outcome, Session, TableTalk
from conference.rules import is_coordinator
from themes.models import Ballot, Theme, Vote, VotingRound

ACTIVE_STATUSES = (Theme.Status.PUBLISHED, Theme.Status.CHOSEN, Theme.Status.NOT_CHOSEN)
PUBLIC_STATUSES = (*ACTIVE_STATUSES, Theme.Status.MERGED)
SIMILARITY_THRESHOLD = 0.35
#: Short words that say nothing about a subject (Dutch and English).
STOPWORDS = frozenset(
    " ".join(
        [
            "aan als bij dat de den der des die dit door een en er het hoe in is je met na naar niet of om onder op",
            "over te tegen tot uit van voor wat we wie zijn zo the and for with from into our their about this that",
            "samen thema elkaar meer onze",
        ]
    ).split()
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def words(text: str) -> list[str]:
    """Significant lower-case words of a text (stopwords and very short words left out)."""
    return [w for w in re.findall(r"[^\W\d_]+", text.lower()) if len(w) >= 4 and w not in STOPWORDS]


def stems(text: str) -> set[str]:
    """Crude stems (the first six letters), enough to match "weerbaar" and "weerbaarheid"."""
    return {w[:6] for w in words(text)}


def next_edition(now=None) -> Edition | None:
    """The coming published edition that themes are proposed for."""
    return Edition.objects.published().upcoming(now).first()


def proposal_editions(now=None, *, user=None):
    """Editions one may propose a theme for: coming published ones; coordinators may pick any edition."""
    if user is not None and is_coordinator(user):
        return Edition.objects.order_by("-starts_at", "pk")
    return Edition.objects.published().upcoming(now)


# --- lists and search --------------------------------------------------------------------------


def search_themes(queryset, query: str):
    """Full-text search: Dutch configuration on PostgreSQL, word matching elsewhere.

    PostgreSQL matches the stored ``search_vector`` (title A, target group B, description C) with
    ``@@``, which its GIN index answers; only the matching rows are ranked.
    """
    query = query.strip()
    if not query:
        return queryset
    if is_postgres():
        search = SearchQuery(query, config="dutch", search_type="websearch")
        return (
            queryset.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-created_at", "pk")
        )
    for word in query.split()[:8]:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(target_group__icontains=word)
        )
    return queryset


def theme_list(*, edition: str = "", status: str = "", target_group: str = "", query: str = ""):
    """Public themes with their edition and organisation, filtered and searched."""
    themes = (
        Theme.objects.public()
        .filter(conference__is_published=True)
        .select_related("conference", "organisation", "merged_into", "chosen_in")
        .annotate(
            results_public=Exists(VotingRound.objects.filter(conference=OuterRef("conference"), results_published=True))
        )
        .order_by("-conference__starts_at", "-created_at", "pk")
    )
    if edition:
        themes = themes.filter(conference__slug=edition)
    if status:
        themes = themes.filter(status=status)
    if target_group:
        themes = themes.filter(target_group__icontains=target_group)
    return search_themes(themes, query)


def vote_counts(theme_ids) -> dict[int, int]:
    """Votes per theme for a page of themes, in one query."""
    rows = Vote.objects.filter(theme_id__in=list(theme_ids)).values("theme_id").annotate(n=Count("pk"))
    return {row["theme_id"]: row["n"] for row in rows}


def vote_count(theme: Theme) -> int | None:
    """The votes a theme received, or None while the results of its round are not public."""
    if not VotingRound.objects.filter(conference_id=theme.conference_id, results_published=True).exists():
        return None
    return Vote.objects.filter(theme=theme).count()


def similar_themes(*, title: str, description: str = "", edition: Edition | None = None, exclude=None, limit=5):
    """Published themes of this and earlier editions that look like ``title``."""
    themes = Theme.objects.filter(status__in=ACTIVE_STATUSES, conference__is_published=True).select_related(
        "conference"
    )
    if edition is not None:
        themes = themes.filter(conference__starts_at__lte=edition.starts_at)
    if exclude is not None:
        themes = themes.exclude(pk=exclude.pk)
    title = title.strip()[:200]
    if len(title) < 3:
        return []
    if is_postgres():
        return _similar_by_trigrams(themes, title, limit)
    terms = words(title)[:6]
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition |= Q(title__icontains=term[:6])
    return list(themes.filter(condition).order_by("-conference__starts_at", "pk")[:limit])


def _similar_by_trigrams(themes, title: str, limit: int) -> list[Theme]:
    """Titles like ``title``: the trigram index on the title finds the candidates, then they are ranked.

    ``title % q`` (similarity) and ``title %> q`` (word similarity) are the operators the GIN
    trigram index answers; their thresholds are set for this transaction only (``is_local``), so
    no table scan computes the similarity of every theme.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            for setting in ("pg_trgm.similarity_threshold", "pg_trgm.word_similarity_threshold"):
                cursor.execute("SELECT set_config(%s, %s, true)", [setting, str(SIMILARITY_THRESHOLD)])
        candidates = themes.filter(Q(title__trigram_similar=title) | Q(title__trigram_word_similar=title))
        ranked = candidates.annotate(
            similarity=Greatest(TrigramSimilarity("title", title), TrigramWordSimilarity(title, "title"))
        ).filter(similarity__gte=SIMILARITY_THRESHOLD)
        return list(ranked.order_by("-similarity", "-conference__starts_at", "pk")[:limit])


def _title_has_any(fragments) -> Q:
    """Titles containing one of ``fragments`` (any case): one regular expression, which the trigram index answers."""
    return Q(title__iregex="|".join(re.escape(fragment) for fragment in sorted(fragments)))


def related_themes(theme: Theme, limit: int = 6) -> list[Theme]:
    """Earlier themes like this one ("Themes like this one" on the theme page).

    Published, chosen or not-chosen themes of this edition and earlier editions (never later ones,
    never the theme itself) that look like it: by trigram similarity, or sharing two subject words.
    """
    edition = theme.conference
    found = {t.pk: t for t in similar_themes(title=theme.title, edition=edition, exclude=theme, limit=limit)}
    own = stems(f"{theme.title} {theme.target_group}")
    if own:
        candidates = (
            Theme.objects.filter(
                _title_has_any(own),
                status__in=ACTIVE_STATUSES,
                conference__is_published=True,
                conference__starts_at__lte=edition.starts_at,
            )
            .exclude(pk=theme.pk)
            .select_related("conference")
            .order_by("-conference__starts_at", "pk")[:100]
        )
        for candidate in candidates:
            if len(own & stems(f"{candidate.title} {candidate.target_group}")) >= 2:
                found.setdefault(candidate.pk, candidate)
    return sorted(found.values(), key=lambda t: (t.conference.starts_at, t.pk))[:limit]


# --- theme page --------------------------------------------------------------------------------


def theme_for_page(*, pk: int, user):
    """The theme if ``user`` may see it: public themes of published editions, one's own, or all for coordinators."""
    themes = Theme.objects.visible_to(user)
    if not is_coordinator(user):
        own = Q(submitted_by=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
        themes = themes.filter(Q(conference__is_published=True) | own)
    return (
        themes.select_related(
            "conference",
            "organisation",
            "submitted_by",
            "merged_into",
            "chosen_in",
            "origin_outcome__table_talk__conference",
        )
        .filter(pk=pk)
        .first()
    )


def theme_lineage(theme: Theme) -> dict:
    """What the theme page shows around a theme: votes, table talks and outcomes, merges, earlier themes."""
    round_ = VotingRound.objects.filter(conference_id=theme.conference_id).first()
    table_talks = list(
        TableTalk.objects.filter(theme=theme)
        .select_related("conference", "host")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.published().prefetch_related("themes")))
        .order_by("conference__starts_at", "round", "table_label", "pk")
    )
    return {
        "round": round_,
        "votes": Vote.objects.filter(theme=theme).count() if round_ and round_.results_published else None,
        "table_talks": table_talks,
        "merged_themes": list(theme.merged_themes.select_related("conference").order_by("pk")),
        "earlier": related_themes(theme),
    }


# --- voting ------------------------------------------------------------------------------------


def rounds_for(*, user):
    """Voting rounds ``user`` may see: those of published editions; coordinators see all of them."""
    rounds = VotingRound.objects.select_related("conference")
    if is_coordinator(user):
        return rounds
    return rounds.filter(conference__is_published=True)


def rounds_with_public_results(*, user):
    """The rounds of ``rounds_for`` whose results are public (the rule of ``themes.view_results`` for
    everyone who is not a coordinator): newest first. Open rounds and unpublished tallies never appear."""
    return rounds_for(user=user).filter(results_published=True).order_by("-closes_at", "pk")


def open_round_for_home(now=None):
    now = now or timezone.now()
    return (
        VotingRound.objects.open(now)
        .filter(conference__is_published=True)
        .select_related("conference")
        .order_by("closes_at")
        .first()
    )


def round_themes(round_: VotingRound):
    """The themes one can vote for in a round, for the ballot page."""
    return (
        Theme.objects.filter(conference_id=round_.conference_id, status=Theme.Status.PUBLISHED)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def my_votes(round_: VotingRound, user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Vote.objects.filter(ballot__round=round_, ballot__voter=user).values_list("theme_id", flat=True))


def _ranking(themes):
    """The themes that were on the ballot, each with ``vote_total``."""
    return (
        themes.filter(status__in=ACTIVE_STATUSES)
        .annotate(vote_total=Count("votes"))
        # Named at the table and entered afterwards (Theme.named_at_session): never on the ballot.
        .exclude(choice_method=Theme.ChoiceMethod.SESSION, created_at__gte=F("chosen_at"))
    )


def round_results(round_: VotingRound):
    """All themes of the round's edition with their vote counts, highest first."""
    return _ranking(Theme.objects.filter(conference_id=round_.conference_id)).order_by("-vote_total", "title", "pk")


def public_results(*, user, edition: Edition | None = None):
    """The results of every round in ``rounds_with_public_results`` (or of one edition's), in one query:
    themes with ``vote_total``, per edition (oldest first) highest first, as ``round_results`` ranks them."""
    rounds = rounds_with_public_results(user=user)
    if edition is not None:
        rounds = rounds.filter(conference=edition)
    themes = Theme.objects.filter(conference__voting_round__in=rounds.values("pk"))
    return (
        _ranking(themes)
        .select_related("conference__voting_round")
        .order_by("conference__starts_at", "conference_id", "-vote_total", "title", "pk")
    )


def round_totals(round_: VotingRound) -> dict:
    votes = Vote.objects.filter(ballot__round=round_).count()
    voters = Ballot.objects.filter(round=round_, votes__isnull=False).distinct().count()
    return {"votes": votes, "voters": voters}


# --- moderation and overviews ------------------------------------------------------------------


def moderation_queue():
    return (
        Theme.objects.filter(status=Theme.Status.SUBMITTED)
        .select_related("conference", "submitted_by", "organisation")
        .order_by("created_at", "pk")
    )


def proposals_of(user):
    return Theme.objects.filter(submitted_by=user).select_related("conference").order_by("-created_at", "pk")


RECURRING_LIMIT = 1500


def recurring_groups(*, limit: int = RECURRING_LIMIT, min_editions: int = 2) -> list[dict]:
    """Group public themes across editions by shared subject words; keep groups that span editions.

    Two themes belong together when their titles and target groups share at least two word stems,
    or one stem when one of the titles has only one. Union-find over an index of stems keeps it
    near-linear in the number of themes.
    """
    themes = list(
        Theme.objects.filter(status__in=PUBLIC_STATUSES, conference__is_published=True)
        .select_related("conference", "merged_into")
        .order_by("-conference__starts_at", "pk")[:limit]
    )
    parent = list(range(len(themes)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [stems(f"{t.title} {t.target_group}") for t in themes]
    by_stem = defaultdict(list)
    for index, key in enumerate(keys):
        for stem in key:
            by_stem[stem].append(index)
    for index, key in enumerate(keys):
        shared = defaultdict(int)
        for stem in key:
            bucket = by_stem[stem]
            if len(bucket) > max(50, len(themes) // 10):
                continue  # a stem in too many themes says nothing
            for other in bucket:
                if other != index:
                    shared[other] += 1
        for other, count in shared.items():
            if count >= 2 or (count >= 1 and min(len(key), len(keys[other])) == 1):
                parent[find(index)] = find(other)
    groups = defaultdict(list)
    for index, theme in enumerate(themes):
        groups[find(index)].append(theme)
    result = []
    for members in groups.values():
        editions = {t.conference_id for t in members}
        if len(editions) < min_editions:
            continue
        members.sort(key=lambda t: (t.conference.starts_at, t.pk))
        common = set.intersection(*(stems(f"{t.title} {t.target_group}") for t in members)) if members else set()
        result.append({"themes": members, "edition_count": len(editions), "common": sorted(common)})
    result.sort(key=lambda g: (-g["edition_count"], -len(g["themes"]), g["themes"][-1].title))
    return result


# --- themes chosen during a session ------------------------------------------------------------


def session_choosable_themes(edition: Edition):
    """Proposed themes of an edition that a session can still mark as chosen (see services.SESSION_CHOOSABLE)."""
    unknown_how = Q(status=Theme.Status.CHOSEN, choice_method="")
    return (
        Theme.objects.filter(conference=edition)
        .filter(Q(status__in=(Theme.Status.PUBLISHED, Theme.Status.NOT_CHOSEN)) | unknown_how)
        .order_by("title", "pk")
    )


def session_chosen_themes(edition: Edition):
    """The themes of an edition that were chosen during one of its sessions."""
    return (
        Theme.objects.filter(conference=edition, choice_method=Theme.ChoiceMethod.SESSION)
        .select_related("chosen_in")
        .order_by("chosen_at", "title", "pk")
    )


def edition_sessions(edition: Edition):
    """The sessions of an edition a theme can have been chosen in, in programme order."""
    return Session.objects.filter(conference=edition).order_by("starts_at", "pk")


def tables_without_theme(edition: Edition):
    """The edition's tables that do not talk about a theme yet, or None when there are none."""
    tables = TableTalk.objects.filter(conference=edition, theme__isnull=True).order_by("round", "table_label", "pk")
    return tables if tables.exists() else None
