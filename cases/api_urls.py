"""Case API, under /api/v1/<institution_slug>/cases/."""

urlpatterns: list = []
