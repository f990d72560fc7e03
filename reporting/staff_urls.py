"""URLs: staff_urls"""

app_name = "reporting"

urlpatterns: list = []
