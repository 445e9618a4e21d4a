from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from conference.models import PeersQuerySet
from conference.models.search import WeightedSearchVector
from conference.rules import is_coordinator

#: The largest budget a round may give a voter; also bounds ``Vote.slot`` in the database.
MAX_VOTES_PER_VOTER = 10


class ThemeQuerySet(PeersQuerySet):
    def public(self):
        return self.exclude(status__in=Theme.HIDDEN_STATUSES)

    def visible_to(self, user):
        """Public themes, plus the hidden ones of the proposer; coordinators see everything."""
        if is_coordinator(user):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(~models.Q(status__in=Theme.HIDDEN_STATUSES) | models.Q(submitted_by=user))
        return self.public()


class ThemeManager(models.Manager.from_queryset(ThemeQuerySet)):
    def get_queryset(self):
        # The stored search vector is only read in SQL (search, ranking); rows never carry it.
        return super().get_queryset().defer("search_vector")


class Theme(models.Model):
    """A subject people propose for an edition; the chosen ones get a table talk and a workgroup.

    ``search_vector`` is a stored generated column (PostgreSQL computes it on every write: title
    weighted A, target group B, description C, Dutch configuration) with a GIN index; the title
    also has a trigram index for "similar themes". Both indexes exist on PostgreSQL only; on
    SQLite the column is NULL and the selectors fall back to simple matching.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        CHOSEN = "chosen", _("Chosen")
        NOT_CHOSEN = "not_chosen", _("Not chosen")
        MERGED = "merged", _("Merged")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Rejected")

    class ChoiceMethod(models.TextChoices):
        VOTE = "vote", _("Chosen in a voting round")
        SESSION = "session", _("Chosen during the session")

    HIDDEN_STATUSES = (Status.SUBMITTED, Status.REJECTED, Status.WITHDRAWN)

    conference = models.ForeignKey(
        "conference.Edition", on_delete=models.PROTECT, related_name="themes", verbose_name=_("edition")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("You can use Markdown."))
    target_group = models.CharField(_("target group"), max_length=150, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="themes",
        verbose_name=_("submitted by"),
    )
    organisation = models.ForeignKey(
        "conference.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="themes",
        verbose_name=_("on behalf of"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    moderation_note = models.TextField(_("reason"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_themes"
    )
    origin_outcome = models.ForeignKey(
        "conference.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="themes",
        verbose_name=_("from table-talk outcome"),
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    choice_method = models.CharField(
        _("how it was chosen"), max_length=20, choices=ChoiceMethod.choices, blank=True, default=""
    )
    chosen_at = models.DateTimeField(_("chosen on"), null=True, blank=True)
    chosen_in = models.ForeignKey(
        "conference.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chosen_themes",
        verbose_name=_("chosen during session"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=WeightedSearchVector("title", "target_group", "description", config="dutch"),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )

    objects = ThemeManager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "conference"], name="theme_status_edition"),
            models.Index(fields=["submitted_by", "created_at"], name="theme_proposer_created"),
            GinIndex(fields=["search_vector"], name="theme_search_vector", fastupdate=False),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="theme_title_trgm", fastupdate=False),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")), name="theme_not_merged_into_itself"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("themes:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self):
        return slugify(self.title)[:60] or "thema"

    @property
    def is_public(self) -> bool:
        return self.status not in self.HIDDEN_STATUSES

    @property
    def named_at_session(self) -> bool:
        """Chosen during a session and entered afterwards: nobody proposed it before the choice."""
        return bool(
            self.choice_method == self.ChoiceMethod.SESSION and self.chosen_at and self.created_at >= self.chosen_at
        )


class VotingRoundQuerySet(PeersQuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class VotingRound(models.Model):
    """A window in which voters spread a fixed number of votes over the published themes of an edition."""

    class Eligibility(models.TextChoices):
        RESIDENTS = "residents", _("All residents and partners with a verified account")
        ATTENDEES = "attendees", _("Only people registered for the edition")

    conference = models.OneToOneField(
        "conference.Edition", on_delete=models.PROTECT, related_name="voting_round", verbose_name=_("edition")
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    votes_per_voter = models.PositiveSmallIntegerField(
        _("votes per voter"), default=3, help_text=_("At most one vote per theme.")
    )
    themes_to_choose = models.PositiveSmallIntegerField(_("number of themes to choose"), default=2)
    eligibility = models.CharField(
        _("who may vote"), max_length=20, choices=Eligibility.choices, default=Eligibility.RESIDENTS
    )
    results_published = models.BooleanField(_("results published"), default=False)
    results_published_at = models.DateTimeField(null=True, blank=True)
    choice_note = models.TextField(
        _("explanation of the choice"),
        blank=True,
        help_text=_("Required when the choice differs from the ranking, for example with a tie."),
    )
    chosen_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VotingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("voting round")
        verbose_name_plural = _("voting rounds")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_open"
            ),
            models.CheckConstraint(
                condition=models.Q(votes_per_voter__gte=1, votes_per_voter__lte=MAX_VOTES_PER_VOTER),
                name="round_votes_per_voter_range",
            ),
            models.CheckConstraint(condition=models.Q(themes_to_choose__gte=1), name="round_choose_at_least_one"),
        ]

    def __str__(self):
        return _("Voting round for %(edition)s") % {"edition": self.conference}

    def get_absolute_url(self):
        return reverse("themes:round", kwargs={"pk": self.pk})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def has_opened(self, now=None) -> bool:
        return (now or timezone.now()) >= self.opens_at


class Ballot(models.Model):
    """One voter's votes in one round. The row is locked while a vote is cast.

    A voter who deletes their account leaves the ballot without a voter (``SET_NULL``): their votes
    still count, so a closed round's published results never change. The unique constraint holds
    for every ballot that has a voter (NULLs are distinct).
    """

    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ballots"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeersQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["round", "voter"], name="one_ballot_per_voter_per_round")]

    def __str__(self):
        return f"{self.voter} - {self.round}"


class Vote(models.Model):
    """One vote for one theme; ``slot`` numbers the votes of a ballot (1, 2, ...).

    Where the budget is enforced: ``themes.services.cast_vote`` holds the ballot's row lock
    (``SELECT ... FOR UPDATE``), so one voter's requests run one after another, then counts the
    ballot's votes against the round's ``votes_per_voter`` and hands out the lowest free slot.
    That is the rule. The constraints below are a backstop for code that bypasses the service:
    they guarantee one vote per theme per ballot, and that two votes never share a slot, with
    slots between 1 and ``MAX_VOTES_PER_VOTER``. So the database caps a ballot at
    ``MAX_VOTES_PER_VOTER`` votes, not at the (usually smaller) budget of its round, which a
    check constraint cannot see.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="votes")
    slot = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeersQuerySet.as_manager()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "theme"], name="one_vote_per_theme_per_ballot"),
            models.UniqueConstraint(fields=["ballot", "slot"], name="one_vote_per_slot_per_ballot"),
            models.CheckConstraint(
                condition=models.Q(slot__gte=1, slot__lte=MAX_VOTES_PER_VOTER), name="vote_slot_within_budget"
            ),
        ]

    def __str__(self):
        return f"{self.ballot_id} → {self.theme_id}"


class RecurringOverview(models.Model):
    """Settings of the recurring-themes page: coordinators decide when it is public."""

    is_published = models.BooleanField(_("public"), default=False)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("You can use Markdown."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recurring themes page")
        verbose_name_plural = _("recurring themes page")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls):
        overview, _created = cls.objects.get_or_create(pk=1)
        return overview
