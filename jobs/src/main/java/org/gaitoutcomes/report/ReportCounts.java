package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.dbl;
import static org.gaitoutcomes.report.Format.lng;
import static org.gaitoutcomes.report.Format.str;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.gaitoutcomes.report.privacy.SuppressedCounts;

/**
 * Every patient count the report prints or lets a reader derive, registered once with the additive
 * relations between them (attrition steps and arms, estimate and subgroup n within the final cohort,
 * propensity bins, numbers at risk) and suppressed together, so that complementary suppression sees
 * the whole report. Ids are stable strings; a quantity printed in two places is one id (an estimate
 * whose n equals the final arm count shares the arm count's id). Complementary cells are chosen by
 * priority: never-printed derived counts first, then exclusions, estimate n, earlier attrition steps;
 * the final cohort by arm last.
 */
final class ReportCounts {
  /** Diagnostics whose value is a number of patients (small-cell rules apply). */
  static final Set<String> COUNT_CHECKS = Set.of("excluded_rows");

  private final ReportInputs in;
  private final SuppressedCounts counts;
  private final List<String> warnings;
  /**
   * "arm|n" -> count id: the same number of patients of one arm printed in several places (e.g. the
   * n of several outcomes, or an outcome's n equal to the final cohort) is one cell, so it is hidden
   * everywhere or nowhere.
   */
  private final Map<String, String> aliases = new LinkedHashMap<>();
  private String treatedTotal;
  private String controlTotal;

  /** Registers every count of {@code in} and suppresses; inconsistencies found on the way go to {@code warnings}. */
  ReportCounts(ReportInputs in, ReportSettings s, List<String> warnings) {
    this.in = in;
    this.warnings = warnings;
    this.counts = new SuppressedCounts(s.smallCountThreshold(), s.suppressZero());
    registerAttrition();
    registerEstimates();
    registerSubgroups();
    registerCurves();
    registerDiagnostics();
    counts.suppress();
  }

  SuppressedCounts counts() {
    return counts;
  }

  /** Id of the final treated count (null without an attrition table). */
  String treatedTotal() {
    return treatedTotal;
  }

  String controlTotal() {
    return controlTotal;
  }

  String total(String arm) {
    return arm.equals("treated") ? treatedTotal : controlTotal;
  }

  private void registerAttrition() {
    List<Map<String, Object>> rows = in.attritionRows();
    Map<String, Object> prev = null;
    for (Map<String, Object> r : rows) {
      long k = lng(r, "step");
      // Later steps matter more to the reader; the final cohort by arm most (see finalCohort below).
      int keep = 10 + (int) k;
      String rem = counts.add(id("attrition", k, "remaining"), lng(r, "n_remaining"), keep);
      String exc = counts.add(id("attrition", k, "excluded"), lng(r, "n_excluded"));
      String t = counts.add(id("attrition", k, "treated"), lng(r, "n_treated"), keep);
      String c = counts.add(id("attrition", k, "control"), lng(r, "n_control"), keep);
      long withoutArm = lng(r, "n_remaining") - lng(r, "n_treated") - lng(r, "n_control");
      if (withoutArm == 0) {
        counts.relate(rem, List.of(t, c));
      } else if (withoutArm > 0) {
        // Patients not yet in an arm (e.g. no device at step 0) can be derived: protect them too.
        counts.relate(rem, List.of(t, c, counts.add(id("attrition", k, "no_arm"), withoutArm, SuppressedCounts.DERIVED)));
      } else {
        warnings.add("Attrition step " + k + ": treated + comparator does not equal the patients remaining.");
      }
      if (prev != null) {
        long pk = lng(prev, "step");
        long et = lng(prev, "n_treated") - lng(r, "n_treated");
        long ec = lng(prev, "n_control") - lng(r, "n_control");
        if (lng(prev, "n_remaining") - lng(r, "n_remaining") == lng(r, "n_excluded") && et >= 0 && ec >= 0
            && et + ec <= lng(r, "n_excluded")) {
          // Patients a rule excluded from each arm are not printed but can be derived: protect them too.
          String etId = counts.add(id("attrition", k, "excluded_treated"), et, SuppressedCounts.DERIVED);
          String ecId = counts.add(id("attrition", k, "excluded_control"), ec, SuppressedCounts.DERIVED);
          counts.relate(id("attrition", pk, "remaining"), List.of(rem, exc));
          counts.relate(id("attrition", pk, "treated"), List.of(t, etId));
          counts.relate(id("attrition", pk, "control"), List.of(c, ecId));
          long noArm = lng(r, "n_excluded") - et - ec;
          if (noArm > 0) {
            // Patients without an arm (e.g. no device) are excluded too: they are part of the sum.
            String enId = counts.add(id("attrition", k, "excluded_no_arm"), noArm, SuppressedCounts.DERIVED);
            counts.relate(exc, List.of(etId, ecId, enId));
          } else {
            counts.relate(exc, List.of(etId, ecId));
          }
        } else {
          warnings.add("Attrition step " + k + ": the patients excluded do not reconcile with the previous step.");
        }
      }
      prev = r;
    }
    if (prev != null) {
      long last = lng(prev, "step");
      treatedTotal = counts.add(id("attrition", last, "treated"), lng(prev, "n_treated"), 100);
      controlTotal = counts.add(id("attrition", last, "control"), lng(prev, "n_control"), 100);
      counts.add(id("attrition", last, "remaining"), lng(prev, "n_remaining"), 100);
      aliases.put("treated|" + lng(prev, "n_treated"), treatedTotal);
      aliases.put("control|" + lng(prev, "n_control"), controlTotal);
    }
  }

  /** Registers a count of one arm (under {@code idIfNew} unless the same count exists), tied to the arm total when it is a subset of it. */
  String armCount(String arm, long n, String idIfNew) {
    String key = arm + "|" + n;
    String known = aliases.get(key);
    if (known != null) {
      return known;
    }
    String id = counts.add(idIfNew, n, 5);
    aliases.put(key, id);
    String total = total(arm);
    if (total != null && n < counts.raw(total)) {
      String missing = counts.add(idIfNew + ".not_contributing", counts.raw(total) - n, SuppressedCounts.DERIVED);
      counts.relate(total, List.of(id, missing));
    }
    return id;
  }

  private void registerEstimates() {
    for (Map<String, Object> r : in.rows("estimates")) {
      String outcome = str(r, "outcome");
      armCount("treated", lng(r, "n_treated"), "estimates." + outcome + ".treated." + lng(r, "n_treated"));
      armCount("control", lng(r, "n_control"), "estimates." + outcome + ".control." + lng(r, "n_control"));
    }
  }

  /** The count id of one arm's n of an estimate. */
  String estimate(Map<String, Object> r, String arm) {
    String outcome = str(r, "outcome");
    long n = lng(r, "n_" + arm);
    return armCount(arm, n, "estimates." + outcome + "." + arm + "." + n);
  }

  private void registerSubgroups() {
    Map<String, List<Map<String, Object>>> groups = in.rows("subgroups").stream().collect(Collectors.groupingBy(
        r -> str(r, "subgroup") + "|" + str(r, "outcome") + "|" + str(r, "estimand") + "|" + str(r, "method"), LinkedHashMap::new, Collectors.toList()));
    for (Map.Entry<String, List<Map<String, Object>>> g : groups.entrySet()) {
      Map<String, Object> first = g.getValue().get(0);
      Map<String, Object> overall = in.rows("estimates").stream()
          .filter(e -> Objects.equals(e.get("outcome"), first.get("outcome")) && Objects.equals(e.get("estimand"), first.get("estimand"))
              && Objects.equals(e.get("method"), first.get("method")))
          .findFirst().orElse(null);
      for (String arm : List.of("treated", "control")) {
        List<String> parts = new ArrayList<>();
        long sum = 0;
        for (Map<String, Object> r : g.getValue()) {
          parts.add(counts.add(subgroupId(r, arm), lng(r, "n_" + arm)));
          sum += lng(r, "n_" + arm);
        }
        if (overall != null) {
          String total = estimate(overall, arm);
          long rest = counts.raw(total) - sum;
          if (rest > 0) {
            parts.add(counts.add("subgroups." + g.getKey() + "." + arm + ".level_unknown", rest, SuppressedCounts.DERIVED));
          }
          if (rest >= 0) {
            counts.relate(total, parts);
          }
        }
      }
    }
  }

  static String subgroupId(Map<String, Object> r, String arm) {
    return "subgroups." + str(r, "subgroup") + "=" + str(r, "level") + "|" + str(r, "outcome") + "|" + str(r, "estimand") + "|" + str(r, "method") + "." + arm;
  }

  private void registerCurves() {
    Map<String, List<Map<String, Object>>> propensity = in.curveGroups("propensity");
    for (Map.Entry<String, List<Map<String, Object>>> g : propensity.entrySet()) {
      String arm = g.getKey().substring(g.getKey().indexOf('|') + 1);
      List<String> parts = new ArrayList<>();
      long sum = 0;
      for (Map<String, Object> r : g.getValue()) {
        Long n = binCount(r);
        if (n != null) {
          parts.add(counts.add(curveId(r), n));
          sum += n;
        }
      }
      String total = total(arm);
      if (total != null && sum <= counts.raw(total)) {
        // Bins suppressed upstream (count null) and patients outside the bins: together derivable as total - shown bins.
        if (sum < counts.raw(total)) {
          parts.add(counts.add("curves.propensity." + g.getKey() + ".rest", counts.raw(total) - sum, SuppressedCounts.DERIVED));
        }
        counts.relate(total, parts);
      }
    }
    for (Map<String, Object> r : in.rows("curves")) {
      if ("trajectory".equals(str(r, "figure")) && lng(r, "n") != null) {
        armCount(str(r, "arm"), lng(r, "n"), curveId(r));
      }
    }
    // Numbers at risk for the Kaplan-Meier tables: at the follow-up days, chained (earlier = later + left).
    for (String series : in.kmSeries()) {
      for (String arm : List.of("treated", "control")) {
        String previous = null;
        for (long day : in.atRiskDays()) {
          String id = atRiskId(series, arm, day);
          if (id == null) {
            previous = null;
            continue;
          }
          long n = lng(in.atRisk(series, arm, day), "n");
          if (!id.equals(treatedTotal) && !id.equals(controlTotal)) {
            counts.add(id, n);
          }
          if (previous != null && counts.raw(previous) >= n) {
            String left = counts.add(id + ".left", counts.raw(previous) - n, SuppressedCounts.DERIVED);
            counts.relate(previous, List.of(id, left));
          }
          previous = id;
        }
      }
    }
  }

  private void registerDiagnostics() {
    for (Map<String, Object> d : in.rows("diagnostics")) {
      if (COUNT_CHECKS.contains(str(d, "check")) && dbl(d, "value") != null) {
        counts.add(diagnosticId(d), Math.round(dbl(d, "value")));
      }
    }
  }

  static String diagnosticId(Map<String, Object> d) {
    return "diagnostics." + str(d, "check") + "." + str(d, "adjustment");
  }

  /** The count id of the number at risk at {@code day}; null when there is no point or its count was suppressed upstream. */
  String atRiskId(String series, String arm, long day) {
    Map<String, Object> p = in.atRisk(series, arm, day);
    if (p == null || lng(p, "n") == null) {
      return null;
    }
    String total = total(arm);
    if (day == 0 && total != null && counts.raw(total) == lng(p, "n")) {
      return total;
    }
    return "curves.km_response." + series + "." + arm + ".day" + day;
  }

  /** Patients in a propensity bin; null when the count was already suppressed upstream. */
  static Long binCount(Map<String, Object> r) {
    Long n = lng(r, "n");
    if (n != null) {
      return n;
    }
    Double y = dbl(r, "y");
    return y == null ? null : Math.round(y);
  }

  static String curveId(Map<String, Object> r) {
    return "curves." + str(r, "figure") + "." + str(r, "series") + "." + str(r, "arm") + "." + dbl(r, "x");
  }

  static String id(String table, long step, String column) {
    return table + "." + step + "." + column;
  }
}
