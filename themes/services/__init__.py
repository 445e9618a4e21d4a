"""State changes with rules for themes and voting rounds. Each runs in one transaction.

Views, the demo loader and tests call these functions; none re-implements a rule. One module per
area: proposing, moderation, voting rounds, themes chosen during a session, and voting.
"""

from themes.services.moderation import ACTIVE_STATUSES, merge_theme, publish_theme, reject_theme
from themes.services.proposals import (
    PROPOSALS_PER_DAY,
    WITHDRAWABLE,
    propose_theme,
    save_recurring_overview,
    theme_from_outcome,
    withdraw_error,
    withdraw_theme,
)
from themes.services.rounds import choose_themes, close_round, open_round, publish_results
from themes.services.session_choice import SESSION_CHOOSABLE, SessionTheme, record_session_choice
from themes.services.voting import cast_vote, voting_error, withdraw_vote

__all__ = [
    "ACTIVE_STATUSES",
    "PROPOSALS_PER_DAY",
    "SESSION_CHOOSABLE",
    "WITHDRAWABLE",
    "SessionTheme",
    "cast_vote",
    "choose_themes",
    "close_round",
    "merge_theme",
    "open_round",
    "propose_theme",
    "publish_results",
    "publish_theme",
    "record_session_choice",
    "reject_theme",
    "save_recurring_overview",
    "theme_from_outcome",
    "voting_error",
    "withdraw_error",
    "withdraw_theme",
    "withdraw_vote",
]
