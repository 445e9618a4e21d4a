"""Proposing themes: by residents and partners (with a daily limit), from table-talk outcomes, withdrawing."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.models import Edition, Membership, Organisation, Outcome, User
from conference.rules import is_coordinator, is_resident
from themes.models import RecurringOverview, Theme, Vote

#: How many themes one person may propose in 24 hours.
PROPOSALS_PER_DAY = 5


# --- proposing ---------------------------------------------------------------------------------


@transaction.atomic
def propose_theme(
    *,
    proposer: User,
    conference: Edition,
    title: str,
    description: str,
    target_group: str = "",
    organisation: Organisation | None = None,
    origin_outcome: Outcome | None = None,
) -> Theme:
    """Store a proposal in the moderation queue, within the daily limit per person."""
    if not is_resident(proposer):
        raise ValidationError(_("Sign in to propose a theme."))
    coordinator = is_coordinator(proposer)
    if not coordinator and (not conference.is_published or conference.is_past):
        raise ValidationError(_("You can only propose themes for an edition that is still to come."))
    if organisation is not None and not Membership.objects.filter(user=proposer, organisation=organisation).exists():
        raise ValidationError(_("You can only propose a theme on behalf of an organisation you belong to."))
    if not title.strip() or not description.strip():
        raise ValidationError(_("A theme needs a title and a description."))
    # Serialise one person's proposals so that parallel requests cannot pass the limit together.
    User.objects.select_for_update().filter(pk=proposer.pk).first()
    since = timezone.now() - timedelta(days=1)
    # Themes made from table-talk outcomes (``theme_from_outcome``) are not the person's proposals.
    recent = Theme.objects.filter(submitted_by=proposer, created_at__gte=since, origin_outcome__isnull=True)
    if not coordinator and recent.count() >= PROPOSALS_PER_DAY:  # coordinators enter history in bulk
        raise ValidationError(
            ngettext(
                "You can propose at most %(count)d theme a day. Please try again tomorrow.",
                "You can propose at most %(count)d themes a day. Please try again tomorrow.",
                PROPOSALS_PER_DAY,
            )
            % {"count": PROPOSALS_PER_DAY}
        )
    return Theme.objects.create(
        conference=conference,
        title=title.strip(),
        description=description.strip(),
        target_group=target_group.strip(),
        submitted_by=proposer,
        organisation=organisation,
        origin_outcome=origin_outcome,
    )


@transaction.atomic
def theme_from_outcome(*, outcome: Outcome, coordinator: User, conference: Edition | None = None) -> Theme:
    """Turn a published table-talk outcome into a theme proposal for the next edition, in one step.

    A coordinator's act, not a proposal of their own: it does not count against the daily limit
    on proposals, and it may be for an edition that has not been published yet.
    """
    if not is_coordinator(coordinator):
        raise PermissionDenied(_("Only a coordinator can turn an outcome into a theme."))
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.status != Outcome.Status.PUBLISHED:
        raise ValidationError(_("Only a published outcome can become a theme."))
    if Theme.objects.filter(origin_outcome=outcome).exists():
        raise ValidationError(_("This outcome has already become a theme."))
    table_talk = outcome.table_talk
    if conference is None:
        conference = (
            Edition.objects.published().filter(starts_at__gt=table_talk.conference.starts_at).upcoming().first()
        )
    if conference is None:
        raise ValidationError(_("There is no coming edition to propose the theme for. Announce an edition first."))
    first_line = outcome.text.strip().splitlines()[0] if outcome.text.strip() else table_talk.title
    title = first_line if len(first_line) <= 120 else first_line[:117].rstrip() + "…"
    description = _("%(text)s\n\nThis came from the table talk “%(talk)s” at %(edition)s.") % {
        "text": outcome.text.strip(),
        "talk": table_talk.title,
        "edition": table_talk.conference,
    }
    return Theme.objects.create(
        conference=conference,
        title=title,
        description=description,
        target_group=table_talk.theme.target_group if table_talk.theme_id else "",
        submitted_by=coordinator,
        origin_outcome=outcome,
    )


WITHDRAWABLE = (Theme.Status.SUBMITTED, Theme.Status.PUBLISHED)


def withdraw_error(theme: Theme, user) -> str | None:
    """Why ``user`` cannot withdraw ``theme`` now, or None. The rule ``themes.withdraw_theme`` asks this too."""
    if not is_resident(user) or theme.submitted_by_id != user.pk:
        return _("Only the proposer can withdraw a theme.")
    if theme.status not in WITHDRAWABLE:
        return _("This theme can no longer be withdrawn.")
    if Vote.objects.filter(theme=theme).exists():
        return _("People have already voted for this theme, so it can no longer be withdrawn.")
    return None


@transaction.atomic
def save_recurring_overview(*, is_published: bool, introduction: str) -> RecurringOverview:
    """Change the recurring-themes page: whether it is public and its introduction."""
    RecurringOverview.load()  # makes the row when there is none yet
    overview = RecurringOverview.objects.select_for_update().get(pk=1)
    overview.is_published, overview.introduction = is_published, introduction.strip()
    overview.save(update_fields=["is_published", "introduction", "updated_at"])
    return overview


@transaction.atomic
def withdraw_theme(*, theme: Theme, proposer: User) -> Theme:
    """The proposer takes their theme back, as long as nobody has voted for it and nothing was decided."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if error := withdraw_error(theme, proposer):
        raise ValidationError(error)
    theme.status = Theme.Status.WITHDRAWN
    theme.save(update_fields=["status", "updated_at"])
    return theme
