from datetime import timedelta

from django import forms
from django.forms.utils import ErrorDict
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.models import (
    Edition,
    EvaluationQuestion,
    Organisation,
    Organiser,
    Outcome,
    Recap,
    RecapSection,
    Session,
    SessionHost,
    SiteSettings,
    TableTalk,
    User,
)


class LengthLimitShownMixin:
    """The browser must not cut a long title off without a word: these fields get no ``maxlength``
    attribute; the help text states the limit and the server refuses a longer text with its message."""

    length_limit_shown = ("title",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.length_limit_shown:
            field = self.fields.get(name)
            if field is not None and getattr(field, "max_length", None):
                field.widget.attrs.pop("maxlength", None)
                limit = field.max_length
                field.help_text = field.help_text or ngettext(
                    "At most %(count)d character.", "At most %(count)d characters.", limit
                ) % {"count": limit}


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("Shown on public pages, for example with a theme you propose. Your e-mail address never is."),
    )

    def signup(self, request, user):
        from conference import services

        services.set_display_name(user=user, display_name=self.cleaned_data["display_name"])


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All")), ("coordinator", _("Coordinators")), ("partner", _("Partners"))],
    )


class GrantMembershipForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), empty_label=_("Choose an organisation")
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "website", "description"]


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = [
            "name", "portal_name", "kind", "country", "logo", "primary_colour", "accent_colour",
            "contact_person", "contact_email", "contact_phone", "website", "data_licence",
        ]  # fmt: skip
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > 1024 * 1024:
            raise forms.ValidationError(_("The logo may be 1 MB at most."))
        return logo


class OrganiserForm(forms.ModelForm):
    """A body that runs editions besides the portal's own organising body."""

    class Meta:
        model = Organiser
        fields = ["name", "place", "website", "contact_email", "logo"]
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"})}
        help_texts = {
            "logo": _("PNG, JPEG or WebP, 1 MB at most."),
            "contact_email": _("Shown with its editions and in their calendar files."),
        }
        error_messages = {"name": {"unique": _("There is already an organiser with this name.")}}


# --- Editions and programme -------------------------------------------------------------------

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EditionForm(LengthLimitShownMixin, forms.ModelForm):
    class Meta:
        model = Edition
        fields = [
            "title", "slug", "organiser", "motto", "starts_at", "ends_at", "mode", "venue", "address", "online_url",
            "registration_opens_at", "registration_closes_at", "capacity", "contact_email", "contact_phone",
            "description",
        ]  # fmt: skip
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "registration_opens_at": DATETIME_WIDGET,
            "registration_closes_at": DATETIME_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organiser = self.fields["organiser"]
        organiser.queryset = Organiser.objects.order_by("name")
        organiser.empty_label = _("%(name)s (default)") % {"name": SiteSettings.load().name}

    def clean(self):
        """Input checks only: dates in the right order (also the database's constraint, which would
        otherwise report it in words nobody understands). ``services.save_edition`` checks every rule."""
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end must come after the start."))
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes < opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        return cleaned


class CopyEditionForm(LengthLimitShownMixin, forms.Form):
    """What differs in a new edition made from a previous one; the rest is copied."""

    title = forms.CharField(label=_("Title of the new edition"), max_length=300)
    slug = forms.SlugField(
        label=_("Short name in the web address"),
        max_length=80,
        help_text=_("For example 2026-najaar: small letters, digits and hyphens."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=DATETIME_WIDGET,
        help_text=_("Every session moves along and keeps its time from the start. The start must lie in the future."),
    )
    registration_opens_at = forms.DateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Leave empty: as long before the start as in the edition you copy."),
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Leave empty: as long before the start as in the edition you copy."),
    )


class SessionForm(LengthLimitShownMixin, forms.ModelForm):
    # The kind the "registration needed" box was last set for: a new choice session needs
    # registration unless the coordinator switched the box themselves (see clean()).
    kind_when_shown = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Session
        fields = ["kind", "title", "starts_at", "ends_at", "room", "capacity", "needs_registration", "description"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    def session_fields(self) -> dict:
        """The session's own fields, for ``services.save_session`` (the hidden helper field left out)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        if edition is not None and not self.instance.pk and not self.is_bound:
            self.initial.setdefault("starts_at", edition.starts_at)
            self.initial.setdefault("ends_at", edition.starts_at + timedelta(hours=1))
        if self.instance.pk:
            del self.fields["kind_when_shown"]
        else:
            kind = self.initial.get("kind") or Session._meta.get_field("kind").default
            self.initial.setdefault("needs_registration", kind == Session.Kind.CHOICE)
            self.initial.setdefault("kind_when_shown", kind)
            box = self.fields["needs_registration"]
            box.widget.attrs["data-follows-kind"] = Session.Kind.CHOICE
            box.help_text = _("Choice sessions need registration unless you switch it off.")

    def clean(self):
        cleaned = super().clean()
        shown, kind = cleaned.get("kind_when_shown"), cleaned.get("kind")
        untouched = cleaned.get("needs_registration") == (shown == Session.Kind.CHOICE)
        if shown in Session.Kind.values and kind and kind != shown and untouched:
            cleaned["needs_registration"] = kind == Session.Kind.CHOICE
            self.data = self.data.copy()  # shown again after an error, the box and the kind agree
            self.data[self.add_prefix("kind_when_shown")] = kind
            self.data[self.add_prefix("needs_registration")] = "on" if cleaned["needs_registration"] else ""
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:  # input check; the rules are in ``services.save_session``
            self.add_error("ends_at", _("The end must come after the start."))
        return cleaned


class SessionHostForm(forms.ModelForm):
    """One speaker or host: a person (with or without their organisation) or only an organisation."""

    order = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=999)

    class Meta:
        model = SessionHost
        fields = ["name", "organisation", "role", "order"]

    def __init__(self, *args, organisation_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.empty_label = _("No organisation")
        if organisation_choices is not None:
            organisation.choices = organisation_choices  # the same list for every row: one query per page

    def clean(self):
        cleaned = super().clean()
        if self.has_error("name") or cleaned.get("DELETE"):
            return cleaned
        if not cleaned.get("name") and not cleaned.get("organisation"):
            # On the name field, so the database constraint is not reported a second time.
            self.add_error("name", forms.ValidationError(_("Fill in a name, an organisation or both."), code="empty"))
        return cleaned

    def host_values(self) -> dict:
        """The row as ``services.save_session`` takes it."""
        values = {name: self.cleaned_data.get(name) for name in ("name", "organisation", "role", "order")}
        return {"id": self.instance.pk, **values}


class BaseSessionHostFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_choices = [("", _("No organisation"))] + [
            (organisation.pk, organisation.name) for organisation in Organisation.objects.order_by("name")
        ]

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "organisation_choices": self.organisation_choices}

    def host_rows(self) -> list[dict]:
        """The hosts to keep, in the order of the rows: empty new rows and removed rows left out."""
        return [
            form.host_values()
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and not form.cleaned_data.get("DELETE")
        ]


SessionHostFormSet = forms.inlineformset_factory(
    Session,
    SessionHost,
    form=SessionHostForm,
    formset=BaseSessionHostFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


def with_one_more_form(data, prefix: str, max_num: int):
    """A copy of posted form data with one more (empty) form in the formset ``prefix``."""
    data = data.copy()
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    data[f"{prefix}-TOTAL_FORMS"] = str(min(max(total, 0) + 1, max_num))
    return data


def show_unchecked(form_or_formset) -> None:
    """Show what was typed without checking it: the page was sent to add a row, not to save.

    Marks a bound form (or a formset and its forms) as having no errors, so rendering shows the
    typed values and no error messages.
    """
    if isinstance(form_or_formset, forms.BaseFormSet):
        form_or_formset._errors = []
        form_or_formset._non_form_errors = form_or_formset.error_class()
        for form in form_or_formset.forms:
            show_unchecked(form)
    else:
        form_or_formset._errors = ErrorDict()


class RegistrationForm(forms.Form):
    """One field per time slot with sessions to choose from; 'none' is always possible."""

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions_by_pk = {}
        for index, slot in enumerate(slots):
            choosable = [s for s in slot["sessions"] if s.needs_registration]
            if not choosable:
                continue
            self.sessions_by_pk.update({s.pk: s for s in choosable})
            label = _("Session from %(start)s to %(end)s") % {
                "start": date_format(localtime(slot["starts_at"]), "TIME_FORMAT"),
                "end": date_format(localtime(slot["ends_at"]), "TIME_FORMAT"),
            }
            choices = [("", _("No session in this time slot"))]
            choices += [(str(s.pk), self._label(s)) for s in choosable]
            self.fields[f"slot_{index}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, widget=forms.RadioSelect
            )

    @staticmethod
    def _label(session):
        label = session.title
        if session.room:
            label += f" ({session.room})"
        if session.capacity is not None and session.taken >= session.capacity:
            label += " - " + str(_("full, waiting list"))
        return label

    def chosen_sessions(self):
        return [self.sessions_by_pk[int(v)] for v in self.cleaned_data.values() if v]

    def replacements(self):
        """Pairs (chosen before, chosen now) for the time slots where the person picked another session."""
        pairs = []
        for name, value in self.cleaned_data.items():
            before = self.initial.get(name)
            if before and value and before != value and int(before) in self.sessions_by_pk:
                pairs.append((self.sessions_by_pk[int(before)], self.sessions_by_pk[int(value)]))
        return pairs


# --- Table talks ------------------------------------------------------------------------------


class TableTalkForm(LengthLimitShownMixin, forms.ModelForm):
    class Meta:
        model = TableTalk
        fields = ["title", "theme", "session", "round", "table_label", "host", "host_name", "host_organisation"]

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        theme_model = TableTalk._meta.get_field("theme").related_model
        self.fields["theme"].queryset = theme_model.objects.filter(conference=edition).order_by("title")
        self.fields["session"].queryset = edition.sessions.filter(kind=Session.Kind.TABLE_TALK)
        self.fields["host"].queryset = (
            User.objects.filter(memberships__isnull=False).distinct().order_by("display_name")
        )
        self.fields["host"].help_text = _("A partner with an account: they can record the outcomes.")

    def table_talk_fields(self) -> dict:
        """The table's fields, for ``services.save_table_talk``."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OutcomeForm(forms.Form):
    text = forms.CharField(label=_("Outcome"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Outcome.Kind.choices, initial=Outcome.Kind.IDEA, widget=forms.RadioSelect
    )
    client_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class SheetPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo of a table sheet"),
        help_text=_("JPEG, PNG or WebP, 10 MB at most. Location data is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    description = forms.CharField(label=_("Description (optional)"), max_length=200, required=False)


# --- Recaps and evaluation --------------------------------------------------------------------


class RecapForm(LengthLimitShownMixin, forms.ModelForm):
    class Meta:
        model = Recap
        fields = ["title", "introduction", "show_evaluation"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 10})}

    def recap_fields(self) -> dict:
        """The recap's own fields, for ``services.save_recap``."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RecapSectionForm(forms.ModelForm):
    class Meta:
        model = RecapSection
        fields = ["heading", "body", "order"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class BaseRecapSectionFormSet(forms.BaseInlineFormSet):
    def section_rows(self) -> list[dict]:
        """The sections to keep, for ``services.save_recap``: empty new rows and removed rows left out."""
        return [
            {"id": form.instance.pk, **{name: form.cleaned_data.get(name) for name in ("heading", "body", "order")}}
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and not form.cleaned_data.get("DELETE")
        ]


RecapSectionFormSet = forms.inlineformset_factory(
    Recap, RecapSection, form=RecapSectionForm, formset=BaseRecapSectionFormSet, extra=1, can_delete=True, max_num=30
)


class EvaluationSetupForm(forms.Form):
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    questions = forms.CharField(
        label=_("Open questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One question per line. Everyone also gives a rating from 1 to 5."),
    )
    is_open = forms.BooleanField(label=_("Open for answers"), required=False)

    def clean_questions(self):
        """Each line is stored as one question, which holds at most 300 characters: say which line is too long."""
        questions = self.cleaned_data["questions"]
        limit = EvaluationQuestion._meta.get_field("text").max_length
        for number, line in enumerate((line.strip() for line in questions.splitlines() if line.strip()), start=1):
            if len(line) > limit:
                raise forms.ValidationError(
                    ngettext(
                        "Question %(number)d is too long: %(length)d characters. A question can have at most "
                        "%(limit)d character.",
                        "Question %(number)d is too long: %(length)d characters. A question can have at most "
                        "%(limit)d characters.",
                        limit,
                    ),
                    params={"number": number, "length": len(line), "limit": limit},
                    code="max_length",
                )
        return questions


class EvaluationAnswerForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("What rating do you give this edition? (1 = poor, 5 = very good)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.text, required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
            )

    def answers(self) -> dict:
        return {
            int(name.removeprefix("question_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("question_")
        }
