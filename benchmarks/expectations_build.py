"""Row 19 (issue 13): the expectations built from N finished operations, as ``history
stats`` and the dashboard's start-up build them (``Expectations.build``), and the part of
it that a store keeping each operation's durations (``sample_of``) would still pay
(``Expectations.of_samples``). In process, no I/O: the records are the simulator's finished
ones, parsed once and listed N times over five sources.

python -m benchmarks.expectations_build [--operations N] [--runs R]
"""

import argparse
import json
import time
from dataclasses import dataclass

from bcs_tui.api.models import parse_record_list
from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.expectations import Expectations, sample_of
from bcs_tui.core.stored_operation import StoredOperation
from bcs_tui.sim.defaults import DEFAULT_PROJECT_ID
from bcs_tui.sim.engine import Simulation
from benchmarks.stats import Sample
from benchmarks.table import Row

NOW = 1_767_225_600 * NS_PER_S
SOURCES = 5
TARGET_MS = 200.0


@dataclass(frozen=True)
class BuildResult:
    operations: int
    kinds: int
    build_ms: Sample
    samples_ms: Sample
    """``of_samples`` alone, from samples taken beforehand."""


def finished_operations(count: int) -> list[StoredOperation]:
    simulation = Simulation(
        seed=1, origin_ns=NOW, history=min(count, 10_000), project_id=DEFAULT_PROJECT_ID
    )
    records = parse_record_list(json.loads(simulation.body(NOW, {}))).records
    finished = [record for record in records if record.operation_status is Status.FINISHED]
    return [
        StoredOperation(
            f"source-{index % SOURCES}",
            DEFAULT_PROJECT_ID,
            finished[index % len(finished)],
            NOW,
            NOW,
        )
        for index in range(count)
    ]


def measure_build(count: int, runs: int) -> BuildResult:
    operations = finished_operations(count)
    build: list[float] = []
    aggregate: list[float] = []
    kinds = 0
    for _ in range(runs):
        started = time.perf_counter()
        kinds = len(Expectations.build(operations).kinds)
        build.append((time.perf_counter() - started) * 1000)
        samples = [sample for stored in operations if (sample := sample_of(stored))]
        started = time.perf_counter()
        Expectations.of_samples(samples)
        aggregate.append((time.perf_counter() - started) * 1000)
    return BuildResult(count, kinds, Sample(tuple(build), "ms"), Sample(tuple(aggregate), "ms"))


def build_row(result: BuildResult) -> Row:
    return Row(
        "19",
        f"expectations from N={result.operations:,} finished operations ({result.kinds} kinds,"
        f" {SOURCES} sources), in process",
        f"Expectations.build {result.build_ms.show()}; from the operations' samples"
        f" (of_samples) {result.samples_ms.show()}",
        f"< {TARGET_MS:.0f} ms",
        result.build_ms.median < TARGET_MS,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--operations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    row = build_row(measure_build(args.operations, args.runs))
    print(row.result, "->", row.verdict)


if __name__ == "__main__":
    main()
