from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "subjectaccess"
    verbose_name = "Subject access and Board bundle redaction"
