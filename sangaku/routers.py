"""The API's routers: an object id in a path is a whole number, or the path matches nothing (404).

DRF's default accepts any text there (`[^/.]+`), so `/api/v1/reports/null,null/…` reached a view that
turned it into a database lookup and answered 500. Every viewset of ours is looked up by its numeric id.
"""

from rest_framework import routers

ID_PATTERN = "[0-9]+"


class SimpleRouter(routers.SimpleRouter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._default_value_pattern = ID_PATTERN


class DefaultRouter(routers.DefaultRouter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._default_value_pattern = ID_PATTERN
