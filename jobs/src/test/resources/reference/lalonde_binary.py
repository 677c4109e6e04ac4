"""Binary outcome (re78 > 5000) on MatchIt's lalonde: logistic g-computation and AIPW, the reference of LalondeTest.

Standardization with one logistic outcome model per arm (statsmodels GLM binomial, as R's
glm(family = binomial) per arm), ATE and ATT risks and their difference, with the SE from the stacked
estimating equations (both logistic models and the two means) by a numerical Jacobian, independent of
the engine's analytic derivation. AIPW (ATE) with a logistic propensity and the same outcome models,
empirical influence-function SE. Run from the repository root:
  /usr/bin/python3 jobs/src/test/resources/reference/lalonde_binary.py ../shared/fixtures/causal/lalonde.csv
Printed output is kept in lalonde_binary.out beside this file.
"""
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

d = pd.read_csv(sys.argv[1])
cov = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"]
X = sm.add_constant(d[cov].astype(float)).to_numpy()
t = d["treat"].astype(float).to_numpy()
y = (d["re78"] > 5000).astype(float).to_numpy()
n, p = X.shape
expit = lambda z: 1 / (1 + np.exp(-z))
b1 = sm.GLM(y[t == 1], X[t == 1], family=sm.families.Binomial()).fit(tol=1e-12).params
b0 = sm.GLM(y[t == 0], X[t == 0], family=sm.families.Binomial()).fit(tol=1e-12).params


def psi(theta, h):
    """Stacked estimating functions per row: logistic scores of both arms, then the two standardized means."""
    c1, c0, m1, m0 = theta[:p], theta[p:2 * p], theta[2 * p], theta[2 * p + 1]
    p1, p0 = expit(X @ c1), expit(X @ c0)
    s1 = (t * (y - p1))[:, None] * X
    s0 = ((1 - t) * (y - p0))[:, None] * X
    return np.column_stack([s1, s0, h * (p1 - m1), h * (p0 - m0)])


for name, h in (("ATE", np.ones(n)), ("ATT", t)):
    p1, p0 = expit(X @ b1), expit(X @ b0)
    mu1, mu0 = np.sum(h * p1) / h.sum(), np.sum(h * p0) / h.sum()
    theta = np.concatenate([b1, b0, [mu1, mu0]])
    k = len(theta)
    A = np.zeros((k, k))
    scale = np.concatenate([np.abs(X).mean(0), np.abs(X).mean(0), [1.0, 1.0]])
    for j in range(k):
        e = np.zeros(k)
        # A step that moves the linear predictor by about 1e-6 whatever the covariate's units.
        step = 1e-6 / scale[j]
        e[j] = step
        A[:, j] = (psi(theta + e, h).sum(0) - psi(theta - e, h).sum(0)) / (2 * step)
    P = psi(theta, h)
    Ainv = np.linalg.inv(A)
    V = Ainv @ (P.T @ P) @ Ainv.T
    grad = np.zeros(k)
    grad[-2], grad[-1] = 1, -1
    print(f"gcomp_{name}_rd {mu1 - mu0:.10f}")
    print(f"gcomp_{name}_rd_se {np.sqrt(grad @ V @ grad):.10f}")
    print(f"gcomp_{name}_risk1 {mu1:.10f}")
    print(f"gcomp_{name}_risk0 {mu0:.10f}")

e = sm.GLM(t, X, family=sm.families.Binomial()).fit(tol=1e-12).predict(X)
m1, m0 = expit(X @ b1), expit(X @ b0)
q1 = m1 + t * (y - m1) / e
q0 = m0 + (1 - t) * (y - m0) / (1 - e)
ate = np.mean(q1 - q0)
print(f"aipw_ATE_rd {ate:.10f}")
print(f"aipw_ATE_rd_se {np.sqrt(np.sum((q1 - q0 - ate) ** 2)) / n:.10f}")
print(f"max_fitted_risk {max(m1.max(), m0.max()):.10f}")
