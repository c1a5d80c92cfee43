"""The API's JSON parser: a body PostgreSQL cannot store (a NUL character anywhere) is a 400, not a 500.

PostgreSQL refuses U+0000 in text and in jsonb; DRF's CharField already refuses it, but JSON fields
(`email_domains`, `scores`, …) and object keys would reach the database. Set as the default parser
in settings and used by every view that lists its parsers.
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _has_nul(data):
            raise ParseError(_("文字列にNUL文字（\\u0000）は使えません。"))
        return data
