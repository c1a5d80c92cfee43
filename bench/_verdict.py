"""Verdicts: every benchmark figure is compared with its target, every result with its correctness check.

A bench calls `check(...)` for each figure and each correctness check; the line is
printed as `PASS`, `FAIL` or `SKIPPED` with the figure and the target side by side.
`python -m bench` exits non-zero when any check failed, when a bench raised, or
(under `CI=true`) when any check was skipped: a skipped benchmark proves nothing.
"""

import json
import os
from dataclasses import asdict, dataclass

PASS, FAIL, SKIPPED = "PASS", "FAIL", "SKIPPED"


@dataclass(frozen=True)
class Verdict:
    bench: str
    label: str
    status: str
    figure: str
    target: str


_verdicts: list[Verdict] = []
_current = ["-"]


def begin(bench: str) -> None:
    _current[0] = bench


def _record(status: str, label: str, figure: str, target: str) -> Verdict:
    verdict = Verdict(_current[0], label, status, figure, target)
    _verdicts.append(verdict)
    print(f"[{status}] {label}: {figure} (target: {target})", flush=True)
    return verdict


def check(label: str, *, ok: bool, figure: str, target: str) -> bool:
    """Record one figure against its target (or one correctness check); returns `ok`."""
    _record(PASS if ok else FAIL, label, figure, target)
    return bool(ok)


def skip(label: str, reason: str) -> None:
    _record(SKIPPED, label, reason, "a measurement")


def strict() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def verdicts() -> list[Verdict]:
    return list(_verdicts)


def misses() -> list[Verdict]:
    """Failed checks, and skipped ones when CI=true."""
    bad = {FAIL, SKIPPED} if strict() else {FAIL}
    return [v for v in _verdicts if v.status in bad]


def exit_code() -> int:
    """For a benchmark's child process: 0 when nothing missed."""
    return 1 if misses() else 0


def save(path: str) -> None:
    """In a child process: write the verdicts for the parent to include in its summary."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump([asdict(v) for v in _verdicts], f, ensure_ascii=False)


def load(path: str) -> None:
    """In the parent: add a child's verdicts (none when it crashed before writing them)."""
    try:
        with open(path, encoding="utf-8") as f:
            _verdicts.extend(Verdict(**row) for row in json.load(f))
    except FileNotFoundError:
        pass
