"""Forms of the messages section on the application page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_BODY_LENGTH, Visibility


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (real type, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


FILES_HELP = _("PDF、PNG、JPEG、Word、Excel、PowerPoint（1つ20 MB まで・5個まで）")


class MessageForm(forms.Form):
    visibility = forms.ChoiceField(label=_("見える範囲"), choices=Visibility.choices)
    body = forms.CharField(
        label=_("本文"), max_length=MAX_BODY_LENGTH, widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    attachments = MultipleFileField(label=_("添付ファイル"), required=False, help_text=FILES_HELP)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = [(v, label) for v, label in Visibility.choices if v in allowed]


class DeliveryForm(forms.Form):
    message_delivery = forms.ChoiceField(
        label=_("メッセージの通知"),
        choices=[("immediate", _("すぐにメールで受け取る")), ("digest", _("1日1回まとめて受け取る"))],
    )
