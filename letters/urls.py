"""Staff pages for letters, under /<institution_slug>/staff/letters/ (namespace staff:letters)."""

from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("templates/", views.letter_template_list, name="templates"),
    path("templates/<slug:kind>/", views.letter_template_edit, name="template_edit"),
]
