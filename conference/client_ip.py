"""The visitor's address: one answer for the rate limits, the security log and anything else.

Behind a reverse proxy every request comes from the proxy (``REMOTE_ADDR``), so the visitor's
address has to be read from a header the proxy sets. Which one, and how far to trust it, is
configured once (``TRUSTED_PROXY_COUNT`` or ``CLIENT_IP_HEADER`` in the environment, passed to
allauth as ``ALLAUTH_TRUSTED_PROXY_COUNT`` and ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``):

- ``X-Forwarded-For`` with ``TRUSTED_PROXY_COUNT = n``: each proxy appends the address it saw, so
  the n-th entry from the right is the one our own first proxy saw; everything to its left came
  from the visitor and may be made up. With ``n = 0`` (the default) the header is ignored.
- ``CLIENT_IP_HEADER`` (e.g. ``X-Real-IP``): a header our proxy overwrites on every request.

allauth's rate limits ask ``AccountAdapter.get_client_ip`` (conference/adapters.py), which asks
:func:`client_ip`, so the address that is counted is the address that is logged.
"""

import ipaddress

from allauth.core.internal.httpkit import get_client_ip as allauth_client_ip
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

#: IPv6 visitors get a whole /64 network from their provider: count that network as one address.
IPV6_RATE_LIMIT_PREFIX = 64


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address as configured above, or None when it cannot be told.

    A request that did not pass through our proxies (no configured header, or an
    ``X-Forwarded-For`` shorter than the number of trusted proxies) counts by the address that
    connected to us.
    """
    try:
        address = allauth_client_ip(request)
    except ImproperlyConfigured:
        address = None
    return address or _clean(request.META.get("REMOTE_ADDR", ""))


def rate_limit_address(ip: str) -> str:
    """The address as rate limits count it: IPv4 as it is, IPv6 as its /64 network."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/{IPV6_RATE_LIMIT_PREFIX}", strict=False).network_address)
    return str(address)


def _clean(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
