"""Staff pages for cases, under /<institution_slug>/staff/cases/."""

app_name = "cases"
urlpatterns: list = []
