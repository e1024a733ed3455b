"""Fault drills (SECURITY.md C.1) with the ledger check of C.0, against `pnyx serve` on
loopback, in a throw-away data directory (SQLite, the embedded default).

    python -m bench.faults            the full run (longer write phases, more faults)
    python -m bench.faults --quick    the reduced run for CI (< 3 minutes)
    python -m bench.faults --only sigkill-worker,double-submit

Every drill writes through the JSON API with a ledger client: each write carries a fresh
Idempotency-Key K and a body whose SHA-256 is known. A write is acknowledged when the
server answered 201 (or 200: the same K again). After the fault, every unacknowledged K is
sent again with the same K until it is acknowledged. Then the database is read directly:
every K must be there exactly once with its hash (L1, L2), and `repair_counters` must
change nothing (L3). Figures per drill: acknowledged, present, duplicates, 5xx answers,
connection errors, retries, and the time from the fault's end to the first acknowledged
write. Only processes the drill started are signalled, by their recorded pid.
"""
