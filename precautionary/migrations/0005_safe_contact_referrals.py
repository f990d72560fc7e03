import django.db.models.deletion
from django.db import migrations, models

import core.crypto


class Migration(migrations.Migration):

    dependencies = [
        ('precautionary', '0004_review_interval_is_a_time_limit'),
        ('safecontacts', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='riskassessmentrequest',
            name='contact_consent',
            field=models.BooleanField(default=False, help_text='The person agreed that their contact details go to the group.'),
        ),
        migrations.AddField(
            model_name='riskassessmentrequest',
            name='contact_details',
            field=core.crypto.EncryptedTextField(blank=True, help_text='How the group may reach the person: only with their consent.'),
        ),
        migrations.AddField(
            model_name='riskassessmentrequest',
            name='contact_log_entry',
            field=models.ForeignKey(blank=True, help_text="A Safe Contact's referral (001): the entry of their contact log.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='risk_requests', to='safecontacts.contactlogentry'),
        ),
    ]
