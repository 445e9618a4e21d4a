from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.models import Conference, Organisation
from workgroups.models import Commitment, Goal, NextStep, ProgressReport, QuickWin, Workgroup

DateInput = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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

    conference = forms.ModelChoiceField(
        label=_("Edition"),
        queryset=Conference.objects.none(),
        required=False,
        empty_label=_("None: a report between editions"),
        help_text=_("The edition where the report is presented. A follow-up report between editions has none."),
    )

    class Meta:
        model = ProgressReport
        fields = [
            "conference",
            "period_start",
            "period_end",
            "summary",
            "achievements",
            "not_achieved",
            "overall_status",
        ]
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "achievements": forms.Textarea(attrs={"rows": 4}),
            "not_achieved": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, goals=(), workgroup=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workgroup = workgroup
        editions = Conference.objects.published()
        if self.instance.conference_id:
            editions = editions | Conference.objects.filter(pk=self.instance.conference_id)
        self.fields["conference"].queryset = editions.order_by("-starts_at")
        self.fields["period_start"].label = _("Period from")
        self.fields["period_end"].label = _("Period until")
        self.goals = list(goals)
        existing = {}
        if self.instance.pk:
            existing = {update.goal_id: update for update in self.instance.goal_updates.all()}
        for goal in self.goals:
            self._add_goal_fields(goal, existing.get(goal.pk))

    def _add_goal_fields(self, goal, update) -> None:
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

    def clean_conference(self):
        edition = self.cleaned_data.get("conference")
        if edition and self.workgroup is not None and edition.pk != self.instance.conference_id:
            others = ProgressReport.objects.filter(workgroup=self.workgroup, conference=edition)
            if others.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(_("This workgroup already has a report for this edition."))
        return edition

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end date is before the start date. Check both dates."))
        return data

    def _post_clean(self):
        """The service checks the rules (one report per edition, the period) and saves; not the form."""

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


class RowForm(forms.ModelForm):
    """One row of quick wins or next steps: optional as a whole, but a row with details needs its text."""

    text_missing = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False  # an empty row is fine: it is left out

    def clean(self):
        data = super().clean()
        details = [value for name, value in data.items() if name != "text" and value not in (None, "")]
        if details and not (data.get("text") or "").strip():
            self.add_error("text", self.text_missing)
        return data

    def _post_clean(self):
        """Rows are stored by the service, with the report; nothing to check on a model here."""


class QuickWinForm(RowForm):
    class Meta:
        model = QuickWin
        fields = ["text", "done_on"]
        labels = {"text": _("What was done?"), "done_on": _("Done on")}
        widgets = {"done_on": DateInput}

    text_missing = _("Describe the quick win, or leave the whole row empty.")

    def clean_done_on(self):
        done_on = self.cleaned_data.get("done_on")
        if done_on and done_on > timezone.localdate():
            raise forms.ValidationError(_("A quick win has already been done: the date cannot be in the future."))
        return done_on


class NextStepForm(RowForm):
    class Meta:
        model = NextStep
        fields = ["text", "owner_name", "owner_organisation", "due_date", "funding"]
        labels = {
            "text": _("Step"),
            "owner_name": _("Who takes it (a person)"),
            "owner_organisation": _("Or which organisation"),
            "due_date": _("By when"),
            "funding": _("Paid from"),
        }
        help_texts = {"funding": _("For example: municipal budget, a fund, own budget.")}
        widgets = {"due_date": DateInput}

    text_missing = _("Describe the step, or leave the whole row empty.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["owner_organisation"].empty_label = _("No organisation")


class RowFormSet(forms.BaseFormSet):
    """Rows that are replaced as a whole: any row may stay empty, and is then left out."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = True
        form.use_required_attribute = False
        return form

    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]

    @property
    def can_add(self) -> bool:
        return self.total_form_count() < self.max_num


#: One empty row at the end of each set; "more rows" without JavaScript adds EXTRA_ROWS more.
EXTRA_ROWS = 2
MAX_ROWS = 30
QuickWinFormSet = forms.formset_factory(QuickWinForm, formset=RowFormSet, extra=1, max_num=MAX_ROWS, validate_max=True)
NextStepFormSet = forms.formset_factory(NextStepForm, formset=RowFormSet, extra=1, max_num=MAX_ROWS, validate_max=True)


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("What should the workgroup change?"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=ProgressReport.Decision.choices)
    merge_with = forms.ModelChoiceField(
        label=_("Merge with (only for a merge)"), queryset=Workgroup.objects.none(), required=False
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        widget=DateInput,
        help_text=_(
            "The day it was decided: at the edition, or later, for example at a steering-group meeting. Empty: today."
        ),
    )
    decision_context = forms.CharField(
        label=_("Where was it decided?"),
        max_length=200,
        required=False,
        help_text=_("For example: at the edition, or at the steering-group meeting (regiegroepoverleg)."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, workgroup=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Workgroup.objects.exclude(pk=workgroup.pk) if workgroup else Workgroup.objects.all()
        self.fields["merge_with"].queryset = others.order_by("name")

    @classmethod
    def initial_for(cls, report) -> dict:
        """The decision as recorded, or for a new one: today, at the edition if it is taking place."""
        if report.decision:
            return {
                "decision": report.decision,
                "note": report.decision_note,
                "merge_with": report.merge_with,
                "decided_on": report.decided_on or (report.decided_at and timezone.localdate(report.decided_at)),
                "decision_context": report.decision_context,
            }
        today = timezone.localdate()
        edition = report.conference
        at_edition = edition and timezone.localdate(edition.starts_at) <= today <= timezone.localdate(edition.ends_at)
        return {"decided_on": today, "decision_context": str(edition) if at_edition else ""}

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"] or timezone.localdate()
        if decided_on > timezone.localdate():
            raise forms.ValidationError(_("The day of the decision cannot be in the future."))
        return decided_on

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
