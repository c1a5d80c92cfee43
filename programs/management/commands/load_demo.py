"""Load the demo data: the catalog from the seed document, then each app's own demo rows.

Each installed app may ship a `demo` module with `load(today=..., out=...)`; they run
in INSTALLED_APPS order, so later apps build on earlier ones. Idempotent.
"""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from programs.fiscal import JST


class Command(BaseCommand):
    help = "デモデータ（シード資料の数値）を読み込みます。何度実行しても同じ結果になります。"

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo は本番環境（DJANGO_ENV=production）では実行できません。")
        today = timezone.now().astimezone(JST).date()
        # The seed replays years of history: its notifications land in the in-app inboxes,
        # but the e-mails are kept in memory instead of flooding the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(today=today, out=self.stdout)
        from django.core import mail

        from programs.demo import print_users

        self.stdout.write(
            f"通知メール {len(getattr(mail, 'outbox', []))} 通（デモのため送信せず） / e-mails kept, not sent"
        )
        print_users(self.stdout)
