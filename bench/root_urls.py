"""The application's URLs with the benchmark's two views in front (config.settings.bench only)."""

from django.urls import include, path

from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [path("", include("bench.urls")), *app_urlpatterns]
