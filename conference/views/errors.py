from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _

from conference.rules import needs_second_factor

#: How long a visitor over a sign-in limit is asked to wait (the shortest window in ACCOUNT_RATE_LIMITS).
SIGN_IN_RETRY_SECONDS = 300


def permission_denied(request, exception=None):
    """403, except for a coordinator who has not set up two-step login yet: they are sent to do that.

    The coordinator role takes effect only with a second factor (the rule ``is_coordinator`` in conference/rules.py),
    so every coordinator page refuses them until then; this is where they learn why.
    """
    if needs_second_factor(request.user):
        return enrol_second_factor(request)
    return render(request, "403.html", status=403)


def enrol_second_factor(request):
    messages.warning(
        request,
        _(
            "You are a coordinator. Coordinators log in with two steps: their password and a code from an "
            "app on their phone. Set this up first; then you can use the coordinator pages."
        ),
    )
    return redirect(reverse("mfa_activate_totp"))


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Rendered without context processors: the database may be what failed."""
    from django.http import HttpResponseServerError

    return HttpResponseServerError(get_template("500.html").render({"request": request}))


def csrf_failure(request, reason=""):
    """A form came back without a valid security token: usually an old tab or an expired session."""
    return render(request, "403_csrf.html", status=403)


def too_many_requests(request, exception=None, *, sign_in=False):
    """429: the portal's page for every rate limit (allauth calls it as ``handler429``)."""
    response = render(request, "429.html", {"sign_in": sign_in}, status=429)
    if sign_in:
        response["Retry-After"] = str(SIGN_IN_RETRY_SECONDS)
    return response
