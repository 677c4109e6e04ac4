"""Plain (not cross-fitted) AIPW on MatchIt's lalonde, the reference of LalondeTest.

Logistic propensity on the eight covariates (statsmodels GLM, binomial), one least-squares outcome
model per arm on the same covariates, AIPW ATE and ATT (Moodie et al. 2018 form) with the empirical
influence-function SE, exactly as the engine's aipw_linear with gait.study.aipw.cross-fit-linear = false.
Run from the repository root:
  /usr/bin/python3 jobs/src/test/resources/reference/lalonde_aipw.py ../shared/fixtures/causal/lalonde.csv
Printed output is kept in lalonde_aipw.out beside this file.
"""
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

d = pd.read_csv(sys.argv[1])
cov = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"]
X = sm.add_constant(d[cov].astype(float))
t = d["treat"].astype(float).to_numpy()
y = d["re78"].astype(float).to_numpy()
e = sm.GLM(t, X, family=sm.families.Binomial()).fit(tol=1e-12).predict(X)
m1 = sm.OLS(y[t == 1], X[t == 1]).fit().predict(X)
m0 = sm.OLS(y[t == 0], X[t == 0]).fit().predict(X)
n = len(y)
q1 = m1 + t * (y - m1) / e
q0 = m0 + (1 - t) * (y - m0) / (1 - e)
ate = np.mean(q1 - q0)
se_ate = np.sqrt(np.sum((q1 - q0 - ate) ** 2)) / n
n1 = t.sum()
a1 = t * (m1 + (y - m1))
a0 = t * m0 + (1 - t) * e / (1 - e) * (y - m0)
mu1 = a1.sum() / n1
mu0 = a0.sum() / n1
phi = ((a1 - t * mu1) - (a0 - t * mu0)) / n1
att = mu1 - mu0
se_att = np.sqrt(np.sum(phi ** 2))
print(f"aipw_ATE {ate:.10f}")
print(f"aipw_ATE_se {se_ate:.10f}")
print(f"aipw_ATT {att:.10f}")
print(f"aipw_ATT_se {se_att:.10f}")
