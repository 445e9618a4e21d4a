"""What the themes app adds to the audit trail: themes (with their moderation) and voting rounds.

Registered from ``ThemesConfig.ready()``. A theme's status change is its moderation: published,
rejected with a reason, merged, withdrawn, chosen or not chosen.
"""

from django.utils.translation import gettext_lazy as _

from conference import audit
from themes.models import Theme, VotingRound

audit.register(
    Theme,
    kind="theme",
    label=_("Theme"),
    exclude=["moderated_at", "search_vector"],  # the entry's time; the search index follows the text
    labels={"merged_into": _("merged into")},
    edition=lambda theme: theme.conference_id,
    order=50,
)
audit.register(
    VotingRound,
    kind="voting_round",
    label=_("Voting round"),
    exclude=["results_published_at", "created_by"],  # the entry's time and actor
    labels={"chosen_at": _("themes chosen on")},
    edition=lambda round_: round_.conference_id,
    related=["conference"],
    order=55,
)
