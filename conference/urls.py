"""Root URLs. Dutch pages have no prefix; English lives under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from conference.views import pages

urlpatterns = [
    path("healthz", pages.healthz, name="healthz"),
    path("huisstijl.css", pages.brand_css, name="brand_css"),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", include("conference.urls_portal")),
    path("themas/", include("themes.urls")),
    path("werkgroepen/", include("workgroups.urls")),
    path("account/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "conference.views.errors.permission_denied"
handler404 = "conference.views.errors.page_not_found"
handler429 = "conference.views.errors.too_many_requests"  # allauth's rate limits answer with this
handler500 = "conference.views.errors.server_error"
