"""How people on a case receive its letters (agreed contact preferences), and the letters'
delivery by secure link or handover."""

from __future__ import annotations

from rest_framework import serializers

from ..models import ContactPreference


class ContactPreferenceSerializer(serializers.ModelSerializer):
    """One person's agreed way of receiving the case's letters (004)."""

    person = serializers.CharField(source="recipient_key", read_only=True,
                                   help_text='"respondent" or "party-<id>".')
    agreed_by = serializers.CharField(source="agreed_by.__str__", read_only=True)

    class Meta:
        model = ContactPreference
        fields = ["id", "person", "party", "method", "email", "agreed_on", "agreed_by",
                  "recorded_at"]


class ContactPreferenceInputSerializer(serializers.Serializer):
    party = serializers.IntegerField(
        required=False, allow_null=True,
        help_text="The party (reporting party or witness); empty for the respondent.")
    method = serializers.ChoiceField(choices=ContactPreference.Method.choices)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254,
                                  help_text="Where the links go (email only); empty: the "
                                            "address on the case.")
    agreed_on = serializers.DateField(required=False)


class LetterLinkResendInputSerializer(serializers.Serializer):
    to = serializers.CharField(required=False, allow_blank=True, max_length=254,
                               help_text="Empty: the agreed email, else the address on the "
                                         "letter.")


class LetterHandoverInputSerializer(serializers.Serializer):
    sent_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)
