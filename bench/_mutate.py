"""`make mutate`: mutation testing with mutmut, one module at a time (not part of CI, not a benchmark).

The modules and, for each, the test files that cover it are `[tool.sangaku.mutate]` in pyproject.toml (the rest of
mutmut's settings are `[tool.mutmut]`). For each module: a fresh `mutants/` copy, mutmut mutates that module only
and runs every mutant against that module's tests (mutmut further keeps, per mutant, the tests that reached the
mutated function), one mutant at a time, under a wall-clock bound (MUTATE_MINUTES per module, default 8; what
was not reached is counted as "not checked"). Then the module's line of the summary and its survivors, whose
diffs are written to `mutants-report/<module>.txt` (`mutmut show NAME` prints the same).

    python -m bench._mutate [module ...]      # default: every module of the table
    python -m bench._mutate reviews.conflicts.x_detect_conflicts    # one function's mutants (mutmut's names)
"""

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "mutants-report"


def targets() -> dict[str, list[str]]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["sangaku"]["mutate"]


def _path(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _split(target: str, table: dict) -> tuple[str, str]:
    """(module, mutmut's name pattern) of a module of the table or of one of its functions."""
    if target in table:
        return target, f"{target}.*"
    module = max((m for m in table if target.startswith(m + ".")), key=len, default=None)
    if module is None:
        raise SystemExit(f"{target}: not a module of [tool.sangaku.mutate] in pyproject.toml")
    return module, f"{target}*"


def _mutmut(module: str, tests: list[str], *command: str) -> None:
    """Run one mutmut command in this process, configured for one module and its tests."""
    import mutmut.configuration as configuration
    from mutmut.__main__ import cli

    config = configuration._load_config()
    config.only_mutate = [_path(module)]
    config.pytest_add_cli_args_test_selection = tests
    configuration._config = config
    cli(list(command), standalone_mode=False)


def _results(module: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / (_path(module) + ".meta")
    return json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}


def run_one(target: str, module: str, minutes: float) -> tuple[str, list[str]]:
    import shutil

    from mutmut.stats import status_by_exit_code

    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    started = time.monotonic()
    # Its own session, so the bound ends mutmut and the test processes it forked, and nothing else.
    child = subprocess.Popen([sys.executable, "-m", "bench._mutate", "--one", target], cwd=ROOT, start_new_session=True)
    try:
        child.wait(timeout=minutes * 60)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait()
    elapsed = time.monotonic() - started
    pattern = _split(target, targets())[1]
    codes = {k: v for k, v in _results(module).items() if fnmatch(k, pattern)}
    counts = Counter(status_by_exit_code[code] for code in codes.values())
    line = (
        f"{target:28} {len(codes):7} {counts['killed']:7} {counts['survived']:8} {counts['timeout']:7} "
        f"{counts['no tests']:8} {counts['not checked']:11} {elapsed / 60:6.1f}"
    )
    survivors = sorted(name for name, code in codes.items() if status_by_exit_code[code] == "survived")
    REPORT.mkdir(exist_ok=True)
    with open(REPORT / f"{target}.txt", "w") as out:
        for name in survivors:
            out.flush()
            subprocess.run(
                [sys.executable, "-m", "bench._mutate", "--show", module, name], cwd=ROOT, stdout=out, check=False
            )
    return line, survivors


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        module, pattern = _split(argv[1], targets())
        _mutmut(module, targets()[module], "run", "--max-children", "1", pattern)
        return 0
    if argv[:1] == ["--show"]:
        module, name = argv[1], argv[2]
        _mutmut(module, targets()[module], "show", name)
        return 0
    table = targets()
    modules = argv or list(table)
    minutes = float(os.environ.get("MUTATE_MINUTES", "8"))
    header = f"{'module':28} {'mutants':>7} {'killed':>7} {'survived':>8} {'timeout':>7} {'no tests':>8} {'not checked':>11} {'min':>6}"
    lines, survivors = [], []
    for target in modules:
        line, survived = run_one(target, _split(target, table)[0], minutes)
        lines.append(line)
        survivors += survived
        print(f"{header}\n{line}", flush=True)
    print("\nmake mutate summary")
    print(header)
    print("\n".join(lines))
    print("survivors (diffs in mutants-report/<module>.txt):")
    print("\n".join(f"  {name}" for name in survivors) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
