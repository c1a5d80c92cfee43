"""The documents in docs/ say what the code does, and nothing in the repository points outside it."""

import re
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


def _repository_files() -> list[str]:
    return subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()


# Files that live outside this repository (the design notes it was written from); nothing here may point at them.
OUTSIDE = (".." + "/sha" + "red", "sha" + "red/", "/wo" + "rk/", "DES" + "IGN.md", "DOM" + "AIN.md", "STY" + "LE.md")


def test_nothing_in_the_repository_refers_to_a_path_outside_it():
    files = _repository_files()
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
        for needle in OUTSIDE:
            if needle in text:
                wrong.append(f"{name}: {needle}")
    assert not wrong, wrong


def _local_apps() -> list[str]:
    from django.conf import settings

    return [app for app in settings.INSTALLED_APPS if "." not in app and (ROOT / app / "apps.py").exists()]


def test_the_readme_and_the_architecture_document_list_every_app():
    apps = _local_apps()
    assert {"accounts", "awards", "reporting", "health"} <= set(apps)
    for document in ("README.md", "docs/architecture.md"):
        text = (ROOT / document).read_text(encoding="utf-8")
        missing = [app for app in apps if f"| `{app}` |" not in text]
        assert not missing, f"{document} does not list {missing}"


def test_every_environment_variable_the_readme_documents_is_read_by_the_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration") :]
    section = section[: section.index("\n## ", 1)]
    documented = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            documented |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    assert {"DATABASE_URL", "REDIS_URL"} <= documented
    code = "\n".join(
        (ROOT / name).read_text(encoding="utf-8", errors="ignore")
        for name in _repository_files()
        if name.endswith((".py", ".sh", ".yml", ".yaml", ".toml", ".cfg")) or name in ("Makefile", "Dockerfile")
    )
    unread = sorted(name for name in documented if not re.search(rf"\b{name}\b", code))
    assert not unread, f"documented but never read: {unread}"


def test_every_relative_link_in_the_documents_stays_inside_the_repository_and_exists():
    wrong = []
    for name in _repository_files():
        if not name.endswith(".md"):
            continue
        path = ROOT / name
        for target in re.findall(r"\]\(([^)\s]+)\)", path.read_text(encoding="utf-8")):
            if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
                continue  # a web address, an anchor on the page, or a path of the running site
            resolved = (path.parent / target.split("#")[0]).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                wrong.append(f"{name}: {target}")
    assert not wrong, wrong
