"""`{% idempotency_field %}`: the hidden key of a form whose POST must not be carried out twice."""

import uuid

from django import template
from django.utils.html import format_html

from ..idempotency import FORM_FIELD

register = template.Library()


@register.simple_tag
def idempotency_field():
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, uuid.uuid4().hex)
