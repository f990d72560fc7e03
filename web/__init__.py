"""The web layer: base classes for the admin (``web.admin``) and the REST API (``web.api``).

It sits above ``accounts``, ``audit`` and ``institutions`` (who administers what, the audit trail
of admin writes, the institution-scoped API view), and below the apps whose admins and API views
build on it. ``core`` stays a foundation that imports none of the project's apps. A plain package:
no models, no app config.
"""
