"""The one helper for links in e-mails (composed in services, the worker or cron, never from a request)."""

from django.conf import settings


def base_url() -> str:
    """Where the portal lives: ``PORTAL_BASE_URL`` when set.

    Otherwise the first concrete host in ALLOWED_HOSTS (https in production, the development
    server in DEBUG), so that a link in an e-mail is never relative.
    """
    configured = settings.PORTAL_BASE_URL
    if configured:
        return configured.rstrip("/")
    hosts = [h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")]
    host = hosts[0] if hosts else "127.0.0.1"
    if settings.DEBUG or host in ("127.0.0.1", "localhost"):
        return f"http://{host}:8000"
    return f"https://{host}"


def absolute_url(path: str) -> str:
    return base_url() + path
