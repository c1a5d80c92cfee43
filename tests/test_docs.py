"""The documents in docs/ say what the code does, and nothing in the repository points outside it."""

import subprocess
from pathlib import Path

from sangaku.workflow_doc import DOCUMENT, document_with_tables

ROOT = Path(__file__).resolve().parent.parent


def test_the_workflow_tables_in_the_architecture_document_match_the_code():
    current = DOCUMENT.read_text(encoding="utf-8")
    assert current == document_with_tables(current), "run `python manage.py workflow_tables`"


def test_the_readme_links_the_architecture_domain_and_api_documents():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("docs/architecture.md", "docs/domain.md", "docs/api.md"):
        assert f"]({name})" in readme, name
        assert (ROOT / name).exists(), name


def test_the_api_document_shows_the_error_shape():
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for key in ('"detail"', '"code"', '"errors"'):
        assert key in api


def test_nothing_in_the_repository_refers_to_a_path_outside_it():
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    wrong = []
    for name in files:
        path = ROOT / name
        if (
            name == "tests/test_docs.py"
            or path.suffix in (".mo", ".png", ".jpg", ".xlsx", ".pdf", ".zip")
            or not path.is_file()
        ):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for needle in (".." + "/sha" + "red", "sha" + "red/", "/wo" + "rk/"):
            if needle in text:
                wrong.append(f"{name}: {needle}")
    assert not wrong, wrong
