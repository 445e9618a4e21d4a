from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One e-mail of the portal to one person: the outbox (``conference.notifications`` fills it,
    ``conference.tasks.send_email`` sends it). The unique key and claimed_at make sending happen
    at most once."""

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    #: Empty for a plain-text e-mail.
    body_html = models.TextField(blank=True)
    #: Files sent along, as ``[{"filename": ..., "content": ..., "mimetype": ...}]`` (text content).
    attachments = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: A worker took it to send (see conference.tasks). Set without sent_at: the send did not finish.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.subject
