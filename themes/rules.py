"""Who may do what with themes and voting rounds. Views and templates ask the same questions."""

import rules

from conference.rules import is_coordinator, is_resident


@rules.predicate
def can_see_theme(user, theme):
    if theme is None:
        return False
    if theme.is_public or is_coordinator(user):
        return True
    return bool(user and user.is_authenticated and theme.submitted_by_id == user.pk)


@rules.predicate
def may_vote(user, round_):
    from themes.services import voting_error

    return round_ is not None and voting_error(round_, user) is None


@rules.predicate
def results_published(user, round_):
    return round_ is not None and round_.results_published


@rules.predicate
def round_has_closed(user, round_):
    return round_ is not None and round_.has_closed()


@rules.predicate
def recurring_page_published(user):
    from themes.models import RecurringOverview

    return RecurringOverview.objects.filter(is_published=True).exists()


rules.add_perm("themes.propose", is_resident)
rules.add_perm("themes.view_theme", can_see_theme)
rules.add_perm("themes.moderate", is_coordinator)
rules.add_perm("themes.manage_rounds", is_coordinator)
rules.add_perm("themes.vote", may_vote)
rules.add_perm("themes.view_results", results_published | (is_coordinator & round_has_closed))
rules.add_perm("themes.export_results", results_published)
rules.add_perm("themes.view_recurring", is_coordinator | recurring_page_published)
rules.add_perm("themes.theme_from_outcome", is_coordinator)
rules.add_perm("themes.record_session_choice", is_coordinator)
