from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import PeersManager


class Evaluation(models.Model):
    """A short evaluation of an edition: a rating from 1 to 5 and a few open questions."""

    conference = models.OneToOneField(
        "conference.Edition", on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("edition")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    is_open = models.BooleanField(_("open for answers"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeersManager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return str(self.conference)


class EvaluationQuestion(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PeersManager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class EvaluationResponse(models.Model):
    """One person's answer. Who answered is kept only to allow one answer each; it is never shown.

    ``respondent`` becomes empty when the person deletes their account: the answer still counts.
    """

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("overall rating"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeersManager()

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "respondent"], name="one_evaluation_answer_per_person"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.evaluation}: {self.rating}"


class EvaluationAnswer(models.Model):
    response = models.ForeignKey(EvaluationResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(EvaluationQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), max_length=3000)

    objects = PeersManager()

    class Meta:
        ordering = ["question__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]

    def __str__(self):
        return self.text[:60]
