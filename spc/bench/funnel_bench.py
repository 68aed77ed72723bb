"""How fast is the funnel plot? ``python spc/bench/funnel_bench.py``

Times ``kaizen_spc.funnel.funnel`` on 250 organisations (issue 15 asks for at most 50 ms of
compute), and on 10,000 and 100,000 for scale: proportions with overdispersion, additive
adjustment, the limits at every organisation's denominator and at 200 denominators for the
curves. Prints the best and median of 200 repetitions (20 for the largest).
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from kaizen_spc.funnel import funnel

SEED = 20241204


def _units(count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    denominators = rng.integers(500, 100_000, count).astype(float)
    rates = np.clip(rng.normal(0.12, 0.015, count), 0.01, 0.99)
    return rng.binomial(denominators.astype(int), rates).astype(float), denominators


def _time(count: int, repeats: int) -> tuple[float, float]:
    numerators, denominators = _units(count)
    curve = np.geomspace(denominators.min(), denominators.max(), 200)
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = funnel(numerators, denominators)
        result.limits_at(curve)
        seconds.append(time.perf_counter() - start)
    return min(seconds), statistics.median(seconds)


def main() -> None:
    funnel(*_units(10))  # imports and first-call costs are not the plot's
    for count, repeats in ((250, 200), (10_000, 200), (100_000, 20)):
        best, median = _time(count, repeats)
        print(f"funnel, {count:>7,} organisations: ", end="")
        print(f"best {best * 1e3:.2f} ms, median {median * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
