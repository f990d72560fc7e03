"""The survivor opt-out pages (004), public, at /<institution_slug>/training/opt-out/ (namespace
public:training_optout)."""

from django.urls import path

from . import views_optout as v

app_name = "training_optout"

urlpatterns = [
    path("support/", v.support, name="support"),
    path("<str:token>/", v.page, name="page"),
]
