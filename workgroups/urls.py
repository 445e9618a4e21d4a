from django.urls import path

from workgroups.views import commitments, exports, reports, workgroups

app_name = "workgroups"

urlpatterns = [
    path("", workgroups.workgroup_list, name="list"),
    path("mijn/", workgroups.dashboard, name="dashboard"),
    path("nieuw/", workgroups.workgroup_create, name="create"),
    path("nieuw-uit-thema/<int:theme_pk>/", workgroups.create_from_theme, name="create_from_theme"),
    path("rapportages.csv", exports.reports_csv, name="reports_csv"),
    path("toezeggingen/nieuw/", commitments.commitment_create, name="commitment_create"),
    path("toezeggingen/<int:pk>/beoordelen/", commitments.commitment_review, name="commitment_review"),
    path("<slug:slug>/", workgroups.workgroup_detail, name="detail"),
    path("<slug:slug>/bewerken/", workgroups.workgroup_edit, name="edit"),
    path("<slug:slug>/aanmelden/", workgroups.join, name="join"),
    path("<slug:slug>/verlaten/", workgroups.leave, name="leave"),
    path("<slug:slug>/leden/<int:pk>/accepteren/", workgroups.membership_decide, {"accept": True}, name="accept"),
    path("<slug:slug>/leden/<int:pk>/weigeren/", workgroups.membership_decide, {"accept": False}, name="decline"),
    path("<slug:slug>/leden/<int:pk>/trekker/", workgroups.hand_over, name="hand_over"),
    path("<slug:slug>/leden/toevoegen/", workgroups.member_add, name="member_add"),
    path("<slug:slug>/leden/<int:pk>/verwijderen/", workgroups.member_remove, name="member_remove"),
    path("<slug:slug>/doelen/nieuw/", workgroups.goal_edit, name="goal_create"),
    path("<slug:slug>/doelen/<int:pk>/", workgroups.goal_edit, name="goal_edit"),
    path("<slug:slug>/voortgang/nieuw/", reports.report_create, name="report_create"),
    path("<slug:slug>/voortgang/<int:pk>/", reports.report_detail, name="report_detail"),
    path("<slug:slug>/voortgang/<int:pk>/bewerken/", reports.report_edit, name="report_edit"),
    path("<slug:slug>/voortgang/<int:pk>/indienen/", reports.report_submit, name="report_submit"),
    path("<slug:slug>/voortgang/<int:pk>/terugsturen/", reports.report_send_back, name="report_send_back"),
    path("<slug:slug>/voortgang/<int:pk>/publiceren/", reports.report_publish, name="report_publish"),
    path("<slug:slug>/voortgang/<int:pk>/besluit/", reports.report_decide, name="report_decide"),
    path("<slug:slug>/voortgang/<int:pk>/geschiedenis/", reports.report_history, name="report_history"),
]
