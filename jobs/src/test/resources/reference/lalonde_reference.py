"""Reference table on MatchIt's lalonde (re78, eight covariates): every method x estimand of the
engine but the random-forest AIPW, estimate and standard error, for LalondeReferenceTest.

Independent implementation: statsmodels GLM (binomial) for the propensity model and OLS per arm for
the outcome models; a generic stacked M-estimation sandwich with a numerical Jacobian
(A^-1 B A^-T / n) for IPTW (propensity model stacked) and g-computation (outcome models stacked; the
ATO target weights e(1-e) held fixed, as the engine documents); the empirical influence function for
plain AIPW (lalonde_aipw.py); Welch for the crude difference; matching with replacement (1:1,
caliper 0.2 SD of the logit) with the two-way cluster-robust SE of lalonde_matching.py.
Run from the repository root:
  /usr/bin/python3 jobs/src/test/resources/reference/lalonde_reference.py ../shared/fixtures/causal/lalonde.csv \
      > jobs/src/test/resources/reference/lalonde_reference.csv
"""
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

d = pd.read_csv(sys.argv[1])
cov = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"]
X = sm.add_constant(d[cov].astype(float)).to_numpy()
t = d["treat"].astype(float).to_numpy()
y = d["re78"].astype(float).to_numpy()
n, p = X.shape
beta = sm.GLM(t, X, family=sm.families.Binomial()).fit(tol=1e-12).params
e = 1 / (1 + np.exp(-X @ beta))
rows = []


def expit(z):
    return 1 / (1 + np.exp(-z))


def sandwich(psi, theta):
    k = len(theta)
    a = np.zeros((k, k))
    for j in range(k):
        # Relative steps: the earnings coefficients are ~1e-5 while the covariates reach 35,000.
        h = 1e-5 * max(abs(theta[j]), 1e-10)
        up = theta.copy(); up[j] += h
        dn = theta.copy(); dn[j] -= h
        a[:, j] = -(psi(up).mean(0) - psi(dn).mean(0)) / (2 * h)
    s = psi(theta)
    ai = np.linalg.inv(a)
    return ai @ (s.T @ s / n) @ ai.T / n


def weights(ee, est):
    if est == "ATE":
        return t / ee + (1 - t) / (1 - ee)
    if est == "ATT":
        return t + (1 - t) * ee / (1 - ee)
    return t * (1 - ee) + (1 - t) * ee


def diff_se(v, i):
    return float(np.sqrt(v[i, i] + v[i + 1, i + 1] - 2 * v[i, i + 1]))


# Crude difference: Welch.
n1 = t.sum()
rows.append(("unadjusted", "crude", y[t == 1].mean() - y[t == 0].mean(),
             float(np.sqrt(y[t == 1].var(ddof=1) / n1 + y[t == 0].var(ddof=1) / (n - n1)))))

for est in ["ATE", "ATT", "ATO"]:
    w = weights(e, est)
    mu1 = np.sum(w * t * y) / np.sum(w * t)
    mu0 = np.sum(w * (1 - t) * y) / np.sum(w * (1 - t))

    def psi(theta, est=est):
        b, m1, m0 = theta[:p], theta[p], theta[p + 1]
        ee = expit(X @ b)
        ww = weights(ee, est)
        return np.column_stack([X * (t - ee)[:, None], ww * t * (y - m1), ww * (1 - t) * (y - m0)])

    v = sandwich(psi, np.concatenate([beta, [mu1, mu0]]))
    rows.append(("iptw", est, mu1 - mu0, diff_se(v, p)))

b1 = sm.OLS(y[t == 1], X[t == 1]).fit().params
b0 = sm.OLS(y[t == 0], X[t == 0]).fit().params
for est in ["ATE", "ATT", "ATO"]:
    h = {"ATE": np.ones(n), "ATT": t, "ATO": e * (1 - e)}[est]
    mu1 = np.sum(h * (X @ b1)) / h.sum()
    mu0 = np.sum(h * (X @ b0)) / h.sum()

    def psi(theta, h=h):
        c1, c0, m1, m0 = theta[:p], theta[p:2 * p], theta[2 * p], theta[2 * p + 1]
        return np.column_stack([X * (t * (y - X @ c1))[:, None], X * ((1 - t) * (y - X @ c0))[:, None],
                                h * (X @ c1 - m1), h * (X @ c0 - m0)])

    v = sandwich(psi, np.concatenate([b1, b0, [mu1, mu0]]))
    rows.append(("g_computation", est, mu1 - mu0, diff_se(v, 2 * p)))

here = os.path.dirname(os.path.abspath(__file__))
for script, prefix, method in [("lalonde_aipw.py", "aipw_", "aipw_linear"), ("lalonde_matching.py", "matching_with_replacement_", "matching")]:
    out = dict(line.split() for line in subprocess.run([sys.executable, os.path.join(here, script), sys.argv[1]],
                                                      capture_output=True, text=True, check=True).stdout.splitlines())
    if method == "aipw_linear":
        for est in ["ATE", "ATT"]:
            rows.append((method, est, float(out[f"aipw_{est}"]), float(out[f"aipw_{est}_se"])))
    else:
        rows.append((method, "ATT", float(out[prefix + "ATT"]), float(out[prefix + "se"])))

print("method,estimand,estimate,std_error")
for m, est, x, se in rows:
    print(f"{m},{est},{x:.10f},{se:.10f}")
