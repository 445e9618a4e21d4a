from django import forms
from django.utils.translation import gettext_lazy as _

from conference.models import Edition
from conference.search import registry


class SearchForm(forms.Form):
    """The search box with its filters; a GET form, so it needs no CSRF token."""

    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    edition = forms.ModelChoiceField(
        label=_("Edition"),
        queryset=Edition.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All editions"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *((kind.name, kind.plural) for kind in registry.kinds())]
        self.fields["edition"].queryset = (
            Edition.objects.visible_to(user).only("pk", "slug", "title").order_by("-starts_at")
        )

    def edition_choices(self) -> list[tuple[str, str]]:
        """The options of the edition filter, in one query (the field's own choices count first)."""
        field = self.fields["edition"]
        return [("", field.empty_label), *((edition.slug, edition.title) for edition in field.queryset)]

    def filters(self) -> dict:
        """The valid part of the input: a bad filter is left out (and shown as an error), the rest still counts."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"query": data.get("q", "").strip(), "kind": data.get("kind", ""), "edition": data.get("edition")}
