"""Move the interim ``accounts.Qualification`` records into training (issue 11 §11).

Each qualification becomes a completion of the institution's module for the same purpose
(created if the institution has none yet), on the member's roster entry (created or linked by
email), with its recorded dates kept as they were: the expiry a person was given is not
recomputed from the module's validity. ``accounts`` then drops the model.
"""

from django.db import migrations

MODULES = {
    "specialist": ("disciplinary_specialist", "investigations-adjudications-decision-making",
                   "Investigations, Adjudications and Decision Making", "in_person"),
    "unconscious_bias": ("unconscious_bias", "unconscious-bias", "Unconscious bias", "online"),
}


def forwards(apps, schema_editor):
    Qualification = apps.get_model("accounts", "Qualification")
    Module = apps.get_model("training", "Module")
    Learner = apps.get_model("training", "Learner")
    Completion = apps.get_model("training", "Completion")
    modules, learners = {}, {}
    for q in Qualification.objects.select_related("membership__user").order_by("pk"):
        purpose, key, title, delivery = MODULES[q.kind]
        module = modules.get((q.institution_id, purpose))
        if module is None:
            module = (Module.objects.filter(institution_id=q.institution_id, purpose=purpose)
                      .order_by("pk").first()
                      or Module.objects.create(
                          institution_id=q.institution_id, key=key, title=title,
                          audience="disciplinary_roles", mandatory=True, delivery=delivery,
                          validity_years=3, purpose=purpose))
            modules[(q.institution_id, purpose)] = module
        learner = learners.get(q.membership_id)
        if learner is None:
            email = q.membership.user.email.lower()
            learner = (Learner.objects.filter(membership_id=q.membership_id).first()
                       or Learner.objects.filter(institution_id=q.institution_id,
                                                 email__iexact=email).first())
            if learner is None:
                learner = Learner.objects.create(
                    institution_id=q.institution_id, kind="staff", email=email,
                    full_name=q.membership.user.full_name, membership_id=q.membership_id)
            elif learner.membership_id is None:
                learner.membership_id = q.membership_id
                learner.save(update_fields=["membership"])
            learners[q.membership_id] = learner
        Completion.objects.get_or_create(
            learner=learner, module=module, completed_on=q.completed_on,
            defaults={"institution_id": q.institution_id, "expires_on": q.expires_on,
                      "source": "migrated", "recorded_by_id": q.recorded_by_id})


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("accounts", "0004_role_choices_from_the_registry"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
