from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import gettext_lazy as _

from conference.models import SiteSettings

NAVIGATION = [
    ("conference:edition_list", _("Editions")),
    ("themes:list", _("Themes")),
    ("workgroups:list", _("Workgroups")),
    ("conference:recap_list", _("Recaps")),
]


def _navigation(path):
    items = []
    for name, label in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": path.startswith(url)})
    return items


def portal(request):
    path = request.path
    full_path = request.get_full_path()
    return {
        "site": SiteSettings.load(),
        "navigation": _navigation(path),
        "language_urls": {"nl": translate_url(full_path, "nl"), "en": translate_url(full_path, "en")},
    }
