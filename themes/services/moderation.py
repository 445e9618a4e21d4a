"""Moderation: publishing, rejecting and merging themes, each under the theme's row lock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import audit
from themes import notifications
from themes.models import Theme, Vote, VotingRound

# --- moderation --------------------------------------------------------------------------------

#: Themes another theme may be merged into.
ACTIVE_STATUSES = (Theme.Status.PUBLISHED, Theme.Status.CHOSEN, Theme.Status.NOT_CHOSEN)


def _lock_theme(theme: Theme) -> Theme:
    return Theme.objects.select_for_update().get(pk=theme.pk)


@transaction.atomic
def publish_theme(*, theme: Theme) -> Theme:
    theme = _lock_theme(theme)
    if theme.status != Theme.Status.SUBMITTED:
        raise ValidationError(_("Only proposed themes can be published."))
    theme.status = Theme.Status.PUBLISHED
    theme.moderation_note = ""
    theme.moderated_at = timezone.now()
    theme.save(update_fields=["status", "moderation_note", "moderated_at", "updated_at"])
    notifications.theme_published(theme)
    return theme


@transaction.atomic
def reject_theme(*, theme: Theme, reason: str) -> Theme:
    theme = _lock_theme(theme)
    if theme.status != Theme.Status.SUBMITTED:
        raise ValidationError(_("Only proposed themes can be rejected."))
    if not reason.strip():
        raise ValidationError(_("Give a reason: the proposer will read it."))
    theme.status = Theme.Status.REJECTED
    theme.moderation_note = reason.strip()
    theme.moderated_at = timezone.now()
    theme.save(update_fields=["status", "moderation_note", "moderated_at", "updated_at"])
    notifications.theme_rejected(theme)
    return theme


@transaction.atomic
def merge_theme(*, theme: Theme, into: Theme, note: str = "") -> Theme:
    """Merge ``theme`` into ``into``; every supporter's vote ends up on ``into`` exactly once."""
    if theme.pk == into.pk:
        raise ValidationError(_("A theme cannot be merged into itself."))
    first, second = sorted([theme.pk, into.pk])
    rows = Theme.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")
    locked = {t.pk: t for t in rows}
    theme, into = locked[theme.pk], locked[into.pk]
    if theme.status not in (Theme.Status.SUBMITTED, Theme.Status.PUBLISHED):
        raise ValidationError(_("This theme can no longer be merged."))
    if into.status not in ACTIVE_STATUSES:
        raise ValidationError(_("A theme can only be merged into a published theme."))
    votes = Vote.objects.filter(theme=theme)
    if votes.exists():
        if into.conference_id != theme.conference_id:
            raise ValidationError(
                _("This theme has votes: merge it into a theme of the same edition, so that the votes move along.")
            )
        if VotingRound.objects.filter(conference_id=theme.conference_id, results_published=True).exists():
            raise ValidationError(_("The results of this round are published: its themes can no longer be merged."))
        # A voter who supported both keeps one vote on the joined theme; the other is returned.
        both = Vote.objects.filter(theme=into).values("ballot_id")
        votes.filter(ballot_id__in=both).delete()
        votes.update(theme=into)
    audit.update(Theme.objects.filter(merged_into=theme), merged_into=into)  # themes merged into this one earlier
    theme.status = Theme.Status.MERGED
    theme.merged_into = into
    theme.moderation_note = note.strip()
    theme.moderated_at = timezone.now()
    theme.save(update_fields=["status", "merged_into", "moderation_note", "moderated_at", "updated_at"])
    notifications.theme_merged(theme, into)
    return theme
