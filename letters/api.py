"""GET /api/v1/applications/{id}/letters/: the sent decision letters of an application, for its own side and officers."""

from django.shortcuts import get_object_or_404
from rest_framework import generics, serializers

from applications.selectors import applications_for_user

from .models import DecisionLetter
from .selectors import letters_for_user


class LetterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    outcome = serializers.CharField()
    language = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    reason = serializers.CharField()
    sent_at = serializers.DateTimeField()
    pdf = serializers.SerializerMethodField()

    def get_pdf(self, letter) -> str:
        return f"/letters/{letter.pk}/pdf/"


class ApplicationLetterList(generics.ListAPIView):
    """採否通知書: the applicant, the team and officers in scope read them; reviewers and others get 404."""

    serializer_class = LetterSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no application
            return DecisionLetter.objects.none()
        application = get_object_or_404(applications_for_user(self.request.user), pk=self.kwargs["application_id"])
        letters = letters_for_user(self.request.user).filter(application=application)
        return letters.order_by("id")
