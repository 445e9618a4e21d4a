from django import forms
from django.utils.translation import gettext_lazy as _


class EditionChoiceForm(forms.Form):
    """Which data the open-data page offers: of all editions, or of one."""

    editie = forms.ChoiceField(label=_("Data of"), required=False)

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editie"].choices = [("", _("All editions"))] + [(e.slug, e.title) for e in editions]
