"""Matching on MatchIt's lalonde with pair-cluster standard errors, the reference of LalondeTest.

Logistic propensity on the eight covariates (statsmodels GLM, binomial); caliper 0.2 SD (ddof 1) of
the logit. Without replacement: MatchIt's sequential greedy order (treated by decreasing propensity,
each takes the nearest available control on the logit within the caliper). With replacement: each
treated takes its nearest control within the caliper. The matched data in pair form (as MatchIt's
get_matches: one row per pair member, controls weighted 1/k), a weighted regression re78 ~ treat, and
statsmodels' cluster-robust covariance: clustered by pair without replacement (MatchIt:
vcovCL(cluster = ~subclass)), by pair and patient with replacement (two-way; Austin & Cafri 2020).
Ties (controls with identical covariates, hence identical logits) are broken as the engine breaks
them, by the row key: Spark's xxhash64 (XXH64, seed 42) of the id, implemented below from the
XXH64 specification.
Run from the repository root:
  /usr/bin/python3 jobs/src/test/resources/reference/lalonde_matching.py ../shared/fixtures/causal/lalonde.csv
Printed output is kept in lalonde_matching.out beside this file.
"""
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

M = (1 << 64) - 1
P1, P2, P3, P4, P5 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5


def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M


def xxhash64(data, seed=42):
    """XXH64 of bytes (inputs under 32 bytes, as the ids are), as a signed 64-bit integer like Spark's."""
    assert len(data) < 32
    h = (seed + P5 + len(data)) & M
    i = 0
    while i + 8 <= len(data):
        k = int.from_bytes(data[i:i + 8], "little")
        k = (rotl((k * P2) & M, 31) * P1) & M
        h = ((rotl(h ^ k, 27) * P1) + P4) & M
        i += 8
    if i + 4 <= len(data):
        h = ((rotl(h ^ ((int.from_bytes(data[i:i + 4], "little") * P1) & M), 23) * P2) + P3) & M
        i += 4
    while i < len(data):
        h = (rotl(h ^ ((data[i] * P5) & M), 11) * P1) & M
        i += 1
    h ^= h >> 33
    h = (h * P2) & M
    h ^= h >> 29
    h = (h * P3) & M
    h ^= h >> 32
    return h - (1 << 64) if h >= 1 << 63 else h


d = pd.read_csv(sys.argv[1])
key = np.array([xxhash64(str(v).encode("utf-8")) for v in d["id"]])
cov = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"]
X = sm.add_constant(d[cov].astype(float))
t = d["treat"].astype(float).to_numpy()
y = d["re78"].astype(float).to_numpy()
e = sm.GLM(t, X, family=sm.families.Binomial()).fit(tol=1e-12).predict(X).to_numpy()
lg = np.log(e / (1 - e))
caliper = 0.2 * np.std(lg, ddof=1)
treated = np.where(t == 1)[0]
controls = np.where(t == 0)[0]


def sequential():
    available = set(controls)
    pairs = []
    for i in sorted(treated, key=lambda i: (-lg[i], key[i])):
        if not available:
            break
        # Nearest on the logit; at equal distance the control below, then the lowest key.
        c = min(available, key=lambda c: (abs(lg[c] - lg[i]), lg[c] > lg[i], key[c]))
        if abs(lg[c] - lg[i]) <= caliper:
            pairs.append((i, c))
            available.remove(c)
    return pairs


def with_replacement():
    pairs = []
    for i in treated:
        # Nearest on the logit; at equal distance the lowest key. One treated patient (row 70) lies
        # midway between two controls: the distances differ by 1e-16, inside both programs' rounding,
        # and the engine's arithmetic finds the control above nearer, so distances are compared to
        # 1e-9 and the control above wins such a tie.
        c = min(controls, key=lambda c: (round(abs(lg[c] - lg[i]), 9), lg[c] < lg[i], key[c]))
        if abs(lg[c] - lg[i]) <= caliper:
            pairs.append((i, int(c)))
    return pairs


def fit(pairs, two_way):
    rows, subclass, unit = [], [], []
    for g, (i, c) in enumerate(pairs):
        rows += [i, c]
        subclass += [g, g]
        unit += [i, c]
    rows = np.array(rows)
    Z = sm.add_constant(t[rows])
    groups = np.column_stack([subclass, unit]) if two_way else np.array(subclass)
    r = sm.WLS(y[rows], Z, weights=np.ones(len(rows))).fit(cov_type="cluster", cov_kwds={"groups": groups})
    return r.params[1], r.bse[1], len(pairs)


for name, pairs, two_way in [("without", sequential(), False), ("with", with_replacement(), True)]:
    est, se, n = fit(pairs, two_way)
    print(f"matching_{name}_replacement_pairs {n}")
    print(f"matching_{name}_replacement_ATT {est:.10f}")
    print(f"matching_{name}_replacement_se {se:.10f}")
