from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.open_data, name="index"),
    path("api/", views.api_docs, name="api_docs"),
    path("<slug:dataset>.csv", views.download_csv, name="csv"),
    path("<slug:dataset>.json", views.download_json, name="json"),
]
