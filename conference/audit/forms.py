"""The filters of the page *Wijzigingen*: kind of object, person, edition, action and dates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from conference.audit.registry import kinds
from conference.models import AuditEntry, Edition, User

#: The value of the person filter for changes nobody signed in made (commands, tasks).
SYSTEM = "system"


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    actor = forms.ChoiceField(label=_("Who"), required=False)
    edition = forms.ModelChoiceField(
        label=_("Edition"), queryset=Edition.objects.none(), required=False, empty_label=_("All editions")
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditEntry.Action.choices]
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *((a.kind, a.label) for a in kinds())]
        actors = User.objects.filter(pk__in=AuditEntry.objects.filter(actor__isnull=False).values("actor_id"))
        self.fields["actor"].choices = [
            ("", _("Everyone")),
            (SYSTEM, _("System")),
            *((str(user.pk), str(user)) for user in actors.only("pk", "display_name").order_by("display_name", "pk")),
        ]
        self.fields["edition"].queryset = Edition.objects.only("pk", "title", "starts_at").order_by("-starts_at")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The chosen filters as keyword arguments of ``selectors.audit_entries`` (none when invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        actor = data["actor"]
        return {
            "kind": data["kind"] or None,
            "actor_id": int(actor) if actor and actor != SYSTEM else None,
            "system": actor == SYSTEM,
            "edition": data["edition"],
            "action": data["action"] or None,
            "start": data["start"],
            "end": data["end"],
        }
