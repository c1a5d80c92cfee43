"""Rewrite the workflow tables in docs/architecture.md from the code (`--check`: only say whether they are stale)."""

from django.core.management.base import BaseCommand, CommandError

from sangaku.workflow_doc import DOCUMENT, document_with_tables


class Command(BaseCommand):
    help = "docs/architecture.md のワークフロー表をコードから再生成します / regenerate the workflow tables"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="change nothing; fail if the document is stale")

    def handle(self, *args, check=False, **options):
        current = DOCUMENT.read_text(encoding="utf-8")
        wanted = document_with_tables(current)
        if current == wanted:
            self.stdout.write("docs/architecture.md: up to date")
            return
        if check:
            raise CommandError("docs/architecture.md is stale: run `python manage.py workflow_tables`")
        DOCUMENT.write_text(wanted, encoding="utf-8")
        self.stdout.write("docs/architecture.md: tables rewritten")
