from rest_framework import serializers

from tatabbu.institutions.models import Institution


class InstitutionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Institution
        fields = ["slug", "abbreviation", "kind", "parent", "name_ar", "name_fr", "name_en"]
