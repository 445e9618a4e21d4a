"""Theme blocks on conference pages (see conference/panels.py). Each costs a fixed number of queries."""

from django.db.models import Count, Prefetch

from conference import panels
from conference.models import Outcome
from themes import selectors
from themes.models import Theme, Vote, VotingRound


def _chosen(conference):
    return list(
        Theme.objects.filter(conference=conference, status=Theme.Status.CHOSEN)
        .select_related("conference", "chosen_in")
        .order_by("title")
    )


@panels.register("home", template="themes/panels/home.html", order=20, shared=True)
def home_panel(request, edition):
    round_ = selectors.open_round_for_home()
    latest = (
        Theme.objects.filter(status=Theme.Status.CHOSEN, conference__is_published=True)
        .order_by("-conference__starts_at")
        .values_list("conference_id", flat=True)
        .first()
    )
    chosen = _chosen(latest) if latest else []
    if round_ is None and not chosen:
        return None
    return {"round": round_, "chosen": chosen}


@panels.register("edition", template="themes/panels/edition.html", order=20, shared=True)
def edition_panel(request, edition):
    round_ = VotingRound.objects.filter(conference=edition).first()
    counts = Theme.objects.public().filter(conference=edition).aggregate(total=Count("pk"))
    chosen = _chosen(edition)
    if round_ is None and not chosen and not counts["total"]:
        return None
    return {"edition": edition, "round": round_, "chosen": chosen, "theme_total": counts["total"]}


@panels.register("recap", template="themes/panels/recap.html", order=20, shared=True)
def recap_panel(request, edition):
    chosen = _chosen(edition)
    return {"edition": edition, "chosen": chosen} if chosen else None


@panels.register("dashboard", template="themes/panels/dashboard.html", order=20)
def dashboard_panel(request, obj):
    return {"queue_count": Theme.objects.filter(status=Theme.Status.SUBMITTED).count()}


@panels.register("my", template="themes/panels/my.html", order=20)
def my_panel(request, user):
    proposals = list(selectors.proposals_of(user)[:10])
    round_ = selectors.open_round_for_home()
    my_votes = []
    if round_ is not None:
        my_votes = list(
            Vote.objects.filter(ballot__round=round_, ballot__voter=user).select_related("theme").order_by("slot")
        )
    return {"proposals": proposals, "round": round_, "my_votes": my_votes}


@panels.register("table_talk", template="themes/panels/table_talk.html", order=20)
def table_talk_panel(request, table_talk):
    outcomes = list(
        Outcome.objects.published()
        .filter(table_talk=table_talk)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.select_related("conference")))
        .order_by("order", "pk")
    )
    theme = table_talk.theme if table_talk.theme_id else None
    if theme is not None and not theme.is_public:
        theme = None
    if theme is None and not outcomes:
        return None
    can_convert = bool(request and request.user.has_perm("themes.theme_from_outcome"))
    return {"table_talk": table_talk, "theme": theme, "outcomes": outcomes, "can_convert": can_convert}
