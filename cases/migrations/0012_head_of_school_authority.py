"""004's sanctions table names the Head of School or nominee among those who may impose the
less serious sanctions, and 004 sends appeals to a designated member (who may convene an
appeals panel) and gives reporting students an informal review. Institutions set up with the
004 shape before this change get the same configuration as new ones (cases/services/setup.py).

An institution has the 004 shape if its catalogue holds 004's own penalties (a reprimand and
the revocation of an award); its edits to other rows are kept."""

from django.db import migrations

HEAD = "head_of_school"
INFORMAL = "informal_officer"
#: 004: "Head of School or nominee, Academic Registrar or nominee, Student Discipline Panel".
HEAD_OF_SCHOOL_PENALTIES = ("reprimand", "written_warning", "apology", "training", "damages")


def shape_004(PenaltyType, institution_id) -> bool:
    codes = set(PenaltyType.objects.filter(institution_id=institution_id, code__in=(
        "reprimand", "award_revocation")).values_list("code", flat=True))
    return codes == {"reprimand", "award_revocation"}


def forwards(apps, schema_editor):
    PenaltyType = apps.get_model("cases", "PenaltyType")
    PenaltyAuthority = apps.get_model("cases", "PenaltyAuthority")
    CaseSettings = apps.get_model("cases", "CaseSettings")
    institutions = set(PenaltyType.objects.values_list("institution_id", flat=True))
    for institution_id in sorted(institutions):
        if not shape_004(PenaltyType, institution_id):
            continue
        for penalty in PenaltyType.objects.filter(institution_id=institution_id,
                                                  code__in=HEAD_OF_SCHOOL_PENALTIES):
            PenaltyAuthority.objects.filter(institution_id=institution_id,
                                            penalty_type=penalty, authority=INFORMAL).delete()
            PenaltyAuthority.objects.get_or_create(
                institution_id=institution_id, penalty_type=penalty, authority=HEAD)
        CaseSettings.objects.filter(institution_id=institution_id).update(
            appeal_route="designated_member", reporting_party_review=True,
            informal_authority=HEAD)


def backwards(apps, schema_editor):
    PenaltyType = apps.get_model("cases", "PenaltyType")
    PenaltyAuthority = apps.get_model("cases", "PenaltyAuthority")
    CaseSettings = apps.get_model("cases", "CaseSettings")
    for power in PenaltyAuthority.objects.filter(authority=HEAD):
        if power.penalty_type.code != "damages":
            PenaltyAuthority.objects.get_or_create(
                institution_id=power.institution_id, penalty_type=power.penalty_type,
                authority=INFORMAL)
        power.delete()
    CaseSettings.objects.update(appeal_route="committee", reporting_party_review=False,
                                informal_authority=INFORMAL)
    del PenaltyType


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_appeal_routes")]

    operations = [migrations.RunPython(forwards, backwards)]
