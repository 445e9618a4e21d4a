"""Forms of 'My data' (export, deleting an account) and of the statutory statements."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteOwnAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
        error_messages={"required": _("Fill in your password to delete your account.")},
    )


class DeleteAccountOnRequestForm(forms.Form):
    confirmation = forms.CharField(
        label=_("E-mail address of this person"),
        max_length=254,
        help_text=_("Type it to confirm that you delete the right account."),
        error_messages={"required": _("Type the e-mail address of this person to confirm.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class StatementForm(forms.Form):
    """The own text of a statement in both languages; empty means: the portal's default text."""

    body_nl = forms.CharField(
        label=_("Text in Dutch"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "lang": "nl"}),
        help_text=_("You can use Markdown. Leave it empty to show the standard text again."),
    )
    body_en = forms.CharField(
        label=_("Text in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "lang": "en"}),
        help_text=_("Shown on the English pages. Leave it empty to show the standard text again."),
    )
