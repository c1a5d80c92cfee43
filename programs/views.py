from collections.abc import Callable

from django.shortcuts import render

from .selectors import open_calls

# Panels later apps add to the home page (e.g. applications: my pending team invitations). Each is a
# function request -> {"template": ..., **context} or None, registered in the app's AppConfig.ready().
HOME_PANELS: list[Callable] = []


def register_home_panel(func: Callable) -> None:
    if func not in HOME_PANELS:
        HOME_PANELS.append(func)


def home(request):
    """Public landing page: the calls open right now (and, signed in, what waits for the user)."""
    panels = [panel for panel in (func(request) for func in HOME_PANELS) if panel]
    return render(request, "programs/home.html", {"calls": open_calls(), "panels": panels})
