"""Wire format of the finance API: field names are the model's, codes fixed English words, amounts whole yen."""

from rest_framework import serializers

from .models import AllocationLine, Contract, ContractLine, Instalment, Invoice


class AllocationLineSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)

    class Meta:
        model = AllocationLine
        fields = ["fiscal_year", "institution", "institution_name", "category", "amount"]


class AllocationSerializer(serializers.Serializer):
    award = serializers.IntegerField()
    status = serializers.CharField()
    lines = AllocationLineSerializer(many=True)
    problems = serializers.ListField(child=serializers.CharField())


class AllocationLineInput(serializers.Serializer):
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)
    institution = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    category = serializers.CharField(max_length=32)
    amount = serializers.IntegerField(min_value=0, max_value=100_000_000_000)


class AllocationInput(serializers.Serializer):
    lines = AllocationLineInput(many=True, max_length=500)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ContractActionSerializer(NoteSerializer):
    signed_copy = serializers.FileField(required=False)


class InvoiceActionSerializer(NoteSerializer):
    paid_on = serializers.DateField(required=False)


class ContractLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractLine
        fields = ["category", "amount", "difference"]


class InstalmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instalment
        fields = ["id", "sequence", "amount", "due_month", "paid_amount", "paid_on"]


class ContractSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    award_number = serializers.CharField(source="award.award_number", read_only=True)
    lines = ContractLineSerializer(many=True, read_only=True)
    amends = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "award",
            "award_number",
            "institution",
            "institution_name",
            "fiscal_year",
            "revision",
            "amends",
            "funder",
            "period_start",
            "period_end",
            "amount",
            "difference",
            "status",
            "sent_at",
            "signed_at",
            "lines",
        ]


class InvoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invoice
        fields = ["id", "number", "contract", "instalment", "amount", "status", "filed_at", "approved_at", "paid_on"]


class InvoiceInput(serializers.Serializer):
    instalment = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    amount = serializers.IntegerField(min_value=1, max_value=100_000_000_000)


class PlanRowInput(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, max_value=100_000_000_000)
    due_month = serializers.DateField()


class PlanInput(serializers.Serializer):
    instalments = PlanRowInput(many=True, max_length=24)
