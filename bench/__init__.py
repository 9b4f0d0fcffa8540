"""Benchmarks: `make bench` writes docs/benchmarks.md from these measurements."""
