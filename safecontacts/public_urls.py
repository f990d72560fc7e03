"""The public directory, under /<institution_slug>/ (namespace public:safecontacts)."""

from django.urls import path

from .views import directory_page

app_name = "safecontacts"

urlpatterns = [
    path("safe-contacts/", directory_page, name="directory"),
]
