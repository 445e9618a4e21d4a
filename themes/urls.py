from django.urls import path

from themes.views import browse, moderate, propose, rounds, session

app_name = "themes"

urlpatterns = [
    path("", browse.theme_list, name="list"),
    path("voorstellen/", propose.propose, name="propose"),
    path("vergelijkbaar/", browse.similar, name="similar"),
    path("terugkerend/", browse.recurring, name="recurring"),
    path("beheer/", moderate.queue, name="queue"),
    path("beheer/gekozen-in-sessie/", session.pick_edition, name="record_session_pick"),
    path("beheer/gekozen-in-sessie/<slug:slug>/", session.record, name="record_session"),
    path("<int:pk>/beoordelen/", moderate.moderate, name="moderate"),
    path("<int:pk>/intrekken/", propose.withdraw, name="withdraw_theme"),
    path("uit-opbrengst/<int:outcome_pk>/", moderate.from_outcome, name="from_outcome"),
    path("stemrondes/", rounds.round_list, name="rounds"),
    path("stemrondes/nieuw/", rounds.round_create, name="round_create"),
    path("stemrondes/<int:pk>/", rounds.round_detail, name="round"),
    path("stemrondes/<int:pk>/stem/", rounds.cast, name="cast"),
    path("stemrondes/<int:pk>/intrekken/", rounds.withdraw, name="withdraw"),
    path("stemrondes/<int:pk>/sluiten/", rounds.close, name="close"),
    path("stemrondes/<int:pk>/uitslag/", rounds.results, name="results"),
    path("stemrondes/<int:pk>/uitslag/publiceren/", rounds.publish, name="publish"),
    path("stemrondes/<int:pk>/uitslag/kiezen/", rounds.choose, name="choose"),
    path("stemrondes/<int:pk>/uitslag.csv", rounds.export_csv, name="export_csv"),
    path("stemrondes/<int:pk>/uitslag.json", rounds.export_json, name="export_json"),
    path("<int:pk>-<slug:slug>/", browse.theme_detail, name="detail"),
]
