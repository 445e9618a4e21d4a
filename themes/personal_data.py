"""The themes app's part of a person's data (registered in ThemesConfig.ready, see conference.personal_data).

Themes a person proposed stay, signed "former participant" after they delete their account. Their
ballots stay without a voter: the votes keep counting, so a published result never changes.
"""

from django.db.models import Prefetch

from conference.personal_data import reassign, register, register_retention, when
from themes.models import Ballot, Theme, Vote, VotingRound


def export_themes(user) -> list[dict]:
    themes = Theme.objects.filter(submitted_by=user).select_related("conference", "organisation").order_by("pk")
    return [
        {
            "title": theme.title,
            "description": theme.description,
            "target_group": theme.target_group,
            "edition": theme.conference.title,
            "on_behalf_of": theme.organisation.name if theme.organisation_id else None,
            "status": theme.status,
            "proposed_at": when(theme.created_at),
            "address": theme.get_absolute_url(),
        }
        for theme in themes
    ]


def erase_themes(user, placeholder) -> None:
    reassign(Theme.objects.filter(submitted_by=user), "submitted_by", placeholder)


def export_votes(user) -> dict:
    votes = Vote.objects.select_related("theme").order_by("slot", "pk")
    ballots = (
        Ballot.objects.filter(voter=user)
        .select_related("round__conference")
        .prefetch_related(Prefetch("votes", queryset=votes))
        .order_by("round__opens_at", "pk")
    )
    return {
        "ballots": [
            {
                "edition": ballot.round.conference.title,
                "round_opens_at": when(ballot.round.opens_at),
                "round_closes_at": when(ballot.round.closes_at),
                "ballot_created_at": when(ballot.created_at),
                "votes": [{"theme": vote.theme.title, "cast_at": when(vote.created_at)} for vote in ballot.votes.all()],
            }
            for ballot in ballots
        ],
        "voting_rounds_opened": VotingRound.objects.filter(created_by=user).count(),
    }


def erase_votes(user, placeholder) -> None:
    """The ballot loses its voter, the votes stay: totals and published results do not change."""
    Ballot.objects.filter(voter=user).update(voter=None)
    reassign(VotingRound.objects.filter(created_by=user), "created_by", placeholder)


def forget_voters(cutoff) -> int:
    """Retention: who cast the ballots of rounds closed before ``cutoff`` is no longer kept."""
    return Ballot.objects.filter(round__closes_at__lt=cutoff, voter__isnull=False).update(voter=None)


register("themes", covers=["themes.Theme.submitted_by"], export=export_themes, erase=erase_themes, order=30)
register(
    "votes",
    covers=["themes.Ballot.voter", "themes.VotingRound.created_by"],
    export=export_votes,
    erase=erase_votes,
    order=31,
)
register_retention("ballots", forget_voters)
