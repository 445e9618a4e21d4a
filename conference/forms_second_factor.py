"""allauth's two-step login forms with the portal's Dutch labels and help.

Apart from conference/forms.py because allauth imports that module (the sign-up form) while its own
forms are still loading; these are named in ``MFA_FORMS`` in settings and loaded when first used.
"""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django.utils.translation import gettext_lazy as _


def _code_field(form, help_text):
    field = form.fields["code"]
    field.label = _("Code from the app")
    field.help_text = help_text
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"})


class ActivateAuthenticatorForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("The app shows a new code of six digits every 30 seconds. Type the code you see now."))


class SecondStepForm(AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("Six digits from your app. No phone at hand? Type one of your recovery codes."))


class SecondStepAgainForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("Six digits from your app, or one of your recovery codes."))
