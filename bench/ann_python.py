#!/usr/bin/python3
"""hnswlib and FAISS (Debian's python3-hnswlib, python3-faiss) on one ANN dataset, single-threaded:
build time, then recall@k and queries per second for each efSearch (the best of REPEATS passes, default 5,
as the other implementations do). Prints one JSON line per library."""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "datasets"))
from fvecs import read_fvecs, read_ivecs  # noqa: E402


REPEATS = int(os.environ.get("REPEATS", "5"))


def best_pass(search, n):
    """Runs a whole query batch REPEATS times; returns the last result and the best queries per second."""
    best = 0.0
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        found = search()
        best = max(best, n / (time.perf_counter() - t0))
    return found, best


def recall(found, truth, k):
    return float(np.mean([len(set(f[:k]) & set(t[:k])) / k for f, t in zip(found, truth)]))


def run_hnswlib(base, query, truth, metric, m, efc, efs, k):
    import hnswlib
    space = {"l2": "l2", "cosine": "cosine", "dot": "ip"}[metric]
    index = hnswlib.Index(space=space, dim=base.shape[1])
    index.init_index(max_elements=base.shape[0], ef_construction=efc, M=m, random_seed=42)
    index.set_num_threads(1)
    t0 = time.perf_counter()
    index.add_items(base, np.arange(base.shape[0]), num_threads=1)
    build = time.perf_counter() - t0
    rows = []
    for ef in efs:
        index.set_ef(ef)
        # one call per pass: no Python per query
        found, qps = best_pass(lambda: index.knn_query(query, k=k, num_threads=1)[0], len(query))
        rows.append({"efSearch": ef, "recall": recall(found, truth, k), "qps": qps})
    return {"impl": "hnswlib " + getattr(hnswlib, "__version__", "0.6.2"), "buildSeconds": build, "rows": rows}


def run_faiss(base, query, truth, metric, m, efc, efs, k, sq8=False):
    import faiss
    faiss.omp_set_num_threads(1)
    if metric == "cosine":
        base = base / np.linalg.norm(base, axis=1, keepdims=True)
        query = query / np.linalg.norm(query, axis=1, keepdims=True)
    kind = faiss.METRIC_L2 if metric == "l2" else faiss.METRIC_INNER_PRODUCT
    if sq8:  # 8-bit scalar codes in the graph, no rescoring
        index = faiss.IndexHNSWSQ(base.shape[1], faiss.ScalarQuantizer.QT_8bit, m, kind)
    else:
        index = faiss.IndexHNSWFlat(base.shape[1], m, kind)
    index.hnsw.efConstruction = efc
    t0 = time.perf_counter()
    if sq8:
        index.train(np.ascontiguousarray(base, dtype=np.float32))
    index.add(np.ascontiguousarray(base, dtype=np.float32))
    build = time.perf_counter() - t0
    rows = []
    for ef in efs:
        index.hnsw.efSearch = ef
        q = np.ascontiguousarray(query, dtype=np.float32)
        found, qps = best_pass(lambda: index.search(q, k)[1], len(query))  # one call, one thread
        rows.append({"efSearch": ef, "recall": recall(found, truth, k), "qps": qps})
    return {"impl": "faiss " + faiss.__version__ + (" SQ8" if sq8 else ""), "buildSeconds": build, "rows": rows,
            "bytesPerVector": base.shape[1] * (1 if sq8 else 4) + 2 * m * 4}


def main():
    data, m, efc, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    efs = [int(x) for x in sys.argv[5].split(",")]
    which = sys.argv[6].split(",") if len(sys.argv) > 6 else ["hnswlib", "faiss", "faiss-sq8"]
    base = read_fvecs(os.path.join(data, "base.fvecs"))
    query = read_fvecs(os.path.join(data, "query.fvecs"))
    truth = read_ivecs(os.path.join(data, "truth.ivecs"))
    metric = open(os.path.join(data, "metric")).read().strip()
    for name in which:
        fn = {"hnswlib": run_hnswlib, "faiss": run_faiss,
              "faiss-sq8": lambda *a: run_faiss(*a, sq8=True)}[name]
        print(json.dumps(fn(base, query, truth, metric, m, efc, efs, k)), flush=True)


if __name__ == "__main__":
    main()
