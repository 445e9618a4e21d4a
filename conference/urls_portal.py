from django.urls import path

from conference.page_cache import public_page
from conference.views import (
    editions,
    manage,
    manage_audit,
    manage_editions,
    manage_privacy,
    manage_recaps,
    manage_tabletalks,
    pages,
    privacy,
    recaps,
    search,
    tabletalks,
)

app_name = "conference"

edition = "edities/<slug:slug>/"
table = edition + "tafels/<int:pk>/"
manage_edition = "beheer/edities/<slug:slug>/"

urlpatterns = [
    path("", pages.home, name="home"),
    path("edities/", editions.edition_list, name="edition_list"),
    path("edities.ics", editions.editions_ics, name="editions_ics"),
    path(edition, editions.edition_detail, name="edition_detail"),
    path(edition + "agenda.ics", editions.edition_ics, name="edition_ics"),
    path(edition + "programma/<int:pk>/", editions.session_detail, name="session_detail"),
    path(edition + "programma/<int:pk>/kiezen/", editions.session_choose, name="session_choose"),
    path(edition + "aanmelden/", editions.register, name="register"),
    path(edition + "afmelden/", editions.cancel_registration, name="cancel_registration"),
    path(edition + "evaluatie/", recaps.evaluation_answer, name="evaluation"),
    path(table, tabletalks.table_talk_detail, name="table_talk_detail"),
    path(table + "opbrengsten/", tabletalks.outcome_add, name="outcome_add"),
    path(table + "opbrengsten/<int:outcome_pk>/", tabletalks.outcome_edit, name="outcome_edit"),
    path(table + "opbrengsten/<int:outcome_pk>/verplaatsen/", tabletalks.outcome_move, name="outcome_move"),
    path(table + "opbrengsten/<int:outcome_pk>/verwijderen/", tabletalks.outcome_delete, name="outcome_delete"),
    path(table + "fotos/", tabletalks.photo_upload, name="photo_upload"),
    path(table + "fotos/<int:photo_pk>/", tabletalks.sheet_photo, name="sheet_photo"),
    path(
        table + "fotos/<int:photo_pk>/klein/",
        tabletalks.sheet_photo,
        {"thumbnail": True},
        name="sheet_photo_thumbnail",
    ),
    path(table + "fotos/<int:photo_pk>/verwijderen/", tabletalks.photo_delete, name="photo_delete"),
    path("terugblikken/", recaps.recap_list, name="recap_list"),
    path("terugblikken/<slug:slug>/", recaps.recap_detail, name="recap_detail"),
    path("feeds/terugblikken.atom", public_page(recaps.RecapFeed(), max_age=300), name="recap_feed"),
    path("organisaties/<slug:slug>/", pages.organisation_detail, name="organisation_detail"),
    path("zoeken/", search.search_page, name="search"),
    path("mijn/", pages.my_overview, name="my_overview"),
    path("mijn/gegevens/", privacy.my_data, name="my_data"),
    path("mijn/gegevens/mijn-gegevens.json", privacy.my_data_download, name="my_data_download"),
    path("account-verwijderd/", privacy.account_deleted, name="account_deleted"),
    path("privacy/", privacy.privacy_statement, name="privacy"),
    path("toegankelijkheid/", privacy.accessibility_statement, name="accessibility"),
    path("beheer/", manage.dashboard, name="manage"),
    path("beheer/edities/", manage_editions.edition_list, name="manage_editions"),
    path("beheer/edities/nieuw/", manage_editions.edition_edit, name="manage_edition_create"),
    path(manage_edition, manage_editions.edition_overview, name="manage_edition"),
    path(manage_edition + "bewerken/", manage_editions.edition_edit, name="manage_edition_edit"),
    path(manage_edition + "publiceren/", manage_editions.edition_publish, name="manage_edition_publish"),
    path(manage_edition + "kopieren/", manage_editions.edition_copy, name="manage_edition_copy"),
    path(manage_edition + "programma/nieuw/", manage_editions.session_edit, name="manage_session_create"),
    path(manage_edition + "programma/<int:pk>/", manage_editions.session_edit, name="manage_session_edit"),
    path(
        manage_edition + "programma/<int:pk>/verwijderen/", manage_editions.session_delete, name="manage_session_delete"
    ),
    path(manage_edition + "aanmeldingen/", manage_editions.registrations, name="manage_registrations"),
    path(manage_edition + "aanmeldingen.csv", manage_editions.registrations_csv, name="manage_registrations_csv"),
    path(manage_edition + "tafels/", manage_tabletalks.table_talks, name="manage_table_talks"),
    path(manage_edition + "tafels/<int:pk>/", manage_tabletalks.table_talk_edit, name="manage_table_talk_edit"),
    path(
        manage_edition + "opbrengsten/publiceren/", manage_tabletalks.outcomes_publish, name="manage_outcomes_publish"
    ),
    path(manage_edition + "terugblik/", manage_recaps.recap_edit, name="manage_recap"),
    path(manage_edition + "terugblik/publiceren/", manage_recaps.recap_publish, name="manage_recap_publish"),
    path(manage_edition + "evaluatie/", manage_recaps.evaluation_manage, name="manage_evaluation"),
    path(manage_edition + "evaluatie.csv", manage_recaps.evaluation_csv, name="manage_evaluation_csv"),
    path("beheer/gebruikers/", manage.user_list, name="manage_users"),
    path("beheer/gebruikers/<int:pk>/regiegroep/", manage.user_set_coordinator, name="manage_user_coordinator"),
    path("beheer/gebruikers/<int:pk>/partner/", manage.user_grant_membership, name="manage_user_grant"),
    path("beheer/gebruikers/<int:pk>/gegevens/", manage_privacy.user_data, name="manage_user_data"),
    path(
        "beheer/gebruikers/<int:pk>/gegevens.json", manage_privacy.user_data_download, name="manage_user_data_download"
    ),
    path("beheer/verklaringen/", manage_privacy.statement_list, name="manage_statements"),
    path("beheer/verklaringen/<slug:slug>/", manage_privacy.statement_edit, name="manage_statement_edit"),
    path("beheer/lidmaatschappen/<int:pk>/intrekken/", manage.membership_revoke, name="manage_membership_revoke"),
    path("beheer/organisaties/", manage.organisation_list, name="manage_organisations"),
    path("beheer/organisaties/nieuw/", manage.organisation_edit, name="manage_organisation_create"),
    path("beheer/organisaties/<slug:slug>/", manage.organisation_edit, name="manage_organisation_edit"),
    path("beheer/organisatoren/", manage.organiser_list, name="manage_organisers"),
    path("beheer/organisatoren/nieuw/", manage.organiser_edit, name="manage_organiser_create"),
    path("beheer/organisatoren/<int:pk>/", manage.organiser_edit, name="manage_organiser_edit"),
    path("beheer/huisstijl/", manage.site_settings, name="manage_site"),
    path("beheer/wijzigingen/", manage_audit.audit_log, name="manage_audit"),
]
