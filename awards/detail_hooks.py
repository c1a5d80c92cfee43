"""Sections a later app adds to the award page (evaluations: 中間評価 and the stage chain).

A hook is `hook(request, award) -> dict | None` registered in the later app's `AppConfig.ready()`;
it returns `{"template": …, **context}` and the award page includes each section in order, so this
app never imports the later one.
"""

from collections.abc import Callable

AWARD_SECTION_HOOKS: list[Callable[..., dict | None]] = []


def register_award_section(func: Callable[..., dict | None]) -> None:
    if func not in AWARD_SECTION_HOOKS:
        AWARD_SECTION_HOOKS.append(func)


def award_sections(request, award) -> list[dict]:
    return [section for hook in AWARD_SECTION_HOOKS if (section := hook(request, award))]
