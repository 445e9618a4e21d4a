from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The read-only public API (/api/v1/) and the open-data downloads: only what a visitor may see."""

    name = "opendata"
    verbose_name = _("Open data")
