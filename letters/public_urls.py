"""A letter's recipient's pages, public (no account): their secure link opens their letters on
the subject, at /<institution_slug>/letters/<token>/ (namespace public:letter_links)."""

from django.urls import path

from . import public_views as v

app_name = "letter_links"

urlpatterns = [
    path("<str:token>/", v.page, name="page"),
    path("<str:token>/letters/<int:letter_id>/pdf/", v.download, name="download"),
]
