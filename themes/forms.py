from django import forms
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.models import Edition, Organisation, Session, TableTalk
from themes import selectors, services
from themes.models import MAX_VOTES_PER_VOTER, Theme, VotingRound


class ThemeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    edition = forms.ChoiceField(label=_("Edition"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *[(s.value, s.label) for s in Theme.Status if s not in Theme.HIDDEN_STATUSES]],
    )
    target_group = forms.CharField(label=_("Target group"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editions = Edition.objects.published().order_by("-starts_at").values_list("slug", "title")
        self.fields["edition"].choices = [("", _("All editions")), *editions]


class ThemeProposalForm(forms.Form):
    conference = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("What is the problem, and what would you like to achieve? You can use Markdown."),
    )
    target_group = forms.CharField(
        label=_("Target group"), max_length=150, required=False, help_text=_("For example: young people aged 12 to 23.")
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Only myself"),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editions = selectors.proposal_editions(user=user)
        self.fields["conference"].queryset = editions
        if user is not None and user.has_perm("themes.record_session_choice"):  # coordinators: past editions too
            self.fields["conference"].help_text = _(
                "As a coordinator you can also propose a theme for an edition that has passed. "
                "It is checked like any other proposal."
            )
            if not self.is_bound:
                self.initial.setdefault("conference", selectors.next_edition() or editions.first())
        organisations = Organisation.objects.filter(memberships__user=user).order_by("name")
        self.fields["organisation"].queryset = organisations
        if not organisations.exists():
            del self.fields["organisation"]
        # While the title is typed, htmx asks for similar themes (partial "suggestions" of propose.html).
        self.fields["title"].widget.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse("themes:similar"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#similar-themes",
                "hx-include": "#id_conference",
                "hx-sync": "this:replace",
            }
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The proposer reads this reason."),
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Theme.objects.none(), empty_label=None)
    note = forms.CharField(
        label=_("Note for the proposer"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        same_edition = Theme.objects.filter(conference_id=theme.conference_id, status__in=selectors.ACTIVE_STATUSES)
        ids = list(same_edition.exclude(pk=theme.pk).order_by("title").values_list("pk", flat=True)[:300])
        ids += [t.pk for t in selectors.similar_themes(title=theme.title, edition=theme.conference, exclude=theme)]
        self.fields["into"].queryset = (
            Theme.objects.filter(pk__in=ids).select_related("conference").order_by("-conference__starts_at", "title")
        )
        self.fields["into"].label_from_instance = lambda t: f"{t.title} ({t.conference})"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VotingRoundForm(forms.ModelForm):
    class Meta:
        model = VotingRound
        fields = ["conference", "opens_at", "closes_at", "votes_per_voter", "themes_to_choose", "eligibility"]
        widgets = {"opens_at": DateTimeLocalInput(), "closes_at": DateTimeLocalInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = Edition.objects.upcoming().filter(voting_round__isnull=True)
        self.fields["conference"].empty_label = None
        self.fields["votes_per_voter"].widget.attrs.update({"min": 1, "max": MAX_VOTES_PER_VOTER})
        self.fields["themes_to_choose"].widget.attrs.update({"min": 1})
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("opens_at", now)
            self.initial.setdefault("closes_at", now + timezone.timedelta(days=14))

    def validate_constraints(self, exclude=None):
        """The service checks the rules and gives the clear message."""


class ChooseThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Chosen themes"), queryset=Theme.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Explanation of the choice"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the choice differs from the ranking, for example with a tie."),
    )

    #: Themes offered beyond the number to choose: enough for ties and reasoned exceptions,
    #: without a wall of thousands of checkboxes.
    EXTRA_CANDIDATES = 20

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        top = selectors.round_results(round_).filter(status=Theme.Status.PUBLISHED)
        ranked = list(top.values_list("pk", "vote_total")[: round_.themes_to_choose + self.EXTRA_CANDIDATES])
        totals = dict(ranked)
        rank = Case(*(When(pk=pk, then=Value(index)) for index, (pk, _total) in enumerate(ranked)))
        field = self.fields["themes"]
        field.queryset = Theme.objects.filter(pk__in=totals).order_by(rank) if ranked else Theme.objects.none()
        field.label_from_instance = lambda theme: (
            ngettext("%(title)s (%(count)d vote)", "%(title)s (%(count)d votes)", totals.get(theme.pk, 0))
            % {"title": theme.title, "count": totals.get(theme.pk, 0)}
        )


class RecurringOverviewForm(forms.Form):
    # An explicit choice, not a checkbox: a form sent without it changes nothing (an unticked box
    # would silently take the page offline). Taking it offline asks for confirmation in the view.
    publish = forms.TypedChoiceField(
        label=_("Who sees this page"),
        choices=[("1", _("Everyone")), ("0", _("Only coordinators"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("You can use Markdown."),
    )


# --- themes chosen during a session ------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _session_label(session) -> str:
    start = timezone.localtime(session.starts_at)
    return f"{session.title} ({session.get_kind_display()}, {formats.date_format(start, 'j F Y, H:i')})"


class EditionPickForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=_("Edition"), queryset=Edition.objects.order_by("-starts_at", "pk"), to_field_name="slug"
    )


class SessionChoiceForm(forms.Form):
    """Where and when a session chose themes, and which proposed themes it chose."""

    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("No particular session"),
        help_text=_("The session where the themes were chosen, for example a round of table talks."),
    )
    chosen_on = forms.DateField(
        label=_("Day it was chosen"),
        required=False,
        widget=DateInput(),
    )
    existing = forms.ModelMultipleChoiceField(
        label=_("Themes that were already proposed"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the proposed themes this session chose."),
    )

    def __init__(self, *args, edition, with_existing=True, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.fields["session"]
        session.queryset = selectors.edition_sessions(edition)
        session.label_from_instance = _session_label
        day = formats.date_format(timezone.localtime(edition.starts_at), "j F Y")
        self.fields["chosen_on"].help_text = _(
            "Leave empty for the day of the session, or else of the edition (%(day)s)."
        ) % {"day": day}
        existing = selectors.session_choosable_themes(edition)
        if with_existing and existing.exists():
            self.fields["existing"].queryset = existing
        else:
            del self.fields["existing"]


class SessionThemeForm(forms.Form):
    """One theme the session named. A row left empty is skipped."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the theme is about. You can use Markdown."),
    )
    target_group = forms.CharField(label=_("Target group"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("No organisation"),
    )
    table_talk = forms.ModelChoiceField(
        label=_("Table that talked about it"),
        queryset=TableTalk.objects.none(),
        required=False,
        empty_label=_("No table"),
    )

    def __init__(self, *args, tables=None, **kwargs):
        """``tables``: the edition's tables without a theme yet, or None when it has none."""
        super().__init__(*args, **kwargs)
        if tables is None:
            del self.fields["table_talk"]
        else:
            self.fields["table_talk"].queryset = tables
            self.fields["table_talk"].label_from_instance = lambda t: (
                f"{t.table_label}: {t.title}" if t.table_label else t.title
            )
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.fields if name != "title") and not data.get("title", "").strip():
            self.add_error("title", _("Give this theme a title, or leave the whole row empty."))
        return data

    def to_theme(self):
        data = self.cleaned_data
        return services.SessionTheme(
            title=data.get("title", ""),
            description=data.get("description", ""),
            target_group=data.get("target_group", ""),
            organisation=data.get("organisation"),
            table_talk=data.get("table_talk"),
        )


#: Rows on a fresh page; "Add a row" adds one more (without JavaScript), up to the maximum.
SESSION_THEME_ROWS = 3
SessionThemeFormSet = forms.formset_factory(
    SessionThemeForm, extra=SESSION_THEME_ROWS, max_num=30, absolute_max=30, validate_max=True
)
