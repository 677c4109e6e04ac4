#!/usr/bin/env python3
"""Single-machine reference for the compare stage (the benchmark's peer).

Reads an analysis table exported to CSV (a file or a folder of part files), fits a main-effects
logistic propensity score by maximum likelihood (statsmodels GLM Binomial, as R glm does), and prints
one JSON object with IPTW ATE (normalised weights), IPTW ATT (controls weighted ps/(1-ps)), AIPW ATE
with linear outcome models per arm, covariate SMDs before and after ATE weighting, and timings.

    /usr/bin/python3 bench/peer/compare_peer.py --csv DIR_OR_FILE --treatment treated \
        --outcome nrs_change_d84 --covariates age_years,female,bmi,site

Debian packages: python3-pandas python3-statsmodels. Rows with a missing treatment, outcome or
covariate are dropped (complete cases), the same rule the benchmark applies before our compare stage.
"""
import argparse
import glob
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm


def read_table(path):
    files = sorted(glob.glob(os.path.join(path, "*.csv"))) if os.path.isdir(path) else [path]
    if not files:
        raise SystemExit(f"compare_peer: no CSV files in {path}")
    return pd.concat((pd.read_csv(f) for f in files), ignore_index=True)


def design(df, covariates):
    x = df[covariates]
    categorical = [c for c in covariates if x[c].dtype == object]
    x = pd.get_dummies(x, columns=categorical, drop_first=True, dtype=float)
    return sm.add_constant(x.astype(float), has_constant="add")


def smd(x, t, w=None):
    w = np.ones(len(t)) if w is None else w
    out = {}
    for c in x.columns:
        if c == "const":
            continue
        v = x[c].to_numpy()
        m1 = np.average(v[t == 1], weights=w[t == 1])
        m0 = np.average(v[t == 0], weights=w[t == 0])
        s1 = v[t == 1].var(ddof=1)
        s0 = v[t == 0].var(ddof=1)
        denom = np.sqrt((s1 + s0) / 2)
        out[c] = float((m1 - m0) / denom) if denom > 0 else 0.0
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--csv", required=True)
    p.add_argument("--treatment", required=True)
    p.add_argument("--outcome", required=True)
    p.add_argument("--covariates", required=True, help="comma-separated")
    a = p.parse_args(argv)
    covariates = a.covariates.split(",")

    t0 = time.perf_counter()
    df = read_table(a.csv)
    read_seconds = time.perf_counter() - t0

    t1 = time.perf_counter()
    df = df.dropna(subset=[a.treatment, a.outcome] + covariates)
    x = design(df, covariates)
    t = df[a.treatment].to_numpy().astype(int)
    y = df[a.outcome].to_numpy().astype(float)

    ps = sm.GLM(t, x, family=sm.families.Binomial()).fit().fittedvalues.to_numpy()
    w1 = t / ps
    w0 = (1 - t) / (1 - ps)
    iptw_ate = np.sum(w1 * y) / np.sum(w1) - np.sum(w0 * y) / np.sum(w0)
    wc = ps / (1 - ps) * (1 - t)
    iptw_att = y[t == 1].mean() - np.sum(wc * y) / np.sum(wc)

    m1 = sm.OLS(y[t == 1], x[t == 1]).fit().predict(x)
    m0 = sm.OLS(y[t == 0], x[t == 0]).fit().predict(x)
    m1 = np.asarray(m1)
    m0 = np.asarray(m0)
    aipw = np.mean(m1 - m0 + t * (y - m1) / ps - (1 - t) * (y - m0) / (1 - ps))

    ate_w = np.where(t == 1, w1, w0)
    result = {
        "n": int(len(df)),
        "n_treated": int(t.sum()),
        "estimates": {"iptw_ATE": float(iptw_ate), "iptw_ATT": float(iptw_att), "aipw_ATE": float(aipw)},
        "smd_before": smd(x, t),
        "smd_after_ate": smd(x, t, ate_w),
        "read_seconds": read_seconds,
        "fit_seconds": time.perf_counter() - t1,
    }
    result["total_seconds"] = time.perf_counter() - t0
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
