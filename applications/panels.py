"""Sections that later apps add to the application page (e.g. decision letters), without this app reading their tables.

A hook is `hook(user, application) -> dict | None`; the dict names its `template` and
carries what that template shows. Hooks register in their app's `AppConfig.ready()`.
"""

from collections.abc import Callable

DETAIL_PANELS: list[Callable] = []


def register_panel(hook: Callable) -> None:
    if hook not in DETAIL_PANELS:
        DETAIL_PANELS.append(hook)


def panels_for(user, application) -> list[dict]:
    return [panel for hook in DETAIL_PANELS if (panel := hook(user, application))]
