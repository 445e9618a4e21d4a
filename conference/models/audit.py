from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change to an audited object: when, who, which object, what happened, which fields changed.

    Written by ``conference.audit`` in the same transaction as the change, so a change that is
    rolled back leaves no entry. Like the search index, this table never points at the models of
    other apps: it stores the registered ``kind`` and the object's id. ``changes`` maps a field
    name to ``[before, after]`` in plain JSON values (labels are looked up when shown).

    No personal data is copied in: the actor and the person an entry is about are foreign keys
    that become empty when the account is deleted, and ``actor_role`` (coordinator, partner,
    resident, system) is what is left to say who it was. E-mail addresses and passwords are never
    stored, and fields that point at an account keep only its id.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        PARTNER = "partner", _("Partner")
        RESIDENT = "resident", _("Resident")
        VISITOR = "visitor", _("Not signed in")
        SYSTEM = "system", _("System")

    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SYSTEM)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.BigIntegerField(null=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
        help_text="The account an entry is about (a role grant), shown by its current name.",
    )
    # No constraint: the entries of an edition that is deleted (and of everything deleted with it)
    # are written while it goes, and keep its id.
    edition = models.ForeignKey(
        "conference.Edition",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_newest_first"),
            models.Index(fields=["kind", "-at"], name="audit_kind_newest"),
            models.Index(fields=["actor", "-at"], name="audit_actor_newest"),
            models.Index(fields=["edition", "-at"], name="audit_edition_newest"),
            models.Index(fields=["kind", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr or self.kind}"
