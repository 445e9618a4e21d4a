"""Root URLs. Dutch pages have no prefix; English lives under /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from conference.views import files, pages, second_factor

urlpatterns = [
    path("healthz", pages.healthz, name="healthz"),
    path("readyz", pages.readyz, name="readyz"),
    path("media/<path:name>", files.public_media, name="public_media"),
    path("huisstijl.css", pages.brand_css, name="brand_css"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("taal/<str:code>/", pages.choose_language, name="choose_language"),
    path("api/v1/", include("opendata.urls_api")),  # the public API: one language, no /en/ prefix
]

urlpatterns += i18n_patterns(
    path("", include("conference.urls_portal")),
    path("themas/", include("themes.urls")),
    path("werkgroepen/", include("workgroups.urls")),
    path("open-data/", include("opendata.urls")),
    path("account/2fa/totp/nieuwe-telefoon/", second_factor.replace_app, name="mfa_replace_totp"),
    path("account/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "conference.views.errors.bad_request"
handler403 = "conference.views.errors.permission_denied"
handler404 = "conference.views.errors.page_not_found"
handler429 = "conference.views.errors.too_many_requests"  # allauth's rate limits answer with this
handler500 = "conference.views.errors.server_error"
