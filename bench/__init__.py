"""Benchmarks (not part of the test run). `make bench` runs `python -m bench`.

`bench/__main__.py` prepares Django on a fresh, migrated SQLite database in a
temporary directory (or on `BENCH_DATABASE_URL` when set), then runs `main()` of
every module in this package, in name order (bench/assignment*.py, bench/report*.py, …).
"""
