#!/usr/bin/env python3
"""Writes the synthetic result folders used by the report tests (deterministic; no randomness).

  /usr/bin/python3 jobs/src/test/resources/report/make_fixtures.py

study/results/ (+ study/run.json one level up): a realistic study (about 2,400 patients; effect sizes from DOMAIN.md priors: custom vs
OTC about -0.6 NRS points at 12 weeks, shrinking by 6-12 months) with every table and a run.json,
including a few small cells (an attrition rule excluding 7 patients, a tiny FPI subgroup level, a
rare site) so the golden report shows suppression. tiny/results/ (no run.json): a 27-patient cohort where
most counts are small, for the small-cell test. Numbers are made up; they are not results.
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(folder, name, rows):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name + ".json"), "w") as f:
        json.dump(rows, f, indent=2)
        f.write("\n")


def attrition(steps):
    rows, prev = [], None
    for i, (rule, desc, t, c) in enumerate(steps):
        n = t + c
        rows.append({"step": i, "rule": rule, "description": desc, "n_remaining": n,
                     "n_excluded": 0 if prev is None else prev - n, "n_treated": t, "n_control": c})
        prev = n
    return rows


def est(outcome, kind, estimand, method, scale, e, se, nt, nc, primary=False, ess=None, note=None, se_method="sandwich"):
    lo, hi = e - 1.959964 * se, e + 1.959964 * se
    z = abs(e / se)
    p = math.erfc(z / math.sqrt(2))
    row = {"outcome": outcome, "outcome_kind": kind, "primary": primary, "estimand": estimand, "method": method,
           "scale": scale, "estimate": round(e, 4), "std_error": round(se, 4), "ci_low": round(lo, 4),
           "ci_high": round(hi, 4), "p_value": round(p, 5), "se_method": se_method,
           "bootstrap_se": round(se * 1.03, 4), "n_treated": nt, "n_control": nc}
    if ess:
        row["ess_treated"], row["ess_control"] = ess
    if note:
        row["note"] = note
    return row


def full():
    out = os.path.join(HERE, "study", "results")
    steps = [
        ("all_devices", "Every patient with a first custom or OTC device", 1310, 1810),
        ("adult", "Age 18 or over at device start", 1296, 1782),
        ("baseline_pain", "Baseline NRS pain of at least 3", 1121, 1502),
        ("no_prior_device", "No orthotic device in the prior year", 1049, 1386),
        ("foot_exam", "Foot exam within the baseline window", 1045, 1383),
    ]
    att = attrition(steps)
    write(out, "attrition", att)
    nt_all, nc_all = 1045, 1383
    covs = [  # covariate, mean T, mean C, sd T, sd C, smd after iptw/overlap/matching
        ("age_years", 47.9, 44.6, 13.1, 13.8, (0.021, 0.0, 0.034)),
        ("female", 0.61, 0.55, math.sqrt(0.61 * 0.39), math.sqrt(0.55 * 0.45), (0.012, 0.0, -0.018)),
        ("bmi", 28.4, 27.6, 5.2, 5.0, (-0.015, 0.0, 0.022)),
        ("standing_hours_per_day", 5.1, 4.4, 2.4, 2.3, (0.044, 0.0, 0.061)),
        ("nrs_baseline", 5.6, 5.3, 1.8, 1.9, (0.018, 0.0, 0.027)),
        ("odi_baseline", 24.1, 21.9, 11.4, 11.0, (0.009, 0.0, -0.012)),
        ("rmdq_baseline", 9.2, 8.6, 4.8, 4.7, (0.031, 0.0, 0.040)),
        ("fpi_total_worse", 4.1, 2.9, 3.1, 3.0, (0.052, 0.0, 0.071)),
        ("pronated", 0.27, 0.17, math.sqrt(0.27 * 0.73), math.sqrt(0.17 * 0.83), (0.038, 0.0, 0.049)),
        ("lld_abs_mm", 6.4, 5.1, 4.3, 4.0, (0.027, 0.0, 0.106)),
        ("navicular_drop_worse_mm", 8.9, 8.1, 3.2, 3.1, (-0.011, 0.0, 0.019)),
        ("site=C", 0.006, 0.041, math.sqrt(0.006 * 0.994), math.sqrt(0.041 * 0.959), (-0.024, 0.0, -0.031)),
    ]
    bal = []
    for name, mt, mc, st, sc, after in covs:
        pooled = math.sqrt((st ** 2 + sc ** 2) / 2)
        smd = (mt - mc) / pooled
        bal.append({"covariate": name, "adjustment": "unadjusted", "mean_treated": mt, "mean_control": mc, "sd_treated": round(st, 4),
                    "sd_control": round(sc, 4), "smd": round(smd, 4), "variance_ratio": round(st ** 2 / sc ** 2, 4), "pass": abs(smd) < 0.1})
        for adj, d in zip(("iptw_ATE", "overlap_ATO", "matching_ATT"), after):
            m_c = round(mt - d * pooled, 4)
            bal.append({"covariate": name, "adjustment": adj, "mean_treated": mt, "mean_control": m_c, "sd_treated": round(st, 4),
                        "sd_control": round(sc, 4), "smd": d, "variance_ratio": round(st ** 2 / sc ** 2, 4), "pass": abs(d) < 0.1})
    write(out, "balance", bal)

    nt, nc = 968, 1271  # assessed at day 84 (about 8% missing)
    e = []
    ess_ate = (802.4, 1158.9)
    for method, val, se, estimand, n, ess, sem in [
        ("unadjusted", -0.81, 0.205, "ATE", (nt, nc), None, "model"),
        ("g_computation", -0.64, 0.198, "ATE", (nt, nc), None, "bootstrap"),
        ("iptw", -0.59, 0.221, "ATE", (nt, nc), ess_ate, "sandwich"),
        ("aipw_linear", -0.62, 0.210, "ATE", (nt, nc), ess_ate, "sandwich"),
        ("aipw_flexible", -0.57, 0.226, "ATE", (nt, nc), ess_ate, "sandwich"),
        ("iptw", -0.60, 0.203, "ATO", (nt, nc), (871.0, 1102.3), "sandwich"),
        ("matching", -0.66, 0.241, "ATT", (nt, 902), (968.0, 744.6), "bootstrap"),
    ]:
        e.append(est("nrs_change_d84", "continuous", estimand, method, "mean_difference", val, se, n[0], n[1],
                     primary=(method == "aipw_linear" and estimand == "ATE"), ess=ess, se_method=sem))
    for day, val, se, n in [(14, -0.31, 0.17, (1012, 1330)), (42, -0.74, 0.19, (990, 1301)), (182, -0.35, 0.23, (921, 1204)), (364, -0.12, 0.26, (866, 1131))]:
        e.append(est("nrs_change_d%d" % day, "continuous", "ATE", "aipw_linear", "mean_difference", val, se, n[0], n[1], ess=ess_ate))
    e.append(est("odi_change_d84", "continuous", "ATE", "aipw_linear", "mean_difference", -2.4, 0.92, nt, nc, ess=ess_ate))
    e.append(est("rmdq_change_d84", "continuous", "ATE", "aipw_linear", "mean_difference", -0.9, 0.41, nt, nc, ess=ess_ate))
    e.append(est("responder_d84", "binary", "ATE", "aipw_linear", "risk_difference", 0.061, 0.021, nt, nc, ess=ess_ate))
    e.append(est("responder_d84", "binary", "ATE", "aipw_linear", "risk_ratio", 1.15, 0.052, nt, nc, ess=ess_ate))
    nnt = est("responder_d84", "binary", "ATE", "aipw_linear", "nnt", 16.4, 5.6, nt, nc, ess=ess_ate,
              note="NNT interval from the risk-difference interval; unbounded when it includes 0", se_method="bootstrap")
    nnt["ci_low"], nnt["ci_high"] = 9.3, 66.7
    e.append(nnt)
    e.append(est("responder_d84", "binary", "ATE", "unadjusted", "risk_difference", 0.079, 0.020, nt, nc, se_method="model"))
    e.append(est("time_to_response", "time_to_event", "ATE", "iptw", "median_time_difference", -7.0, 4.1, nt_all, nc_all, ess=(870.2, 1240.8), se_method="bootstrap"))
    write(out, "estimates", e)

    diag = [
        ("max_abs_smd", "unadjusted", 0.412, "< 0.1", False, "Before adjustment the arms differ on at least one covariate; adjustment is needed."),
        ("max_abs_smd", "iptw_ATE", 0.052, "< 0.1", True, "After weighting every measured covariate is balanced."),
        ("max_abs_smd", "overlap_ATO", 0.0, "< 0.1", True, "Overlap weights balance the covariate means exactly by construction."),
        ("max_abs_smd", "matching_ATT", 0.106, "< 0.1", False, "After matching one covariate (lld_abs_mm) is still imbalanced; matching estimates may be biased."),
        ("variance_ratio_range", "iptw_ATE", 1.21, "0.5 to 2", True, "Spreads of the covariates are similar in both arms after weighting."),
        ("ess_treated", "iptw_ATE", 802.4, ">= 0.5 n", True, "Weights keep most of the treated information."),
        ("ess_control", "iptw_ATE", 1158.9, ">= 0.5 n", True, "Weights keep most of the comparator information."),
        ("propensity_auc", "design", 0.68, None, None, "Device choice is moderately predictable from baseline data: neither random nor deterministic."),
        ("overlap", "design", 0.97, ">= 0.90", True, "Almost every patient has a propensity score inside the range of the other arm."),
        ("equipoise", "design", 0.58, ">= 0.20", True, "Most patients could plausibly have received either device, so the arms are comparable."),
        ("separation", "design", 0.0, "= 0", True, "No covariate nearly determines the device."),
        ("negative_control", "iptw_ATE:dental_visits", 0.11, "95% CI covers 0", True, "No difference on an outcome the device cannot affect (dental visits): no sign of residual confounding."),
        ("placebo_treatment", "iptw_ATE:nrs_change_d84", 0.04, "95% CI covers 0", True, "A randomly assigned fake treatment shows no effect: the pipeline does not manufacture effects."),
        ("excluded_rows", "design", 4.0, "informational", None, "Rows left out because the treatment or a covariate is missing; estimates apply to the rest."),
        ("missing_outcome", "nrs_change_d84", 0.074, "informational", None, "7.4% of nrs_change_d84 values are missing; observed patients are weighted by 1/P(observed)."),
        ("e_value", "design", 1.86, None, None, "An unmeasured factor would need a risk ratio of 1.86 with both device and outcome to explain the primary result away."),
    ]
    write(out, "diagnostics", [diagnostic(c, a, v, t, p, m) for c, a, v, t, p, m in diag])

    sub = []
    for sg, levels in [("pronated", [("yes", -1.21, 0.41, 259, 214), ("no", -0.43, 0.24, 709, 1057)]),
                       ("lld_6mm", [("yes", -0.88, 0.31, 452, 498), ("no", -0.44, 0.27, 516, 773)]),
                       ("nrs_band", [("3-5", -0.41, 0.29, 468, 655), ("6-7", -0.69, 0.33, 351, 447), ("8-10", -0.95, 0.52, 149, 169)]),
                       ("fpi_category", [("highly supinated", -0.2, 1.9, 6, 9), ("supinated", -0.3, 0.61, 97, 141),
                                         ("neutral", -0.47, 0.27, 611, 907), ("pronated", -1.02, 0.46, 221, 192), ("highly pronated", -1.4, 0.9, 33, 22)])]:
        ip = {"pronated": 0.083, "lld_6mm": 0.29, "nrs_band": 0.61, "fpi_category": 0.21}[sg]
        for level, val, se, a, b in levels:
            sub.append({"subgroup": sg, "level": level, "outcome": "nrs_change_d84", "estimand": "ATE", "method": "aipw_linear",
                        "estimate": val, "std_error": se, "ci_low": round(val - 1.959964 * se, 4), "ci_high": round(val + 1.959964 * se, 4),
                        "n_treated": a, "n_control": b, "interaction_p_value": ip})
    write(out, "subgroups", sub)

    feats = [("fpi_total_worse", 0.24, -0.31), ("lld_abs_mm", 0.17, -0.22), ("nrs_baseline", 0.14, -0.18), ("navicular_drop_worse_mm", 0.12, -0.12),
             ("standing_hours_per_day", 0.10, -0.09), ("bmi", 0.09, 0.05), ("age_years", 0.08, 0.04), ("cadence_spm", 0.06, None)]
    write(out, "effect_modifiers", [dict({"feature": f, "importance": i, "rank": r + 1}, **({} if d is None else {"direction": d}))
                                    for r, (f, i, d) in enumerate(feats)])

    curves = []
    traj = {"nrs": (5.45, [(0, 0.0, 0.0), (14, -0.9, -0.6), (42, -1.9, -1.15), (84, -2.3, -1.7), (182, -2.4, -2.05), (364, -2.5, -2.4)], 0.12),
            "odi": (23.0, [(0, 0, 0), (14, -2.1, -1.4), (42, -4.9, -3.1), (84, -6.2, -3.8), (182, -6.6, -5.4), (364, -6.9, -6.3)], 0.7),
            "rmdq": (8.9, [(0, 0, 0), (14, -0.8, -0.5), (42, -1.9, -1.2), (84, -2.4, -1.5), (182, -2.5, -2.1), (364, -2.6, -2.4)], 0.3)}
    assessed = {0: (1045, 1383), 14: (1012, 1330), 42: (990, 1301), 84: (968, 1271), 182: (921, 1204), 364: (866, 1131)}
    for m, (base, pts, half) in traj.items():
        for day, dt, dc in pts:
            for arm, d in (("treated", dt), ("control", dc)):
                y = round(base + d, 3)
                n = assessed[day][0 if arm == "treated" else 1]
                w = half * (1.6 if day >= 182 else 1.0)
                curves.append({"figure": "trajectory", "series": m, "arm": arm, "x": float(day), "y": y, "y_low": round(y - w, 3), "y_high": round(y + w, 3), "n": n})
    for arm, rate, n0 in (("treated", 0.0115, 1045), ("control", 0.0085, 1383)):
        for day in range(0, 365, 7):
            s = math.exp(-rate * day) * 0.55 + 0.45 * math.exp(-0.001 * day)
            at_risk = int(round(n0 * s * math.exp(-0.0009 * day)))
            half = 1.96 * math.sqrt(max(s * (1 - s), 1e-6) / max(at_risk, 1))
            curves.append({"figure": "km_response", "series": "response", "arm": arm, "x": float(day), "y": round(s, 4),
                           "y_low": round(max(0, s - half), 4), "y_high": round(min(1, s + half), 4), "n": at_risk})
    for arm, mu, total in (("treated", 0.52, 1045), ("control", 0.36, 1383)):
        mids = [round(0.025 + 0.05 * i, 3) for i in range(20)]
        dens = [math.exp(-((m - mu) ** 2) / (2 * 0.13 ** 2)) for m in mids]
        raw = [total * d / sum(dens) for d in dens]
        cnt = [int(math.floor(r)) for r in raw]
        cnt[mids.index(min(mids, key=lambda m: abs(m - mu)))] += total - sum(cnt)
        for m, c in zip(mids, cnt):
            # Like the compare stage: bins with 1 to 10 patients are already suppressed (count and height null).
            small = 0 < c < 11
            curves.append({"figure": "propensity", "series": "unadjusted", "arm": arm, "x": m, "y": None if small else float(c), "n": None if small else c})
    write(out, "curves", curves)

    manifest = {
        "tool": "gait-outcomes", "version": "0.1.0-SNAPSHOT", "command": "run",
        "options": {"input": "/data/clinic-export/2026/in", "output": "/data/studies/orthotics/out", "spec": "study.conf"},
        "started_at": "2026-11-24T09:12:03.114Z", "commit": "92cec9f0a1b2",
        "java": {"version": "17.0.15", "vendor": "Debian"},
        "spark": {"version": "3.5.9", "master": "local[2]", "default_parallelism": 2},
        "config": {"gait": {"study": {"primary_outcome": "nrs_change_d84", "estimands": ["ATE", "ATT", "ATO"], "followup_days": [14, 42, 84, 182, 364]},
                            "report": {"small_count_threshold": 11}}},
        "seeds": {"bootstrap": 20261124, "crossfit": 7},
        "inputs": [{"table": t, "file": f, "bytes": b, "checksum": "sha256:" + h * 16}
                   for t, f, b, h in [("patients", "patients.csv", 182344, "a1b2"), ("foot_exams", "foot_exams.csv", 512001, "c3d4"),
                                      ("gait_scans", "part-00000.parquet", 9123456, "e5f6"), ("treatments", "treatments.csv", 96000, "0a1b"),
                                      ("outcomes", "outcomes.csv", 1203334, "2c3d")]],
        "stages": [{"stage": "ingest", "seconds": 12.4, "counts": {"accepted": 21877, "quarantined": 7}},
                   {"stage": "compare", "seconds": 48.9, "counts": {"estimates": len(e)}}],
        "finished_at": "2026-11-24T09:14:55.901Z",
    }
    with open(os.path.join(HERE, "study", "run.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def tiny():
    out = os.path.join(HERE, "tiny", "results")
    att = attrition([("all_devices", "Every patient with a first device", 14, 13),
                     ("adult", "Age 18 or over", 13, 13),
                     ("baseline_pain", "Baseline NRS pain of at least 3", 12, 9)])
    write(out, "attrition", att)
    write(out, "estimates", [
        est("nrs_change_d84", "continuous", "ATE", "aipw_linear", "mean_difference", -1.1, 0.9, 11, 8, primary=True),
        est("nrs_change_d84", "continuous", "ATE", "unadjusted", "mean_difference", -1.3, 0.95, 11, 8, se_method="model"),
    ])
    write(out, "subgroups", [
        {"subgroup": "pronated", "level": "yes", "outcome": "nrs_change_d84", "estimand": "ATE", "method": "aipw_linear",
         "estimate": -2.0, "std_error": 1.5, "ci_low": -4.94, "ci_high": 0.94, "n_treated": 4, "n_control": 2, "interaction_p_value": 0.4},
        {"subgroup": "pronated", "level": "no", "outcome": "nrs_change_d84", "estimand": "ATE", "method": "aipw_linear",
         "estimate": -0.8, "std_error": 1.0, "ci_low": -2.76, "ci_high": 1.16, "n_treated": 7, "n_control": 6, "interaction_p_value": 0.4},
    ])



def diagnostic(check, adjustment, value, threshold, passed, meaning):
    """A diagnostics row with the structured fields compare writes beside the adjustment's display name."""
    method = estimand = outcome = None
    base, _, column = adjustment.partition(":")
    if base == "unadjusted":
        method = "unadjusted"
    elif base == "overlap_ATO":
        method, estimand = "iptw", "ATO"
    elif base.endswith(("_ATE", "_ATT", "_ATO")):
        method, estimand = base[:-4], base[-3:]
    elif check == "missing_outcome":
        outcome = adjustment
    return {"check": check, "adjustment": adjustment, "method": method, "estimand": estimand, "outcome": column or outcome,
            "covariate": None, "value": value, "threshold": threshold, "pass": passed, "meaning": meaning}

if __name__ == "__main__":
    full()
    tiny()
