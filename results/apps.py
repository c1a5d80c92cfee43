from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("採択一覧の公開")

    def ready(self):
        from sangaku.workflow import register_guard

        from .guards import call_decided

        register_guard("call_decided", call_decided)
