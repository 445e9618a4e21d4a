from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from workgroups.models import Commitment, Goal, ProgressReport, Workgroup


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Workgroup.Status.choices]
    )
    edition = forms.ChoiceField(label=_("Started at edition"), required=False)

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [("", _("All editions"))] + [(e.slug, e.title) for e in editions]


class WorkgroupForm(forms.ModelForm):
    class Meta:
        model = Workgroup
        fields = ["name", "focus", "status", "started_at", "contact"]
        widgets = {"focus": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_at"].queryset = Conference.objects.order_by("-starts_at")


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to join? (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_experience_expert = forms.BooleanField(
        label=_("I take part as an experience expert (ervaringsdeskundige)"), required=False
    )


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "target_date", "status", "progress"]
        widgets = {
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }


class ReportForm(forms.ModelForm):
    """The report fields plus, for each goal of the group, its status, progress and a note."""

    conference = forms.ModelChoiceField(label=_("Edition"), queryset=Conference.objects.none())

    class Meta:
        model = ProgressReport
        fields = ["conference", "summary", "achievements", "not_achieved", "overall_status"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "achievements": forms.Textarea(attrs={"rows": 4}),
            "not_achieved": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        editions = Conference.objects.published().filter(ends_at__gte=timezone.now() - timedelta(days=120))
        if self.instance.pk:
            editions = editions | Conference.objects.filter(pk=self.instance.conference_id)
        self.fields["conference"].queryset = editions.order_by("starts_at")
        self.goals = list(goals)
        existing = {}
        if self.instance.pk:
            existing = {update.goal_id: update for update in self.instance.goal_updates.all()}
        for goal in self.goals:
            update = existing.get(goal.pk)
            prefix = f"goal_{goal.pk}"
            self.fields[f"{prefix}_status"] = forms.ChoiceField(
                label=_("Status of goal “%(goal)s”") % {"goal": goal.title},
                choices=Goal.Status.choices,
                initial=update.status if update else goal.status,
            )
            self.fields[f"{prefix}_progress"] = forms.IntegerField(
                label=_("Progress of goal “%(goal)s” (%%)") % {"goal": goal.title},
                min_value=0,
                max_value=100,
                initial=update.progress if update else goal.progress,
            )
            self.fields[f"{prefix}_note"] = forms.CharField(
                label=_("Note on goal “%(goal)s”") % {"goal": goal.title},
                required=False,
                initial=update.note if update else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def report_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "conference"}

    def goal_updates(self) -> dict:
        return {
            goal.pk: {
                "status": self.cleaned_data[f"goal_{goal.pk}_status"],
                "progress": self.cleaned_data[f"goal_{goal.pk}_progress"],
                "note": self.cleaned_data[f"goal_{goal.pk}_note"],
            }
            for goal in self.goals
        }


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("What should the workgroup change?"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision of the conference"), choices=ProgressReport.Decision.choices)
    merge_with = forms.ModelChoiceField(
        label=_("Merge with (only for a merge)"), queryset=Workgroup.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, workgroup=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Workgroup.objects.exclude(pk=workgroup.pk) if workgroup else Workgroup.objects.all()
        self.fields["merge_with"].queryset = others.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("decision") == ProgressReport.Decision.MERGE and not data.get("merge_with"):
            self.add_error("merge_with", _("Choose the workgroup to merge with."))
        return data


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["organisation", "conference", "workgroup", "kind", "description", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(user.organisations.order_by("name"))
        self.fields["organisation"].queryset = user.organisations.order_by("name")
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.fields["conference"].queryset = Conference.objects.published().order_by("-starts_at")
        self.fields["workgroup"].queryset = Workgroup.objects.exclude(
            status__in=[Workgroup.Status.STOPPED, Workgroup.Status.COMPLETED]
        ).order_by("name")


class CommitmentReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Was the commitment delivered?"),
        choices=[c for c in Commitment.Status.choices if c[0] != Commitment.Status.OPEN],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
