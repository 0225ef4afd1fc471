#!/usr/bin/env python3
"""Benchmarks of the school records on a generated school.

Each operation is timed several times next to a baseline measured in the same run
(the cheapest way the same data could be had), and printed as a ratio. Figures go
to bench/results/<size>-<timestamp>.json as well. Nothing an operation writes is
kept: every iteration runs in a transaction that is rolled back (the pages requested over
HTTP log in as demo users whose passwords are set to their logins; the teacher's saved
marks are put back). This is the command; the harness is bench/harness.py and each
operation, with its baseline, a module of bench/operations/.

    python3 bench/run.py                      # the large school (created if missing)
    python3 bench/run.py --size small --iterations 1 --database school_test   # smoke
"""

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the `bench` package, when run as `python3 bench/run.py`

from bench.harness import ensure_database, import_odoo, peak_memory_mb  # noqa: E402
from bench.operations import OPERATIONS  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument(
        "--years",
        type=int,
        default=1,
        help="years of history: the school's latest year and the years before it "
        "(5 = the journals' retention); database school_bench_<size>_<N>y",
    )
    parser.add_argument("--database", help="use this database as it is (no creation)")
    parser.add_argument("--config", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--output", default=str(REPO / "bench" / "results"))
    parser.add_argument("--only", help="comma-separated operation names")
    parser.add_argument(
        "--load-seconds", type=int, default=60, help="duration of each concurrent-load run"
    )
    parser.add_argument("--load-parents", type=int, default=50, help="simulated parents")
    parser.add_argument(
        "--workers",
        type=int,
        help="Odoo workers for the load run (default: enough for every parent's "
        "connection to wait in Odoo's listen queue, at least 2 per core + 1)",
    )
    return parser.parse_args(argv)


# output ----------------------------------------------------------------------------------
def print_table(results):
    width = max([36, *(len(row["operation"]) + 1 for row in results)])
    pad = " " * width
    header = f"{'operation':{width}} {'median':>10} {'queries':>8} {'baseline':>10} {'ratio':>8}"
    print(header)
    print("-" * len(header))
    for row in results:
        ratio = f"{row['ratio']:.2f}x" if row.get("ratio") else "-"
        print(
            f"{row['operation'].ljust(width)} {row['median_s'] * 1000:>8.1f}ms"
            f" {row.get('queries', '-'):>8} "
            f"{row.get('baseline_s', 0) * 1000:>8.1f}ms {ratio:>8}"
        )
        print(f"{pad} baseline: {row.get('baseline', '')}")
        if "requests_per_s" in row:
            print(
                f"{pad} {row['requests_per_s']:.1f} req/s, p50 {row['median_s'] * 1000:.0f} ms,"
                f" p95 {row['p95_s'] * 1000:.0f} ms, p99 {row['p99_s'] * 1000:.0f} ms,"
                f" {row['errors']} errors of {row['requests']},"
                f" {row.get('workers')} workers,"
                f" {row.get('listen_queue_overflows', 0)} listen queue overflows"
            )
        if "cells" in row:
            print(
                f"{pad} {row['cells']} cells, {row['rows']} rows written,"
                f" {row['queries_per_cell']:.1f} queries a cell, {row['errors']} cells refused;"
                f" aim: {row['aim']}"
            )
        if "rows_per_s" in row:
            print(
                f"{pad} {row['rows_per_s']:.0f} rows/s, COPY {row['baseline_rows_per_s']:.0f}"
                f" rows/s: {row['what']}"
            )
        if "note" in row:
            print(f"{pad} {row['note']}")
        if "worker_peak_memory_mb" in row:
            print(f"{pad} peak memory of a worker: {row['worker_peak_memory_mb']:.0f} MB")
        if "peak_memory_growth_mb" in row:
            print(
                f"{pad} peak memory of this process: {row['peak_memory_mb']:.0f} MB "
                f"(+{row['peak_memory_growth_mb']:.0f} MB during the archiving)"
            )


def main(argv=None):
    import_odoo()
    args = parse_args(argv)
    from odoo.tools import config

    only = set(args.only.split(",")) if args.only else set(OPERATIONS)
    if only - set(OPERATIONS):
        sys.exit(
            f"Unknown operation(s) {', '.join(sorted(only - set(OPERATIONS)))}; "
            f"use {', '.join(OPERATIONS)}."
        )
    config.parse_config(["-c", args.config, "--no-http"])
    registry, generation = ensure_database(args)
    results = [generation] if generation else []
    for name, operation in OPERATIONS.items():
        if name in only:
            results.extend(operation(registry, args.iterations, args))
    print_table(results)
    print(f"peak memory of this Odoo process: {peak_memory_mb():.0f} MB")
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    path = output / f"{args.size}-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(
        json.dumps(
            {
                "size": args.size,
                "database": registry.db_name,
                "iterations": args.iterations,
                "peak_memory_mb": peak_memory_mb(),
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
            default=str,
        )
    )
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
