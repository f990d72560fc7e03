from django.apps import AppConfig


class PrecautionaryConfig(AppConfig):
    name = "precautionary"
    verbose_name = "Precautionary measures"
