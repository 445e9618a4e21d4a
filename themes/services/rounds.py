"""Voting rounds: opening, closing, publishing results and choosing themes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference import audit
from conference.models import Edition, User
from themes.models import MAX_VOTES_PER_VOTER, Theme, Vote, VotingRound

# --- voting rounds -----------------------------------------------------------------------------


@transaction.atomic
def open_round(
    *,
    conference: Edition,
    opens_at,
    closes_at,
    votes_per_voter: int = 3,
    themes_to_choose: int = 2,
    eligibility: str = VotingRound.Eligibility.RESIDENTS,
    created_by: User | None = None,
) -> VotingRound:
    Edition.objects.select_for_update().filter(pk=conference.pk).first()
    if VotingRound.objects.filter(conference=conference).exists():
        raise ValidationError(_("This edition already has a voting round."))
    if closes_at <= opens_at:
        raise ValidationError(_("The round must close after it opens."))
    if closes_at <= timezone.now():
        raise ValidationError(_("The closing time has already passed."))
    if not 1 <= votes_per_voter <= MAX_VOTES_PER_VOTER:
        raise ValidationError(_("Give each voter between 1 and %(max)d votes.") % {"max": MAX_VOTES_PER_VOTER})
    if themes_to_choose < 1:
        raise ValidationError(_("Choose at least one theme."))
    return VotingRound.objects.create(
        conference=conference,
        opens_at=opens_at,
        closes_at=closes_at,
        votes_per_voter=votes_per_voter,
        themes_to_choose=themes_to_choose,
        eligibility=eligibility,
        created_by=created_by,
    )


def _lock_round(round_: VotingRound) -> VotingRound:
    return VotingRound.objects.select_for_update().get(pk=round_.pk)


@transaction.atomic
def close_round(*, round_: VotingRound) -> VotingRound:
    """Close an open round now (instead of waiting for its closing time)."""
    round_ = _lock_round(round_)
    now = timezone.now()
    if not round_.is_open(now):
        raise ValidationError(_("Only an open round can be closed."))
    round_.closes_at = now
    round_.save(update_fields=["closes_at"])
    return round_


@transaction.atomic
def publish_results(*, round_: VotingRound) -> VotingRound:
    round_ = _lock_round(round_)
    if not round_.has_closed():
        raise ValidationError(_("The results can only be published after the round has closed."))
    if not round_.results_published:
        round_.results_published = True
        round_.results_published_at = timezone.now()
        round_.save(update_fields=["results_published", "results_published_at"])
    return round_


@transaction.atomic
def choose_themes(*, round_: VotingRound, themes, note: str = "") -> list[Theme]:
    """Mark the chosen themes; the other published themes of the edition become "not chosen"."""
    round_ = _lock_round(round_)
    if not round_.results_published:
        raise ValidationError(_("Publish the results before you choose themes."))
    if round_.chosen_at:
        raise ValidationError(_("The themes of this round have already been chosen."))
    candidates = list(
        Theme.objects.select_for_update().filter(conference_id=round_.conference_id, status=Theme.Status.PUBLISHED)
    )
    chosen_ids = {theme.pk for theme in themes}
    if not chosen_ids <= {theme.pk for theme in candidates}:
        raise ValidationError(_("You can only choose published themes of this edition."))
    expected = min(round_.themes_to_choose, len(candidates))
    if len(chosen_ids) != expected:
        raise ValidationError(
            ngettext("Choose exactly %(count)d theme.", "Choose exactly %(count)d themes.", expected)
            % {"count": expected}
        )
    counts = dict(
        Vote.objects.filter(theme__in=candidates)
        .values("theme_id")
        .annotate(n=Count("pk"))
        .values_list("theme_id", "n")
    )
    chosen_low = min((counts.get(pk, 0) for pk in chosen_ids), default=0)
    others_high = max((counts.get(t.pk, 0) for t in candidates if t.pk not in chosen_ids), default=-1)
    if others_high >= chosen_low and not note.strip():
        raise ValidationError(
            _(
                "Your choice does not simply follow the ranking (for example because of a tie). "
                "Explain the choice: it is shown with the results."
            )
        )
    now = timezone.now()
    audit.update(  # update() sends no signals: audit.update() records each theme's new status
        Theme.objects.filter(pk__in=chosen_ids),
        status=Theme.Status.CHOSEN,
        choice_method=Theme.ChoiceMethod.VOTE,
        chosen_at=now,
        updated_at=now,
    )
    audit.update(
        Theme.objects.filter(pk__in=[t.pk for t in candidates if t.pk not in chosen_ids]),
        status=Theme.Status.NOT_CHOSEN,
        updated_at=timezone.now(),
    )
    round_.choice_note = note.strip()
    round_.chosen_at = timezone.now()
    round_.save(update_fields=["choice_note", "chosen_at"])
    return list(Theme.objects.filter(pk__in=chosen_ids))
