from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import PeersManager, PeersQuerySet


class Session(models.Model):
    """One item of an edition's programme: plenary, choice session, table-talk round or break."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        CHOICE = "choice", _("Choice session")
        TABLE_TALK = "table_talk", _("Table-talk round")
        BREAK = "break", _("Break")

    conference = models.ForeignKey(
        "conference.Edition", on_delete=models.CASCADE, related_name="sessions", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLENARY)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("You can use Markdown."))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(
        _("maximum number of participants"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    needs_registration = models.BooleanField(
        _("registration needed"), default=False, help_text=_("Participants choose this session when they register.")
    )

    objects = PeersManager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conference:session_detail", kwargs={"slug": self.conference.slug, "pk": self.pk})

    @property
    def places_left(self) -> int | None:
        """Free places, when the session has a limit and the query annotated ``taken``."""
        if self.capacity is None or not hasattr(self, "taken"):
            return None
        return max(self.capacity - self.taken, 0)

    def overlaps(self, other: "Session") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


def time_slots(sessions) -> list[dict]:
    """Group sessions into the programme's time slots: sessions that overlap share a slot.

    One rule for the programme page, the registration form and the registration service, so
    "one session per time slot" means the same everywhere.
    """
    slots: list[dict] = []
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.title, s.pk)):
        if slots and session.starts_at < slots[-1]["ends_at"]:
            slots[-1]["sessions"].append(session)
            slots[-1]["ends_at"] = max(slots[-1]["ends_at"], session.ends_at)
        else:
            slots.append({"starts_at": session.starts_at, "ends_at": session.ends_at, "sessions": [session]})
    return slots


class SessionHost(models.Model):
    """A speaker, host (gespreksleider) or moderator of a session. Need not have an account.

    A host is a person (with or without their organisation) or an organisation without a
    person's name, as programmes often say "hosted by the library".
    """

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        HOST = "host", _("Host")
        MODERATOR = "moderator", _("Moderator")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="hosts", verbose_name=_("session"))
    name = models.CharField(_("name"), max_length=150, blank=True, help_text=_("Leave empty for an organisation."))
    organisation = models.ForeignKey(
        "conference.Organisation",
        on_delete=models.PROTECT,  # a host may be only the organisation: it cannot vanish silently
        null=True,
        blank=True,
        related_name="session_hosts",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PeersManager()

    class Meta:
        verbose_name = _("speaker or host")
        verbose_name_plural = _("speakers and hosts")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name="") | models.Q(organisation__isnull=False),
                name="session_host_person_or_organisation",
            ),
        ]

    def __str__(self):
        if self.name:
            return self.name
        return self.organisation.name if self.organisation_id else ""

    @property
    def label(self) -> str:
        """The host as programmes write them: "Annica Brummel (Werkplaats Sociaal Domein)" or "Bibliotheek Gent"."""
        if self.name and self.organisation_id:
            return f"{self.name} ({self.organisation.name})"
        return str(self)


class RegistrationQuerySet(PeersQuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)


class Registration(models.Model):
    """A person's registration for an edition; waitlisted when the edition is full."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    conference = models.ForeignKey(
        "conference.Edition", on_delete=models.CASCADE, related_name="registrations", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("participant")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["conference", "user"], name="one_registration_per_edition")]

    def __str__(self):
        return f"{self.user} - {self.conference}"


class SessionChoice(models.Model):
    """A session a registered person picked; waitlisted when the session is full."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="choices", verbose_name=_("registration")
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="choices", verbose_name=_("session"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeersManager()

    class Meta:
        verbose_name = _("session choice")
        verbose_name_plural = _("session choices")
        ordering = ["session__starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="one_choice_per_session")]

    def __str__(self):
        return f"{self.registration.user} - {self.session}"
