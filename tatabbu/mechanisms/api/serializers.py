from rest_framework import serializers

from tatabbu.mechanisms.models import Mechanism, Treaty


class MechanismSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mechanism
        fields = ["code", "kind", "name_ar", "name_fr", "name_en", "uhri_label"]


class TreatySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    body = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Treaty
        fields = [
            "code",
            "kind",
            "parent",
            "body",
            "name_ar",
            "name_fr",
            "name_en",
            "adopted_year",
            "state_status",
            "state_date",
            "state_date_precision",
        ]
