"""Run every benchmark module in this package: `python -m bench [name-prefix ...]`."""

import importlib
import os
import pkgutil
import sys
import tempfile
import time
import traceback
from pathlib import Path


def _setup_django(tmp: str) -> None:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sangaku.settings")
    os.environ.pop("REDIS_URL", None)  # tasks run eagerly in-process
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def main(argv: list[str]) -> int:
    package = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(package)]) if not m.name.startswith("_"))
    if argv:
        names = [n for n in names if any(n.startswith(prefix) for prefix in argv)]
    with tempfile.TemporaryDirectory(prefix="sangaku-bench-") as tmp:
        _setup_django(tmp)
        failed = []
        for name in names:
            module = importlib.import_module(f"bench.{name}")
            if not hasattr(module, "main"):
                continue
            print(f"== bench.{name} ==", flush=True)
            started = time.perf_counter()
            try:
                module.main()
            except Exception:  # one broken benchmark must not hide the others' figures
                traceback.print_exc()
                failed.append(name)
            print(f"(bench.{name}: {time.perf_counter() - started:.1f} s)\n", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
