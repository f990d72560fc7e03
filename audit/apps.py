from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail. Each app declares the event types it records in its own
    ``audit_events.py`` (``AUDIT_EVENTS``), found here as the admin finds ``admin.py`` modules;
    an event type nobody declared is refused where it is written (audit/registry.py)."""

    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from importlib import import_module

        from django.apps import apps

        from .registry import register_audit_events

        for config in apps.get_app_configs():
            name = f"{config.name}.audit_events"
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            register_audit_events(config.label, module.AUDIT_EVENTS)
