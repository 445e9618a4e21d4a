from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conference.models import PeersQuerySet
from conference.rules import is_coordinator


class WorkgroupQuerySet(PeersQuerySet):
    def active(self):
        return self.filter(status=Workgroup.Status.ACTIVE)


class Workgroup(models.Model):
    """A group of partners and residents that carries out what an edition decided."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in the web address"), max_length=80, unique=True)
    focus = models.TextField(_("focus"), blank=True, help_text=_("You can use Markdown."))
    origin_theme = models.ForeignKey(
        "themes.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workgroups",
        verbose_name=_("origin theme"),
    )
    started_in = models.ForeignKey(
        "conference.Edition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="started_workgroups",
        verbose_name=_("started at edition"),
    )
    started_on = models.DateField(
        _("started on"), null=True, blank=True, help_text=_("The day the group started; shown on its timeline.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkgroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("workgroup")
        verbose_name_plural = _("workgroups")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workgroups:detail", kwargs={"slug": self.slug})


class WorkgroupMembership(models.Model):
    """A person in a workgroup: asked to join, then accepted as member or lead."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    workgroup = models.ForeignKey(
        Workgroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("workgroup")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workgroup_memberships",
        verbose_name=_("person"),
        help_text=_("Empty for a member without an account: then the name is given."),
    )
    name = models.CharField(_("name"), max_length=150, blank=True, help_text=_("For a member without an account."))
    function = models.CharField(
        _("function in the group"),
        max_length=120,
        blank=True,
        help_text=_("For example: GP, welfare worker, sports coach."),
    )
    organisation = models.ForeignKey(
        "conference.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workgroup_memberships",
        verbose_name=_("on behalf of"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    is_experience_expert = models.BooleanField(
        _("experience expert"),
        default=False,
        help_text=_("Someone who brings their own lived experience (ervaringsdeskundige)."),
    )
    motivation = models.TextField(_("why do you want to join?"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PeersQuerySet.as_manager()

    class Meta:
        verbose_name = _("workgroup member")
        verbose_name_plural = _("workgroup members")
        ordering = ["role", "user__display_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workgroup", "user"], name="one_membership_per_workgroup"),
            models.UniqueConstraint(
                fields=["workgroup"],
                condition=models.Q(role="lead", status="active"),
                name="one_active_lead_per_workgroup",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""), name="workgroup_member_account_or_name"
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(role="lead"), name="workgroup_lead_has_account"
            ),
        ]

    def __str__(self):
        return f"{self.person_name} – {self.workgroup}"  # noqa: RUF001

    @property
    def person_name(self) -> str:
        """The member's public name: the account's display name, or the name given for them."""
        return str(self.user) if self.user_id else self.name

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_lead(self):
        return self.is_active and self.role == self.Role.LEAD


class Goal(models.Model):
    #: The reason stored with the goal versions a published report wrote (not changes by hand).
    CHANGED_BY_REPORT = "report:"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    workgroup = models.ForeignKey(
        Workgroup, on_delete=models.CASCADE, related_name="goals", verbose_name=_("workgroup")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("You can use Markdown."))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PeersQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="goal_progress_max_100")]

    def __str__(self):
        return self.title


class ReportQuerySet(PeersQuerySet):
    def published(self):
        return self.filter(status=ProgressReport.Status.PUBLISHED)

    def visible_to(self, user):
        if is_coordinator(user):
            return self
        published = models.Q(status=ProgressReport.Status.PUBLISHED)
        if not getattr(user, "is_authenticated", False):
            return self.filter(published)
        my_groups = WorkgroupMembership.objects.filter(user=user, status=WorkgroupMembership.Status.ACTIVE)
        return self.filter(published | models.Q(workgroup_id__in=my_groups.values("workgroup_id")))


class ProgressReport(models.Model):
    """'Stand van zaken': what a workgroup reached, presented at an edition, and the decision on it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")

    class Overall(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        DELAYED = "delayed", _("Delayed")
        AT_RISK = "at_risk", _("At risk")
        ACHIEVED = "achieved", _("Achieved")

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        GREEN_LIGHT = "green_light", _("Green light")
        ADJUST = "adjust", _("Adjust")
        STOP = "stop", _("Stop")
        MERGE = "merge", _("Merge with another group")

    workgroup = models.ForeignKey(
        Workgroup, on_delete=models.CASCADE, related_name="reports", verbose_name=_("workgroup")
    )
    conference = models.ForeignKey(
        "conference.Edition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
        verbose_name=_("edition"),
        help_text=_("The edition the report is presented at. Leave empty for a report between editions."),
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="progress_reports",
        verbose_name=_("author"),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("You can use Markdown."))
    achievements = models.TextField(_("what was achieved"), blank=True, help_text=_("One result per line."))
    not_achieved = models.TextField(_("what was not achieved, and why"), blank=True)
    overall_status = models.CharField(
        _("overall status"), max_length=20, choices=Overall.choices, default=Overall.ON_TRACK
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField(_("comment from the steering group"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("note with the decision"), blank=True)
    merge_with = models.ForeignKey(
        Workgroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merge with"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: When the decision was recorded in the portal; ``decided_on`` is the day it was taken.
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_context = models.CharField(
        _("where it was decided"),
        max_length=200,
        blank=True,
        help_text=_("For example: at the edition, or at the steering-group meeting."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workgroup", "conference"],
                condition=models.Q(conference__isnull=False),
                name="one_report_per_workgroup_per_edition",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.workgroup} – {self.conference or self.period_end or self.created_at.date()}"  # noqa: RUF001

    def get_absolute_url(self):
        return reverse("workgroups:report_detail", kwargs={"slug": self.workgroup.slug, "pk": self.pk})

    @property
    def achievement_list(self):
        return [line.strip(" -•*\t") for line in self.achievements.splitlines() if line.strip(" -•*\t")]

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def reported_on(self):
        """The day the report is about: its edition, else the end (or start) of its period, else when written."""
        if self.conference_id:
            return timezone.localdate(self.conference.starts_at)
        return self.period_end or self.period_start or timezone.localdate(self.submitted_at or self.created_at)


class GoalUpdate(models.Model):
    """What a report says about one goal."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="goal_updates")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=20, choices=Goal.Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = PeersQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal update")
        verbose_name_plural = _("goal updates")
        ordering = ["goal__created_at", "goal_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "goal"], name="one_update_per_goal_per_report"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="goal_update_progress_max_100"),
        ]

    def __str__(self):
        return f"{self.goal}: {self.progress}%"


class QuickWin(models.Model):
    """Something small the group already got done, with the day it was done."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="quick_wins", verbose_name=_("progress report")
    )
    text = models.CharField(_("quick win"), max_length=300)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PeersQuerySet.as_manager()

    class Meta:
        verbose_name = _("quick win")
        verbose_name_plural = _("quick wins")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class NextStep(models.Model):
    """A step the group plans: who takes it (a person or an organisation), by when, paid from what."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="next_steps", verbose_name=_("progress report")
    )
    text = models.CharField(_("next step"), max_length=300)
    owner_name = models.CharField(_("who takes it"), max_length=150, blank=True)
    owner_organisation = models.ForeignKey(
        "conference.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation that takes it"),
    )
    due_date = models.DateField(_("by when"), null=True, blank=True)
    funding = models.CharField(
        _("funding source"), max_length=200, blank=True, help_text=_("For example: municipal budget, a fund.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PeersQuerySet.as_manager()

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def owner(self) -> str:
        parts = [self.owner_name, self.owner_organisation.name if self.owner_organisation_id else ""]
        return ", ".join(part for part in parts if part)


class Commitment(models.Model):
    """What an organisation pledges to a workgroup or to the conference, and whether it was kept."""

    class Kind(models.TextChoices):
        HOURS = "hours", _("Hours")
        LOCATION = "location", _("A location")
        TRAINING = "training", _("A training")
        MONEY = "money", _("Money")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Not yet reviewed")
        DELIVERED = "delivered", _("Delivered")
        PARTLY = "partly", _("Partly delivered")
        NOT_DELIVERED = "not_delivered", _("Not delivered")

    organisation = models.ForeignKey(
        "conference.Organisation", on_delete=models.CASCADE, related_name="commitments", verbose_name=_("organisation")
    )
    conference = models.ForeignKey(
        "conference.Edition",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("made at edition"),
    )
    workgroup = models.ForeignKey(
        Workgroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("for workgroup"),
        help_text=_("Leave empty when the commitment is to the conference as a whole."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HOURS)
    description = models.CharField(_("what will you contribute?"), max_length=300)
    hours = models.DecimalField(
        _("hours"), max_digits=7, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    amount = models.DecimalField(
        _("amount in euros"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    due_date = models.DateField(_("by when"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    review_note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeersQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-conference__starts_at", "organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="commitment_hours_not_negative"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="commitment_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.description}"

    @property
    def is_kept(self):
        return self.status == self.Status.DELIVERED


class ReportReminder(models.Model):
    """That a lead was reminded to report for an edition: at most once (unique constraint)."""

    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="reminders")
    conference = models.ForeignKey("conference.Edition", on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey("conference.OutgoingEmail", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["workgroup", "conference", "lead"], name="one_reminder_per_lead_per_edition"
            ),
        ]

    def __str__(self):
        return f"{self.workgroup} – {self.conference}"  # noqa: RUF001
