from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import PeersManager


class Organisation(models.Model):
    """A partner organisation: welfare, care, health, schools, sport, volunteers, ..."""

    class Kind(models.TextChoices):
        WELFARE = "welfare", _("Welfare and social work")
        CARE = "care", _("Care")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        SPORT = "sport", _("Sport and culture")
        VOLUNTEERS = "volunteers", _("Volunteers and residents' initiatives")
        GOVERNMENT = "government", _("Government")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name in the web address"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("organisation", "user"),
        related_name="organisations",
        verbose_name=_("members"),
    )

    objects = PeersManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("conference:organisation_detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A person who belongs to a partner organisation: this makes them a partner."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = PeersManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__display_name"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")]

    def __str__(self):
        return f"{self.user} - {self.organisation}"
