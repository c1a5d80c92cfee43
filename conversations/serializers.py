"""Wire format of messages. No business rules here."""

from django.urls import reverse
from rest_framework import serializers

from .models import MAX_BODY_LENGTH, Message, MessageFile, Visibility


class MessageFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = MessageFile
        fields = ["id", "original_name", "size", "content_type", "download_url"]

    def get_download_url(self, obj) -> str:
        return reverse("conversations:file", args=[obj.message.application_id, obj.pk])


class MessageSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    files = MessageFileSerializer(many=True, read_only=True)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "author", "author_name", "visibility", "body", "created_at", "files", "unread"]

    author = serializers.SerializerMethodField()

    def get_author(self, obj) -> int | None:
        return self.context["shown"].person_id(obj.author)

    def get_author_name(self, obj) -> str:
        return self.context["shown"].name(obj.author)

    def get_unread(self, obj) -> bool:
        seen = self.context.get("last_read_at")
        user = self.context["request"].user
        return obj.author_id != user.pk and (seen is None or obj.created_at > seen)


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_BODY_LENGTH, allow_blank=True, trim_whitespace=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)
