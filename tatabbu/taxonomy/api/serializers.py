from rest_framework import serializers

from tatabbu.taxonomy.models import Country, PersonGroup, SdgGoal, SdgTarget, Theme


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "label_ar", "label_fr", "label_en"]


class PersonGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonGroup
        fields = ["slug", "label_ar", "label_fr", "label_en"]


class SdgGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = SdgGoal
        fields = [
            "number",
            "short_ar",
            "short_fr",
            "short_en",
            "title_ar",
            "title_fr",
            "title_en",
        ]


class SdgTargetSerializer(serializers.ModelSerializer):
    goal = serializers.IntegerField(source="goal.number", read_only=True)

    class Meta:
        model = SdgTarget
        fields = ["code", "goal", "title_ar", "title_fr", "title_en"]


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "kind", "name_ar", "name_fr", "name_en"]
