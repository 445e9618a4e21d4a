from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conference.storage import private_storage

from .base import PeersManager, PeersQuerySet


class TableTalk(models.Model):
    """A table at an edition talking about one theme (or a free topic), led by a host."""

    conference = models.ForeignKey(
        "conference.Edition", on_delete=models.CASCADE, related_name="table_talks", verbose_name=_("edition")
    )
    session = models.ForeignKey(
        "conference.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="table_talks",
        verbose_name=_("table-talk round"),
    )
    theme = models.ForeignKey(
        "themes.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="table_talks",
        verbose_name=_("theme"),
    )
    title = models.CharField(_("topic"), max_length=200)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    table_label = models.CharField(_("table"), max_length=40, blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_table_talks",
        verbose_name=_("host"),
    )
    host_name = models.CharField(
        _("name of the host"), max_length=150, blank=True, help_text=_("When the host has no account.")
    )
    host_organisation = models.ForeignKey(
        "conference.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_table_talks",
        verbose_name=_("organisation of the host"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeersManager()

    class Meta:
        verbose_name = _("table talk")
        verbose_name_plural = _("table talks")
        ordering = ["round", "table_label", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conference:table_talk_detail", kwargs={"slug": self.conference.slug, "pk": self.pk})

    @property
    def host_display(self) -> str:
        return str(self.host) if self.host_id else self.host_name


class OutcomeQuerySet(PeersQuerySet):
    def published(self):
        return self.filter(status=Outcome.Status.PUBLISHED)


class Outcome(models.Model):
    """What a table came up with (opbrengst): an idea, an action or a question."""

    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        ACTION = "action", _("Action")
        QUESTION = "question", _("Question")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    table_talk = models.ForeignKey(
        TableTalk, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("table talk")
    )
    text = models.TextField(_("outcome"), max_length=2000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.IDEA)
    order = models.PositiveIntegerField(_("order"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    client_key = models.UUIDField(
        null=True, blank=True, editable=False, help_text="Sent by the form so that a repeated submit stores once."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["table_talk", "client_key"], name="outcome_submitted_once"),
        ]

    def __str__(self):
        return self.text[:60]


def sheet_photo_path(instance, filename):
    return f"tafelvellen/{instance.table_talk.conference_id}/{instance.table_talk_id}/{filename}"


class TableSheetPhoto(models.Model):
    """A photo of a table's paper sheet (tafelvel), re-saved without metadata, with a thumbnail.

    A sheet can show draft outcomes, so a photo stays hidden from the public until a coordinator
    publishes the table's outcomes; publishing them publishes the photos too. The files live in the
    private storage (``conference/storage.py``) and open only through ``tabletalks.sheet_photo``,
    which asks the rule ``conference.view_sheet_photo``.
    """

    table_talk = models.ForeignKey(
        TableTalk, on_delete=models.CASCADE, related_name="photos", verbose_name=_("table talk")
    )
    image = models.ImageField(
        _("photo"), upload_to=sheet_photo_path, storage=private_storage, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=sheet_photo_path, storage=private_storage)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeersManager()

    class Meta:
        verbose_name = _("photo of a table sheet")
        verbose_name_plural = _("photos of table sheets")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description or self.image.name
