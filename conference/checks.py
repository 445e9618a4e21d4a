"""System checks of the portal's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def visitor_address_behind_proxy(app_configs, **kwargs):
    """Behind a proxy without TRUSTED_PROXY_COUNT or CLIENT_IP_HEADER, every visitor has the proxy's address."""
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None
    configured = settings.ALLAUTH_TRUSTED_PROXY_COUNT > 0 or bool(settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)
    if not behind_proxy or configured:
        return []
    return [
        checks.Warning(
            "The portal runs behind a proxy (BEHIND_TLS_PROXY), but it is not told where the visitor's "
            "address is: every visitor gets the proxy's address, so the login limits count everyone together.",
            hint="Set TRUSTED_PROXY_COUNT (usually 1) or CLIENT_IP_HEADER; see README 'Login limits'.",
            id="portal.W001",
        )
    ]
