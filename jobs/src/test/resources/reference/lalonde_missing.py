"""IPTW with missing outcomes on MatchIt's lalonde, the reference of LalondeTest.

re78 is set missing for every row whose id number is divisible by 3 (ids "NSW12", "PSID3", ...; a
third of the rows). Propensity: logistic on the eight covariates; observation model: logistic of
"re78 observed" on 1, treat and the covariates; Hajek IPTW means weighted by the estimand weight
times 1 / P(observed). SE from the stacked estimating equations of both logistic models and the two
means, by a numerical Jacobian (independent of the engine's analytic derivation); also the SE with
the observation weights held fixed (the propensity model still stacked), to show the difference.
Run from the repository root:
  /usr/bin/python3 jobs/src/test/resources/reference/lalonde_missing.py ../shared/fixtures/causal/lalonde.csv
Printed output is kept in lalonde_missing.out beside this file.
"""
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

d = pd.read_csv(sys.argv[1])
cov = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"]
X = sm.add_constant(d[cov].astype(float)).to_numpy()
t = d["treat"].astype(float).to_numpy()
r = (d["id"].str.extract(r"(\d+)")[0].astype(int) % 3 != 0).astype(float).to_numpy()
y = np.where(r > 0, d["re78"].astype(float).to_numpy(), 0.0)
Z = np.column_stack([np.ones(len(t)), t, X[:, 1:]])
n, p = X.shape
q = Z.shape[1]
expit = lambda v: 1 / (1 + np.exp(-v))
beta = sm.GLM(t, X, family=sm.families.Binomial()).fit(tol=1e-12).params
gamma = sm.GLM(r, Z, family=sm.families.Binomial()).fit(tol=1e-12).params


def weights(e, name):
    if name == "ATE":
        return t / e, (1 - t) / (1 - e)
    return t, (1 - t) * e / (1 - e)


def psi(theta, name, stack_obs=True, gamma_fixed=None):
    b, m1, m0 = theta[:p], theta[-2], theta[-1]
    e = expit(X @ b)
    pi = expit(Z @ (theta[p:p + q] if stack_obs else gamma_fixed))
    w1, w0 = weights(e, name)
    omega = r / pi
    cols = [(t - e)[:, None] * X]
    if stack_obs:
        cols.append((r - pi)[:, None] * Z)
    cols.append((omega * w1 * (y - m1))[:, None])
    cols.append((omega * w0 * (y - m0))[:, None])
    return np.column_stack(cols)


def sandwich(theta, name, stack_obs):
    k = len(theta)
    scale = np.concatenate([np.abs(X).mean(0), np.abs(Z).mean(0) if stack_obs else [], [1.0, 1.0]])
    A = np.zeros((k, k))
    for j in range(k):
        e = np.zeros(k)
        step = 1e-6 / scale[j] if j < k - 2 else 1e-3
        e[j] = step
        A[:, j] = (psi(theta + e, name, stack_obs, gamma).sum(0) - psi(theta - e, name, stack_obs, gamma).sum(0)) / (2 * step)
    P = psi(theta, name, stack_obs, gamma)
    Ainv = np.linalg.inv(A)
    V = Ainv @ (P.T @ P) @ Ainv.T
    return np.sqrt(V[-2, -2] + V[-1, -1] - 2 * V[-2, -1])


for name in ("ATE", "ATT"):
    e = expit(X @ beta)
    pi = expit(Z @ gamma)
    w1, w0 = weights(e, name)
    omega = r / pi
    m1 = np.sum(omega * w1 * y) / np.sum(omega * w1)
    m0 = np.sum(omega * w0 * y) / np.sum(omega * w0)
    full = np.concatenate([beta, gamma, [m1, m0]])
    fixed = np.concatenate([beta, [m1, m0]])
    print(f"iptw_{name} {m1 - m0:.10f}")
    print(f"iptw_{name}_se {sandwich(full, name, True):.10f}")
    print(f"iptw_{name}_se_obs_fixed {sandwich(fixed, name, False):.10f}")
