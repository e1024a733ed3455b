"""Pnyx's benchmark: ``bench/run`` (or ``python -m bench``). See docs/performance.md."""
