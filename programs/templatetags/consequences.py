"""{% consequence kind action %}: the text of programs/consequences.py for a data-confirm attribute."""

from django import template

from programs.consequences import consequence_text

register = template.Library()


@register.simple_tag
def consequence(kind: str, action: str) -> str:
    return consequence_text(kind, action)
