"""Who may do what with themes and voting rounds. Views and templates ask the same questions."""

import rules

from conference.rules import is_coordinator, is_resident


@rules.predicate
def may_vote(user, round_):
    from themes.services import voting_error

    return round_ is not None and voting_error(round_, user) is None


@rules.predicate
def may_withdraw(user, theme):
    """The proposer, while nobody voted and nothing was decided: the service asks the same."""
    from themes.services import withdraw_error

    return theme is not None and withdraw_error(theme, user) is None


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
rules.add_perm("themes.withdraw_theme", may_withdraw)
rules.add_perm("themes.moderate", is_coordinator)
rules.add_perm("themes.manage_rounds", is_coordinator)
rules.add_perm("themes.vote", may_vote)
rules.add_perm("themes.view_results", results_published | (is_coordinator & round_has_closed))
rules.add_perm("themes.export_results", results_published)
rules.add_perm("themes.view_recurring", is_coordinator | recurring_page_published)
rules.add_perm("themes.theme_from_outcome", is_coordinator)
rules.add_perm("themes.record_session_choice", is_coordinator)
