"""Run every benchmark module in this package: `python -m bench [name-prefix ...]`.

Exit status: 0 only when every check of every bench passed; 1 when any check
failed, any bench raised, or (under CI=true) any check was skipped.
"""

import importlib
import os
import pkgutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import _verdict


def _setup_django(tmp: str) -> None:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sangaku.settings")
    os.environ["EMAIL_URL"] = "dummymail://"  # notifications are stored and "sent" without printing mail
    os.environ.pop("REDIS_URL", None)  # tasks run eagerly in-process
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _summary() -> int:
    verdicts = _verdict.verdicts()
    misses = _verdict.misses()
    print("== summary ==")
    for v in verdicts:
        print(f"[{v.status}] {v.bench}: {v.label}: {v.figure} (target: {v.target})")
    counts = {s: sum(1 for v in verdicts if v.status == s) for s in (_verdict.PASS, _verdict.FAIL, _verdict.SKIPPED)}
    rule = "skipped counts as a miss (CI=true)" if _verdict.strict() else "skipped does not count (CI unset)"
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIPPED']} skipped; {rule}")
    return 1 if misses else 0


def main(argv: list[str]) -> int:
    package = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(package)]) if not m.name.startswith("_"))
    if argv:
        names = [n for n in names if any(n.startswith(prefix) for prefix in argv)]
    with tempfile.TemporaryDirectory(prefix="sangaku-bench-") as tmp:
        _setup_django(tmp)
        for name in names:
            module = importlib.import_module(f"bench.{name}")
            if not hasattr(module, "main"):
                continue
            print(f"== bench.{name} ==", flush=True)
            _verdict.begin(name)
            started = time.perf_counter()
            try:
                module.main()
            except Exception as exc:  # one broken benchmark must not hide the others' figures
                traceback.print_exc()
                _verdict.check("ran to the end", ok=False, figure=f"raised {exc.__class__.__name__}", target="no error")
            print(f"(bench.{name}: {time.perf_counter() - started:.1f} s)\n", flush=True)
    return _summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
