"""Sections a later app adds to the application page (conversations: messages and the timeline).

A hook is `hook(request, application) -> dict` registered in the later app's `AppConfig.ready()`;
its keys are merged into the detail page's context, so this app never imports the later one.
"""

from collections.abc import Callable

DETAIL_CONTEXT_HOOKS: list[Callable[..., dict]] = []


def register_detail_context(func: Callable[..., dict]) -> None:
    if func not in DETAIL_CONTEXT_HOOKS:
        DETAIL_CONTEXT_HOOKS.append(func)


def detail_context_from_hooks(request, application) -> dict:
    context: dict = {}
    for hook in DETAIL_CONTEXT_HOOKS:
        context.update(hook(request, application))
    return context
