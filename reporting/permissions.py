"""Access decisions of the reporting app: the dashboards and exports are for officers and directors."""


def may_use_reports(user) -> bool:
    return bool(user.is_authenticated and (user.is_director or user.is_officer))
