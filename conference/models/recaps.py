from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conference.rules import is_coordinator

from .base import PeersManager, PeersQuerySet


class RecapQuerySet(PeersQuerySet):
    def published(self):
        return self.filter(status=Recap.Status.PUBLISHED, conference__is_published=True)

    def visible_to(self, user):
        if is_coordinator(user):
            return self
        return self.published()


class Recap(models.Model):
    """The terugblik of an edition: the coordinators' text; the rest is composed from the data."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    conference = models.OneToOneField(
        "conference.Edition", on_delete=models.CASCADE, related_name="recap", verbose_name=_("edition")
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("You can use Markdown."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    show_evaluation = models.BooleanField(_("show the evaluation summary"), default=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RecapQuerySet.as_manager()

    class Meta:
        verbose_name = _("recap")
        verbose_name_plural = _("recaps")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conference:recap_detail", kwargs={"slug": self.conference.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class RecapSection(models.Model):
    recap = models.ForeignKey(Recap, on_delete=models.CASCADE, related_name="sections", verbose_name=_("recap"))
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), help_text=_("You can use Markdown."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PeersManager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.heading
