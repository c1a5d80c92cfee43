"""Pages: the award page's 契約・支払 section, the 配分 form, the contracts board, a contract's page."""


def award_section(request, award) -> dict | None:
    from .pages import award_section as build

    return build(request, award)
