from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Report + Support"

    def ready(self) -> None:
        # A student who opts out of the consent training may ask for support (004); training
        # sits below reporting, so reporting tells it where such a request goes.
        from training.support import register_support_referral

        from .services.referrals import training_support_referral

        register_support_referral(training_support_referral)
