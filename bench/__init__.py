"""Benchmarks: each prints figures; none is a pass/fail timing test."""
