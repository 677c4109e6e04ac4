#!/usr/bin/python3
"""Reference numbers for CompareReferenceTest (run once: /usr/bin/python3 compare_reference.py).

Writes compare_reference.csv (a small deterministic confounded data set) and prints the reference
numbers kept as literals in the test. Independent implementation: statsmodels GLM/OLS/WLS for the
models, and a generic stacked M-estimation sandwich with a numerical Jacobian (A^-1 B A^-T / n) for
the propensity-aware standard errors, so no formula is shared with the Java code.
Peers: python3-statsmodels, python3-pandas (Debian).
"""
import os
import numpy as np
import pandas as pd
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)
n = 500
x1 = rng.normal(size=n)
x2 = rng.normal(size=n)
x3 = (rng.uniform(size=n) < 0.4).astype(float)
ps_true = 1 / (1 + np.exp(-(-0.3 + 0.8 * x1 - 0.5 * x2 + 0.6 * x3)))
t = (rng.uniform(size=n) < ps_true).astype(float)
y = 1 + 2 * t + 1.5 * x1 + x2 - x3 + t * x1 + rng.normal(size=n)
yb = (rng.uniform(size=n) < 1 / (1 + np.exp(-(-0.5 + 0.7 * t + 0.5 * x1)))).astype(float)
fold = np.arange(n) % 5
df = pd.DataFrame({"id": [f"P{i:04d}" for i in range(n)], "t": t.astype(int), "x1": np.round(x1, 6), "x2": np.round(x2, 6),
                   "x3": x3.astype(int), "y": np.round(y, 6), "yb": yb.astype(int), "fold": fold})
df.to_csv(os.path.join(here, "compare_reference.csv"), index=False)
# Use exactly the rounded values written to the CSV.
df = pd.read_csv(os.path.join(here, "compare_reference.csv"))
t = df.t.values.astype(float)
X = np.column_stack([np.ones(n), df.x1, df.x2, df.x3])
y = df.y.values
yb = df.yb.values.astype(float)
p = X.shape[1]


def show(name, v):
    print(f"{name} = {v!r}")


# 1. Propensity model: GLM binomial (= R glm).
glm = sm.GLM(t, X, family=sm.families.Binomial()).fit(tol=1e-12)
show("ps_coef", list(glm.params))
show("ps_se", list(glm.bse))
beta = glm.params


def expit(z):
    return 1 / (1 + np.exp(-z))


def weights(e, est):
    if est == "ATE":
        return t / e + (1 - t) / (1 - e)
    if est == "ATT":
        return t + (1 - t) * e / (1 - e)
    return t * (1 - e) + (1 - t) * e


def sandwich(psi, theta):
    """Stacked M-estimation: psi(theta) -> n x k matrix of estimating functions."""
    k = len(theta)
    a = np.zeros((k, k))
    for j in range(k):
        h = 1e-6 * max(1.0, abs(theta[j]))
        up = theta.copy(); up[j] += h
        dn = theta.copy(); dn[j] -= h
        a[:, j] = -(psi(up).mean(0) - psi(dn).mean(0)) / (2 * h)
    s = psi(theta)
    b = s.T @ s / n
    ai = np.linalg.inv(a)
    return ai @ b @ ai.T / n


# 2. IPTW (Hajek) with propensity estimation accounted for.
def iptw(outcome, est):
    e = expit(X @ beta)
    w = weights(e, est)
    mu1 = np.sum(w * t * outcome) / np.sum(w * t)
    mu0 = np.sum(w * (1 - t) * outcome) / np.sum(w * (1 - t))

    def psi(theta):
        b, m1, m0 = theta[:p], theta[p], theta[p + 1]
        ee = expit(X @ b)
        ww = weights(ee, est)
        return np.column_stack([X * (t - ee)[:, None], ww * t * (outcome - m1), ww * (1 - t) * (outcome - m0)])

    v = sandwich(psi, np.concatenate([beta, [mu1, mu0]]))
    return mu1, mu0, v[p:, p:]


for est in ["ATE", "ATT", "ATO"]:
    mu1, mu0, v = iptw(y, est)
    show(f"iptw_{est}", mu1 - mu0)
    show(f"iptw_{est}_se", float(np.sqrt(v[0, 0] + v[1, 1] - 2 * v[0, 1])))

# Binary outcome, IPTW ATE: risk difference and log risk ratio.
mu1, mu0, v = iptw(yb, "ATE")
show("iptw_binary_rd", mu1 - mu0)
show("iptw_binary_rd_se", float(np.sqrt(v[0, 0] + v[1, 1] - 2 * v[0, 1])))
show("iptw_binary_rr", mu1 / mu0)
g = np.array([1 / mu1, -1 / mu0])
show("iptw_binary_log_rr_se", float(np.sqrt(g @ v @ g)))

# 3. Weights held fixed: WLS of y on (1, t) with ATT weights, HC0 (the matching-style SE).
e_hat = expit(X @ beta)
wls = sm.WLS(y, np.column_stack([np.ones(n), t]), weights=weights(e_hat, "ATT")).fit(cov_type="HC0")
show("wls_att_fixed", wls.params[1])
show("wls_att_fixed_se", wls.bse[1])

# 4. g-computation: OLS per arm (= full interactions), averaged over the target population.
def gcomp(est):
    b1 = sm.OLS(y[t == 1], X[t == 1]).fit().params
    b0 = sm.OLS(y[t == 0], X[t == 0]).fit().params
    h = np.ones(n) if est == "ATE" else t
    mu1 = np.sum(h * (X @ b1)) / h.sum()
    mu0 = np.sum(h * (X @ b0)) / h.sum()

    def psi(theta):
        c1, c0, m1, m0 = theta[:p], theta[p:2 * p], theta[2 * p], theta[2 * p + 1]
        return np.column_stack([X * (t * (y - X @ c1))[:, None], X * ((1 - t) * (y - X @ c0))[:, None],
                                h * (X @ c1 - m1), h * (X @ c0 - m0)])

    v = sandwich(psi, np.concatenate([b1, b0, [mu1, mu0]]))
    return mu1 - mu0, float(np.sqrt(v[2 * p, 2 * p] + v[2 * p + 1, 2 * p + 1] - 2 * v[2 * p, 2 * p + 1]))


for est in ["ATE", "ATT"]:
    d, se = gcomp(est)
    show(f"gcomp_{est}", d)
    show(f"gcomp_{est}_se", se)

# 5. AIPW with the CSV's folds: arm OLS fitted on the other folds, propensity from the full-sample GLM.
m1 = np.zeros(n)
m0 = np.zeros(n)
for k in range(5):
    tr = fold != k
    b1 = sm.OLS(y[tr & (t == 1)], X[tr & (t == 1)]).fit().params
    b0 = sm.OLS(y[tr & (t == 0)], X[tr & (t == 0)]).fit().params
    m1[~tr] = X[~tr] @ b1
    m0[~tr] = X[~tr] @ b0
phi = m1 - m0 + t * (y - m1) / e_hat - (1 - t) * (y - m0) / (1 - e_hat)
show("aipw_ATE", phi.mean())
show("aipw_ATE_se", float(phi.std(ddof=0) / np.sqrt(n)))
n1 = t.sum()
r = e_hat / (1 - e_hat)
att = np.sum(t * (y - m0) - (1 - t) * r * (y - m0)) / n1
phi_att = (t * (y - m0) - (1 - t) * r * (y - m0) - t * att) / n1
show("aipw_ATT", att)
show("aipw_ATT_se", float(np.sqrt(np.sum(phi_att ** 2))))

# 6. Unadjusted: Welch.
show("unadjusted", y[t == 1].mean() - y[t == 0].mean())
show("unadjusted_se", float(np.sqrt(y[t == 1].var(ddof=1) / n1 + y[t == 0].var(ddof=1) / (n - n1))))

# 8. IPTW ATE with truncation at fixed bounds that bind: treated propensities clamped to [0.2, 0.8],
# comparators' to [0.3, 0.7]. The clamped weights enter the same stacked sandwich (numerical Jacobian):
# a clamped patient's weight does not move with the coefficients.
lo = np.where(t == 1, 0.2, 0.3)
hi = np.where(t == 1, 0.8, 0.7)


def iptw_truncated(outcome):
    e = np.clip(expit(X @ beta), lo, hi)
    w = weights(e, "ATE")
    mu1 = np.sum(w * t * outcome) / np.sum(w * t)
    mu0 = np.sum(w * (1 - t) * outcome) / np.sum(w * (1 - t))

    def psi(theta):
        b, m1, m0 = theta[:p], theta[p], theta[p + 1]
        ee = expit(X @ b)
        ww = weights(np.clip(ee, lo, hi), "ATE")
        return np.column_stack([X * (t - ee)[:, None], ww * t * (outcome - m1), ww * (1 - t) * (outcome - m0)])

    v = sandwich(psi, np.concatenate([beta, [mu1, mu0]]))
    return mu1 - mu0, float(np.sqrt(v[p, p] + v[p + 1, p + 1] - 2 * v[p, p + 1]))


e_all = expit(X @ beta)
show("truncated_clamped", int(np.sum((e_all < lo) | (e_all > hi))))
d, se = iptw_truncated(y)
show("iptw_ATE_truncated", d)
show("iptw_ATE_truncated_se", se)
