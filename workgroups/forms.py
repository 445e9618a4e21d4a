import re

from django import forms
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from conference.models import Edition, Organisation
from workgroups import selectors, services
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


class NumberField(forms.DecimalField):
    """A number as people type it: "12,5", "12.5", "1.500" or "€ 1.500,50" (never negative).

    Django's localized input only knows the decimal separator of the language (thousand
    separators are off, so "1.500" would be one and a half): this also reads the other one.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("required", False)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_number(value)
        return super().to_python(value)


_GROUPED = re.compile(r"^[1-9]\d{0,2}([.,])\d{3}$")


def normalise_number(text: str) -> str:
    """Written-down number → "1500.50": the last of "," and "." is the decimal separator when
    both occur; one that occurs several times, or groups exactly three digits after one to
    three (as in "1.500"), separates thousands; otherwise a single one is the decimal point."""
    text = "".join(text.replace("€", "").split())
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        last = max(text.rfind(","), text.rfind("."))
        return text[:last].replace(",", "").replace(".", "") + "." + text[last + 1 :]
    separator = "," if commas else "." if dots else ""
    if not separator:
        return text
    if text.count(separator) > 1:
        return text.replace(separator, "")
    decimal = get_format("DECIMAL_SEPARATOR")
    if separator != decimal and _GROUPED.match(text):
        return text.replace(separator, "")
    return text.replace(separator, ".")


def _theme_choices(queryset) -> list:
    """Public themes grouped by their edition, the newest edition first."""
    groups: dict[str, list] = {}
    for theme in queryset.select_related("conference").order_by("-conference__starts_at", "title", "pk"):
        groups.setdefault(theme.conference.title, []).append((theme.pk, theme.title))
    return [("", _("No theme")), *groups.items()]


class WorkgroupForm(forms.ModelForm):
    """The group itself. No status field: a new group starts active, and its status changes only
    through the coordinator's decision on a report."""

    class Meta:
        model = Workgroup
        fields = ["name", "focus", "origin_theme", "started_in", "started_on", "contact"]
        labels = {"started_in": _("Start edition"), "started_on": _("Start date")}
        help_texts = {
            "origin_theme": _("The theme this group came from, if any. Themes are grouped by edition."),
            "started_in": _(
                "The edition at which the group was formed. Only editions that have taken place can be chosen."
            ),
            "started_on": _("Leave empty to use the date of the start edition, or today without one."),
            "contact": _("How people can reach the group, for example an e-mail address of the group."),
        }
        widgets = {
            "focus": forms.Textarea(attrs={"rows": 5}),
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = self.fields["origin_theme"]
        visible = themes.queryset.model.objects.public()
        if self.instance.origin_theme_id:
            visible = visible | themes.queryset.model.objects.filter(pk=self.instance.origin_theme_id)
        themes.queryset = visible
        themes.choices = _theme_choices(visible)
        themes.widget.attrs["data-wg-filter-label"] = _("Search the themes by word")
        started = self.fields["started_in"]
        started.queryset = Edition.objects.all()
        offered = Edition.objects.filter(starts_at__lte=timezone.now())
        if self.instance.started_in_id:
            offered = offered | Edition.objects.filter(pk=self.instance.started_in_id)
        started.choices = [("", _("Not at an edition")), *((c.pk, c.title) for c in offered.order_by("-starts_at"))]

    def clean_started_in(self):
        edition = self.cleaned_data.get("started_in")
        unchanged = edition is not None and edition.pk == self.instance.started_in_id
        if edition is not None and edition.starts_at > timezone.now() and not unchanged:
            raise forms.ValidationError(
                _(
                    "%(edition)s has not taken place yet. Choose the edition at which the group was formed, "
                    "or leave it empty."
                ),
                params={"edition": edition},
            )
        return edition


class MemberForm(forms.Form):
    """One person in a group: an account found by name (or e-mail address), or a name."""

    account = forms.CharField(
        label=_("Account: name or e-mail address"),
        required=False,
        max_length=254,
    )
    name = forms.CharField(
        label=_("Or: name of someone without an account"),
        required=False,
        max_length=150,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("No organisation"),
    )
    function = forms.CharField(
        label=_("Function in the group"),
        required=False,
        max_length=120,
        help_text=_("For example: GP, welfare worker, sports coach."),
    )
    is_experience_expert = forms.BooleanField(label=_("Experience expert (ervaringsdeskundige)"), required=False)

    def __init__(self, *args, by_email: bool = False, organisation_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_email = by_email
        self.fields["account"].widget.attrs.update({"list": "wg-people", "autocomplete": "off"})
        if organisation_choices is not None:  # one query for all rows instead of one per row
            self.fields["organisation"].choices = organisation_choices
        if not by_email:
            self.fields["account"].label = _("Account: name")

    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("user") or data.get("name"))

    def clean(self):
        data = super().clean()
        account, name = data.get("account", "").strip(), data.get("name", "").strip()
        data["name"] = name
        if account and name:
            self.add_error("name", _("Fill in an account or a name, not both."))
        elif account:
            data["user"] = self._find(account)
        elif not name and (data.get("organisation") or data.get("function") or data.get("is_experience_expert")):
            self.add_error("account", _("Fill in the account or the name of this member."))
        return data

    def _find(self, text: str):
        users = selectors.find_accounts(text, by_email=self.by_email)
        if len(users) == 1:
            return users[0]
        if len(users) > 1:
            message = (
                _("Several accounts match “%(text)s”. Type the full name or the e-mail address.")
                if self.by_email
                else _("Several accounts match “%(text)s”. Type the full name.")
            )
        elif self.by_email:
            message = _(
                "No account found for “%(text)s”. Check the spelling or type the e-mail address; "
                "or fill in the name of someone without an account."
            )
        else:
            message = _("No account found for “%(text)s”. Check the spelling.")
        self.add_error("account", message % {"text": text})
        return None

    def spec(self, *, lead: bool = False) -> services.MemberSpec:
        data = self.cleaned_data
        return services.MemberSpec(
            user=data.get("user"),
            name="" if data.get("user") else data["name"],
            organisation=data.get("organisation"),
            function=data.get("function", ""),
            is_experience_expert=data.get("is_experience_expert", False),
            lead=lead,
        )


class AddMemberForm(MemberForm):
    lead = forms.BooleanField(label=_("Make this person the lead (needs an account)"), required=False)


class BaseMemberFormSet(forms.BaseFormSet):
    """The member rows of a new group, and which row is the lead (radio buttons named "lead")."""

    def __init__(self, *args, by_email: bool = False, lead: str = "", **kwargs):
        self.by_email = by_email
        self.organisation_choices = [
            ("", _("No organisation")),
            *Organisation.objects.order_by("name").values_list("pk", "name"),
        ]
        super().__init__(*args, **kwargs)
        self.lead = self.data.get("lead", "") if self.is_bound else lead

    def get_form_kwargs(self, index):
        return {"by_email": self.by_email, "organisation_choices": self.organisation_choices}

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            user = form.cleaned_data.get("user")
            key = ("user", user.pk) if user else ("name", form.cleaned_data.get("name", "").casefold())
            if not form.is_empty() and key in seen:
                label = user or form.cleaned_data["name"]
                raise forms.ValidationError(_("%(name)s is in the list more than once.") % {"name": label})
            seen.add(key)
        lead = self.lead_form()
        if self.lead and (lead is None or lead.is_empty()):
            raise forms.ValidationError(_("Choose the lead among the members you filled in."))
        if lead is not None and not lead.cleaned_data.get("user"):
            raise forms.ValidationError(
                _("%(name)s has no account and cannot be the lead. Choose a member with an account.")
                % {"name": lead.cleaned_data["name"]}
            )

    def lead_form(self):
        if not self.lead.isdigit() or int(self.lead) >= len(self.forms):
            return None
        return self.forms[int(self.lead)]

    def members(self) -> list[services.MemberSpec]:
        lead = self.lead_form()
        return [form.spec(lead=form is lead) for form in self.forms if not form.is_empty()]

    def posted_rows(self) -> list[dict]:
        """What was typed in each row, to show it again (unchanged, without errors) with more rows."""
        return [
            {
                name: field.widget.value_from_datadict(self.data, self.files, form.add_prefix(name))
                for name, field in form.fields.items()
            }
            for form in self.forms
        ]


#: Three empty rows to start with; "More rows" (or the add-row button) gives more, up to 50.
MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=3, max_num=50, absolute_max=50, validate_max=True
)


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
        queryset=Edition.objects.none(),
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
        editions = Edition.objects.published()
        if self.instance.conference_id:
            editions = editions | Edition.objects.filter(pk=self.instance.conference_id)
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
    hours = NumberField(
        label=_("Hours (a number, optional)"),
        max_digits=7,
        decimal_places=1,
        help_text=_("In total, for example 12.5. Say in the description how they are spread, such as per month."),
    )
    amount = NumberField(
        label=_("Amount in euros (a number, optional)"),
        max_digits=10,
        decimal_places=2,
        help_text=_("For example 250 or 1,500.50."),
    )

    class Meta:
        model = Commitment
        fields = ["organisation", "conference", "workgroup", "kind", "description", "hours", "amount", "due_date"]
        labels = {"description": _("What will you contribute? (description)")}
        help_texts = {"description": _("For example: 4 hours a month of a welfare worker, € 500 for the website.")}
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(user.organisations.order_by("name"))
        self.fields["organisation"].queryset = user.organisations.order_by("name")
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.fields["conference"].queryset = Edition.objects.published().order_by("-starts_at")
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
