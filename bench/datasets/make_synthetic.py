#!/usr/bin/python3
"""Dataset (b) of the ANN benchmark: 200,000 x 128 clustered synthetic vectors (1,000 Gaussian clusters),
1,000 held-out queries from the same distribution, exact L2 top-100 ground truth. Debian's numpy; seed 7.
Writes bench/out/synthetic/{base,query}.fvecs, truth.ivecs and metric."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fvecs import write_fvecs, write_ivecs  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out", "synthetic")
N, Q, D, CLUSTERS, K = 200_000, 1_000, 128, 1_000, 100


def main():
    rng = np.random.default_rng(7)
    centers = rng.normal(0, 1, (CLUSTERS, D)).astype(np.float32)
    spread = rng.uniform(0.2, 0.6, CLUSTERS).astype(np.float32)

    def draw(n):
        c = rng.integers(0, CLUSTERS, n)
        return (centers[c] + rng.normal(0, 1, (n, D)).astype(np.float32) * spread[c, None]).astype(np.float32)

    base, query = draw(N), draw(Q)
    base_sq = (base.astype(np.float64) ** 2).sum(1)
    truth = np.empty((Q, K), dtype=np.int32)
    for s in range(0, Q, 100):
        q = query[s:s + 100].astype(np.float64)
        d = base_sq[None, :] - 2 * q @ base.T.astype(np.float64)
        idx = np.argpartition(d, K, axis=1)[:, :K]
        rows = np.take_along_axis(d, idx, 1)
        truth[s:s + 100] = np.take_along_axis(idx, np.argsort(rows, 1, kind="stable"), 1)
    os.makedirs(OUT, exist_ok=True)
    write_fvecs(os.path.join(OUT, "base.fvecs"), base)
    write_fvecs(os.path.join(OUT, "query.fvecs"), query)
    write_ivecs(os.path.join(OUT, "truth.ivecs"), truth)
    with open(os.path.join(OUT, "metric"), "w") as f:
        f.write("l2\n")
    print(f"wrote {N} x {D} base, {Q} queries, top-{K} truth -> {OUT}")


if __name__ == "__main__":
    main()
