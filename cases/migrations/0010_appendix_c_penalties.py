"""Appendix C of the 002 procedure: the penalties its table lists that the catalogue lacked
(no-contact, final written warning, restrictions/conditions), added to every institution whose
catalogue has the 002 shape (it has the §49.2 verbal warning). Rows an admin already added with
the same code are left alone."""

from django.db import migrations

#: (code, name, reference, authorities). Frozen here: a migration does not follow setup.py.
ROWS = [
    ("final_written_warning", "Final written warning", "Appendix C",
     ["decision_maker", "board"]),
    ("no_contact", "Require the student to have no contact, or restricted contact, with a "
     "specified person or persons", "Appendix C", ["decision_maker", "board"]),
    ("restrictions", "Restrictions/Conditions placed on the student", "Appendix C",
     ["decision_maker", "board"]),
]


def add_appendix_c(apps, schema_editor):
    PenaltyType = apps.get_model("cases", "PenaltyType")
    PenaltyAuthority = apps.get_model("cases", "PenaltyAuthority")
    shaped_002 = set(PenaltyType.objects.filter(code="verbal_warning")
                     .values_list("institution_id", flat=True))
    for institution_id in sorted(shaped_002):
        existing = PenaltyType.objects.filter(institution_id=institution_id)
        codes = set(existing.values_list("code", flat=True))
        position = max(existing.values_list("position", flat=True), default=0)
        for code, name, reference, authorities in ROWS:
            if code in codes:
                continue
            position += 1
            penalty = PenaltyType.objects.create(
                institution_id=institution_id, code=code, name=name, reference=reference,
                position=position)
            for authority in authorities:
                PenaltyAuthority.objects.create(institution_id=institution_id,
                                                penalty_type=penalty, authority=authority)


def remove_appendix_c(apps, schema_editor):
    PenaltyType = apps.get_model("cases", "PenaltyType")
    ImposedPenalty = apps.get_model("cases", "ImposedPenalty")
    used = set(ImposedPenalty.objects.values_list("penalty_type_id", flat=True))
    PenaltyType.objects.filter(code__in=[r[0] for r in ROWS], reference="Appendix C").exclude(
        pk__in=used).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0009_delays_and_alumni"),
    ]

    operations = [
        migrations.RunPython(add_appendix_c, remove_appendix_c),
    ]
