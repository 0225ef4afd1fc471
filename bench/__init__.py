"""The school's benchmarks: `python3 bench/run.py` is the command (see bench/README.md).

- `harness`: the benchmark database, measuring, rolled-back transactions, the HTTP server
  and the figures of its request log;
- `school`: the journal, periods and year a benchmark works on;
- `operations`: one module an operation, each measured next to its baseline."""
