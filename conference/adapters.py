"""The portal's allauth adapters: login limits that cannot lock people out, and two-step sign-in.

Login limits (``ACCOUNT_RATE_LIMITS["login_failed"]`` in settings, README "Login limits"):
allauth counts failed sign-ins per *key* and per address. allauth's key is the e-mail address
alone, so a stranger typing wrong passwords for someone's address would lock its owner out
everywhere. Here the key is the pair (e-mail address, visitor's address): the stranger locks out
only themselves, from their own address. A second, longer limit per address alone stops one
address from trying many accounts.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from conference import sealing, second_factor
from conference.client_ip import client_ip, rate_limit_address
from conference.models import SiteSettings, User
from conference.security_events import login_hash
from conference.security_log import log_security_event


def _account(credentials: dict) -> User | None:
    """The account a sign-in attempt names, if there is one (for the security log: its id only)."""
    email = (credentials.get("email") or "").strip().lower()
    return User.objects.filter(email=email).only("pk").first() if email else None


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address.")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth's key for failed sign-ins (site and e-mail address), per visitor's address too."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}@{rate_limit_address(self.get_client_ip(request))}"

    def pre_authenticate(self, request, **credentials):
        """Over a limit: answer 429 with the portal's page (not a form error), and log it."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from conference.views.errors import too_many_requests

            log_security_event("login_locked_out", user=_account(credentials), ip=client_ip(request))
            raise ImmediateHttpResponse(too_many_requests(request, sign_in=True)) from None

    def authentication_failed(self, request, **credentials):
        email = (credentials.get("email") or "").strip()
        log_security_event(
            "login_failed",
            user=_account(credentials),
            ip=client_ip(request),
            step="password",
            login_hash=login_hash(email) if email else None,
        )


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "You are a coordinator. Coordinators always log in with two steps, so you cannot switch this off. "
            "Got a new phone? Choose 'New phone? Move the app' on the page about two-step login."
        ),
        "incorrect_code": _("This code is not correct. Type the code that your app shows now."),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        if second_factor.may_remove(authenticator):
            return True
        request = context.request
        if request is not None and request.method == "POST":
            log_security_event(
                "mfa_removal_refused", user=authenticator.user, ip=client_ip(request), type=authenticator.type
            )
        return False

    def encrypt(self, text: str) -> str:
        """Authenticator keys and recovery-code seeds are stored sealed (conference/sealing.py)."""
        return sealing.seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return sealing.unseal(encrypted_text)

    def get_totp_issuer(self) -> str:
        """The name people see in their authenticator app: the portal's own name."""
        site = SiteSettings.load()
        return f"{site.portal_name} {site.name}".strip()
