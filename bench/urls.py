from django.urls import path

from . import views

urlpatterns = [
    path("__bench__/bare/", views.bare, name="bench_bare"),
    path("<slug:institution_slug>/staff/__bench__/floor/", views.floor, name="bench_floor"),
]
