"""URLs: api_urls"""

urlpatterns: list = []
