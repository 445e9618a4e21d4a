from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info
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


def _language_switch(language_urls: dict[str, str], current: str) -> list[dict]:
    """Links that remember the choice and open this page in the other language (no form: no token).

    Each language is named in that language ("Nederlands", "English").
    """
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": f"{reverse('choose_language', args=[code])}?{urlencode({'next': language_urls[code]})}",
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]


def portal(request):
    path = request.path
    full_path = request.get_full_path()
    language_urls = {code: translate_url(full_path, code) for code, _name in settings.LANGUAGES}
    return {
        "site": SiteSettings.load(),
        "navigation": _navigation(path),
        "language_urls": language_urls,
        "language_switch": _language_switch(language_urls, get_language()),
    }
