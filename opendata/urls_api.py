"""The API's URLs, /api/v1/ (outside the language prefixes: the data is the same in every language)."""

from django.urls import path

from opendata.api import api

urlpatterns = [path("", api.urls)]
