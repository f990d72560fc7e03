from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("setup/qr.svg", views.setup_qr, name="setup_qr"),
    path("", views.devices, name="devices"),
]
