"""URLs: public_urls"""

app_name = "report"

urlpatterns: list = []
