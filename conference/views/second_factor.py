"""A new phone for the two-step login: the app moves over without switching two-step login off."""

import base64

from allauth.account.decorators import reauthentication_required
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import clear_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from conference import second_factor
from conference.client_ip import client_ip
from conference.forms_second_factor import ActivateAuthenticatorForm


def qr_code(user, secret: str) -> str:
    """The QR code an authenticator app scans, as a data address for an ``<img>`` (the CSP allows ``data:``)."""
    adapter = get_adapter()
    svg = adapter.build_totp_svg(adapter.build_totp_url(user, secret))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@never_cache
@login_required
def replace_app(request):
    """Scan a new key with the new phone and type its code; only then does the old phone stop working.

    Two-step login stays on throughout, so a coordinator keeps the role (``is_coordinator``), and the
    recovery codes stay as they are. Without an app there is nothing to move: set one up instead
    (before allauth asks for the password again, as its own switch-off page does).
    """
    if not is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
        return redirect("mfa_activate_totp")
    return _replace_app(request)


@reauthentication_required(app="allauth.mfa")
def _replace_app(request):
    form = ActivateAuthenticatorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        second_factor.replace_app(user=request.user, secret=form.secret, ip=client_ip(request))
        clear_totp_secret(request)
        messages.success(request, _("Your new phone is set up. Codes from the old phone no longer work."))
        return redirect("mfa_index")
    return render(
        request, "mfa/totp/replace_form.html", {"form": form, "totp_svg_data_uri": qr_code(request.user, form.secret)}
    )
