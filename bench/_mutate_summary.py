"""`make mutate`'s summary: per module, how many mutants were killed, survived, timed out or reached by no test,
then every survivor by name (`mutmut show NAME` prints its diff). Reads mutmut's results under `mutants/`."""

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code


def main(modules: list[str]) -> int:
    survivors = []
    print(f"{'module':32} {'mutants':>7} {'killed':>7} {'survived':>8} {'timeout':>7} {'no tests':>8}")
    for module in modules:
        meta = Path("mutants") / (module.replace(".", "/") + ".py.meta")
        if not meta.exists():
            print(f"{module:32} (not run)")
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        counts = Counter(status_by_exit_code[code] for code in codes.values())
        print(
            f"{module:32} {len(codes):7} {counts['killed']:7} {counts['survived']:8} {counts['timeout']:7} "
            f"{counts['no tests']:8}"
        )
        survivors += sorted(name for name, code in codes.items() if status_by_exit_code[code] == "survived")
    if survivors:
        print("survivors:")
        print("\n".join(f"  {name}" for name in survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
