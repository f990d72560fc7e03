from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared infrastructure"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import rls

        # Row-level security on PostgreSQL after every migrate (core/rls/). Sent for every
        # app; the handler runs once, for this one.
        post_migrate.connect(rls.apply_after_migrate, sender=self,
                             dispatch_uid="core.rls.apply")
        user_logged_in.connect(rls.on_user_logged_in, dispatch_uid="core.rls.user")

