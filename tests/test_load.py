"""A short version of benchmarks/bench_load.py: a mixed load on a real server gets no error and no 5xx."""

from __future__ import annotations

import asyncio
import sys

import pytest
from conftest import ROOT, start_server, stop_server

sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_load import OPEN_LIMITS, Sampler, load_files, rss_mb, run_load  # noqa: E402

pytestmark = pytest.mark.slow  # a load test on a real server


def test_a_mixed_load_gets_no_errors_and_memory_stays_under_the_cap():
    base, process = start_server(env=OPEN_LIMITS | {"ASSISTANT_MAX_STORE_MB": "8"})
    port = int(base.rsplit(":", 1)[1])
    try:
        rest, _ = rss_mb(process.pid)
        clients = {"upload": 2, "ask": 7, "healthz": 7}

        async def measured():
            with Sampler(process.pid) as sampler:
                return await run_load("127.0.0.1", port, 6, clients, load_files()), sampler

        tallies, sampler = asyncio.run(measured())
    finally:
        stop_server(process)
    for kind, tally in tallies.items():
        assert tally.times, f"no {kind} request was made"
        assert tally.errors == 0 and tally.server_errors == 0, f"{kind}: {tally.errors} errors"
    ask, health = tallies["ask"], tallies["healthz"]
    ratio = len(ask.times) / len(health.times)
    print(
        f"ask/healthz throughput {ratio:.2f}, p99 {ask.quantile(0.99) / health.quantile(0.99):.2f}; "
        f"RSS {rest:.0f} MB at rest, {sampler.peak:.0f} MB at the peak"
    )
    assert ratio >= 0.3  # the full run's aim is 0.5; a short run on a shared machine gets some slack
    assert sampler.peak <= rest + 8 + 40  # the store's cap, plus room for requests in flight
