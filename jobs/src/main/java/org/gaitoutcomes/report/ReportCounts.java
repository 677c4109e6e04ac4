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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gaitoutcomes.report.privacy.SuppressedCounts;

/**
 * The one registry of every count that leaves the tool in {@code report/}: every patient count the
 * report prints or lets a reader derive, registered once with the additive relations between them
 * (attrition steps and arms, estimate and subgroup n within the final cohort, propensity bins,
 * numbers at risk, whole-number effective sample sizes, the integers inside diagnostics' free text,
 * the stage counts and the number of vendor scan files of the shared {@code run.json} copy) and
 * suppressed together, so that complementary suppression sees the whole report. Each count is
 * tagged with the population it counts (an arm, all patients, rows or files of a table); a stage
 * count equal to a registered count of its population is that count, and one that differs from such
 * a count by less than the threshold is tied to it by a derived difference cell, so no two shipped
 * counts of one population differ by a small number. Shares of patients (missing outcome, matched,
 * overlap, equipoise) that stand for a small count with their denominator are withheld. Ids are stable strings; a quantity printed in two places is one id (an estimate
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
  /**
   * Id to the population a count counts ("treated", "control", "all" patients, or rows/files of a
   * table): counts of one population at two points of the pipeline can be subtracted, so a small
   * difference between them is protected like a small cell (see {@link #near}).
   */
  private final Map<String, String> population = new LinkedHashMap<>();
  /** Number at risk ("series|arm|day") to its count id. */
  private final Map<String, String> atRisk = new LinkedHashMap<>();
  /** Stage count ("stage.key") of the run manifest to its count id. */
  private final Map<String, String> stageIds = new LinkedHashMap<>();
  /** Diagnostic (see {@link #diagnosticKey}) to the ids of the integers in its free text, in order. */
  private final Map<String, List<String>> proseIds = new LinkedHashMap<>();
  /** The patients analysed by compare in each arm (null when not known). */
  private Long analysedTreated;
  private Long analysedControl;
  private final ReportSettings settings;

  /** Registers every count of {@code in} and suppresses; inconsistencies found on the way go to {@code warnings}. */
  ReportCounts(ReportInputs in, ReportSettings s, List<String> warnings) {
    this.in = in;
    this.warnings = warnings;
    this.settings = s;
    this.counts = new SuppressedCounts(s.smallCountThreshold(), s.suppressZero());
    registerAttrition();
    registerEstimates();
    registerSubgroups();
    registerCurves();
    registerDiagnostics();
    registerManifest();
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
      String rem = add(id("attrition", k, "remaining"), lng(r, "n_remaining"), keep, ALL);
      String exc = add(id("attrition", k, "excluded"), lng(r, "n_excluded"), 0, ALL);
      String t = add(id("attrition", k, "treated"), lng(r, "n_treated"), keep, "treated");
      String c = add(id("attrition", k, "control"), lng(r, "n_control"), keep, "control");
      long withoutArm = lng(r, "n_remaining") - lng(r, "n_treated") - lng(r, "n_control");
      if (withoutArm == 0) {
        counts.relate(rem, List.of(t, c));
      } else if (withoutArm > 0) {
        // Patients not yet in an arm (e.g. no device at step 0) can be derived: protect them too.
        counts.relate(rem, List.of(t, c, add(id("attrition", k, "no_arm"), withoutArm, SuppressedCounts.DERIVED, ALL)));
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
          String etId = add(id("attrition", k, "excluded_treated"), et, SuppressedCounts.DERIVED, "treated");
          String ecId = add(id("attrition", k, "excluded_control"), ec, SuppressedCounts.DERIVED, "control");
          counts.relate(id("attrition", pk, "remaining"), List.of(rem, exc));
          counts.relate(id("attrition", pk, "treated"), List.of(t, etId));
          counts.relate(id("attrition", pk, "control"), List.of(c, ecId));
          long noArm = lng(r, "n_excluded") - et - ec;
          if (noArm > 0) {
            // Patients without an arm (e.g. no device) are excluded too: they are part of the sum.
            String enId = add(id("attrition", k, "excluded_no_arm"), noArm, SuppressedCounts.DERIVED, ALL);
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
      treatedTotal = add(id("attrition", last, "treated"), lng(prev, "n_treated"), 100, "treated");
      controlTotal = add(id("attrition", last, "control"), lng(prev, "n_control"), 100, "control");
      add(id("attrition", last, "remaining"), lng(prev, "n_remaining"), 100, ALL);
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
    String id = add(idIfNew, n, 5, arm);
    aliases.put(key, id);
    String total = total(arm);
    if (total != null && n < counts.raw(total)) {
      String missing = add(idIfNew + ".not_contributing", counts.raw(total) - n, SuppressedCounts.DERIVED, arm);
      counts.relate(total, List.of(id, missing));
    }
    return id;
  }

  private void registerEstimates() {
    for (Map<String, Object> r : in.rows("estimates")) {
      String outcome = str(r, "outcome");
      armCount("treated", lng(r, "n_treated"), "estimates." + outcome + ".treated." + lng(r, "n_treated"));
      armCount("control", lng(r, "n_control"), "estimates." + outcome + ".control." + lng(r, "n_control"));
      for (String arm : List.of("treated", "control")) {
        if (isWholeNumber(dbl(r, "ess_" + arm))) {
          // Unweighted rows: the effective sample size is the n.
          ess(r, arm);
        }
      }
    }
  }

  /** The count id of a whole-number effective sample size of an estimate (the n of unweighted rows). */
  String ess(Map<String, Object> r, String arm) {
    long n = Math.round(dbl(r, "ess_" + arm));
    return armCount(arm, n, "estimates." + str(r, "outcome") + "." + arm + "." + n);
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
          parts.add(add(subgroupId(r, arm), lng(r, "n_" + arm), 0, arm));
          sum += lng(r, "n_" + arm);
        }
        if (overall != null) {
          String total = estimate(overall, arm);
          long rest = counts.raw(total) - sum;
          if (rest > 0) {
            parts.add(add("subgroups." + g.getKey() + "." + arm + ".level_unknown", rest, SuppressedCounts.DERIVED, arm));
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
          parts.add(add(curveId(r), n, 0, arm));
          sum += n;
        }
      }
      String total = total(arm);
      if (total != null && sum <= counts.raw(total)) {
        // Bins suppressed upstream (count null) and patients outside the bins: together derivable as total - shown bins.
        if (sum < counts.raw(total)) {
          parts.add(add("curves.propensity." + g.getKey() + ".rest", counts.raw(total) - sum, SuppressedCounts.DERIVED, arm));
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
          Map<String, Object> p = in.atRisk(series, arm, day);
          if (p == null || lng(p, "n") == null) {
            previous = null;
            continue;
          }
          long n = lng(p, "n");
          String name = "curves.km_response." + series + "." + arm + ".day" + day;
          // The same number of one arm elsewhere (the arm total, an estimate's n) is the same cell; a subset of the arm is tied to it.
          String id = armCount(arm, n, name);
          atRisk.put(series + "|" + arm + "|" + day, id);
          if (previous != null && counts.raw(previous) > n) {
            String left = add(name + ".left", counts.raw(previous) - n, SuppressedCounts.DERIVED, arm);
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
        add(diagnosticId(d), Math.round(dbl(d, "value")), 0, ALL);
      }
      // An effective sample size that is a whole number is the n of unweighted rows: it is a count.
      String essArm = essArm(str(d, "check"));
      if (essArm != null && isWholeNumber(dbl(d, "value"))) {
        armCount(essArm, Math.round(dbl(d, "value")), diagnosticId(d));
      }
      registerProse(d);
    }
  }

  /** The arm whose effective sample size a check is, or null. */
  static String essArm(String check) {
    return "ess_treated".equals(check) ? "treated" : "ess_control".equals(check) ? "control" : null;
  }

  static boolean isWholeNumber(Double v) {
    return v != null && Double.isFinite(v) && Math.abs(v - Math.rint(v)) < 1e-6;
  }

  /**
   * Every integer in a diagnostic's free text (compare writes e.g. "(of 73)", "3 unmatched, 40
   * comparators used", "per column: {bmi=2}") is a count of patients: registered here, printed by
   * {@link #prose} with its suppressed text. Integers of the effective-sample-size and matching texts
   * count one arm; the per-column counts of left-out rows are parts of the rows left out.
   */
  private void registerProse(Map<String, Object> d) {
    String text = str(d, "meaning");
    if (text == null || PROSE_WITHOUT_COUNTS.contains(Objects.toString(str(d, "check"), ""))) {
      return;
    }
    List<String> ids = new ArrayList<>();
    Matcher m = PROSE_INTEGER.matcher(text);
    int k = 0;
    while (m.find()) {
      if (isCitationYear(text, m.start())) {
        continue;
      }
      long v = Long.parseLong(m.group());
      String id = diagnosticId(d) + ".text" + k++;
      String check = Objects.toString(str(d, "check"), "");
      String arm = essArm(check);
      if ("matched_treated".equals(check)) {
        arm = text.startsWith(" comparators", m.end()) ? "control" : "treated";
      }
      if (arm != null) {
        ids.add(armCount(arm, v, id));
      } else {
        ids.add(add(id, v, 0, ALL));
        String excluded = "excluded_rows".equals(check) ? diagnosticId(d) : null;
        if (excluded != null && counts.has(excluded) && v < counts.raw(excluded)) {
          // A column's share of the rows left out: the rest follows by subtraction.
          counts.relate(excluded, List.of(id, add(id + ".rest", counts.raw(excluded) - v, SuppressedCounts.DERIVED, ALL)));
        }
      }
    }
    proseIds.put(diagnosticKey(d), ids);
  }

  /**
   * Checks whose free text (as compare writes it) holds no count: their integers are scale points
   * ("near 1 = barely comparable"), not patients. The text of any other check, including checks this
   * list does not know, has every integer treated as a count.
   */
  static final Set<String> PROSE_WITHOUT_COUNTS = Set.of("propensity_auc", "equipoise", "overlap", "max_abs_smd", "variance_ratio_range",
      "missing_outcome", "e_value", "negative_control", "placebo_treatment");

  /** An integer in running text: not part of a decimal, a name (d84, nrs_3_4), a ratio (1/P) or a percentage. */
  static final Pattern PROSE_INTEGER = Pattern.compile("(?<![\\w.\\-/])\\d+(?![\\w%/]|\\.\\d)");
  private static final Pattern CITATION = Pattern.compile("[A-Z][A-Za-z'-]+(?: (?:&|and) [A-Z][A-Za-z'-]+| et al\\.?)? $");

  /** "Walker 2013", "VanderWeele & Ding 2017": a year in a citation is not a count. */
  static boolean isCitationYear(String text, int at) {
    return at >= 2 && text.length() >= at + 4 && text.substring(at).matches("(?s)\\d{4}\\b.*")
        && CITATION.matcher(text.substring(Math.max(0, at - 40), at)).find();
  }

  static String diagnosticKey(Map<String, Object> d) {
    return str(d, "check") + "|" + str(d, "adjustment") + "|" + str(d, "meaning");
  }

  /** A diagnostic's free text with every count in it replaced by what the registry prints for it. */
  String prose(Map<String, Object> d) {
    String text = str(d, "meaning");
    List<String> ids = proseIds.get(diagnosticKey(d));
    if (text == null || ids == null) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    Matcher m = PROSE_INTEGER.matcher(text);
    int k = 0;
    int last = 0;
    while (m.find()) {
      if (isCitationYear(text, m.start())) {
        continue;
      }
      out.append(text, last, m.start()).append(counts.text(ids.get(k++)));
      last = m.end();
    }
    return out.append(text.substring(last)).toString();
  }

  /**
   * Whether a diagnostic's value is a share of patients that, with its denominator (the patients
   * analysed, or the treated analysed for matching), gives a count below the threshold of patients
   * with or without the property (e.g. 98.7% of 150 in the common support: 2 patients outside it).
   */
  boolean smallShare(Map<String, Object> d) {
    String check = Objects.toString(str(d, "check"), "");
    Double v = dbl(d, "value");
    if (!SHARE_CHECKS.contains(check) || v == null || !Double.isFinite(v)) {
      return false;
    }
    double share = v > 1 ? v / 100 : v;
    Long n = "matched_treated".equals(check) ? analysed("treated") : analysedTotal();
    if (n == null) {
      // Without a denominator any share strictly between 0 and 1 could stand for a few patients.
      return share > 0 && share < 1;
    }
    long with = Math.round(share * n);
    return small(with) || small(n - with);
  }

  /** Diagnostics whose value is a share of patients. */
  static final Set<String> SHARE_CHECKS = Set.of("missing_outcome", "matched_treated", "equipoise", "overlap");

  private boolean small(long n) {
    return n < settings.smallCountThreshold() && (settings.suppressZero() || n > 0);
  }

  /** Patients compare analysed in an arm: from the run manifest's compare stage, else the final cohort. */
  private Long analysed(String arm) {
    Long a = arm.equals("treated") ? analysedTreated : analysedControl;
    if (a != null) {
      return a;
    }
    String total = total(arm);
    return total == null ? null : counts.raw(total);
  }

  private Long analysedTotal() {
    Long t = analysed("treated");
    Long c = analysed("control");
    if (t == null || c == null) {
      return null;
    }
    long excluded = analysedTreated == null ? in.rows("diagnostics").stream().filter(d -> "excluded_rows".equals(str(d, "check")) && dbl(d, "value") != null)
        .mapToLong(d -> Math.round(dbl(d, "value"))).findFirst().orElse(0L) : 0L;
    return Math.max(0, t + c - excluded);
  }

  // ---------------------------------------------------------------- run manifest

  /**
   * The counts of the run manifest that the report shares (stage counts, files per input table),
   * each by the population it counts. A stage count equal to a count of the same population already
   * registered is that count (hidden everywhere or nowhere); one that differs from such a count by
   * less than the threshold is tied to it by a derived difference cell ({@link #near}), so
   * "patients read by cohort minus patients with a device" cannot reveal a few patients.
   */
  private void registerManifest() {
    com.fasterxml.jackson.databind.JsonNode m = in.manifest();
    if (m == null) {
      return;
    }
    if (m.get("inputs") != null) {
      Map<String, Long> files = new LinkedHashMap<>();
      m.get("inputs").forEach(f -> files.merge(f.path("table").asText("?"), 1L, Long::sum));
      // Vendor scan exports are one file per patient and side: their number counts patients. Other
      // tables' files are one table or Spark part files (partitions), which count nothing.
      files.forEach((table, n) -> {
        if (table.equals("scans")) {
          stageCount("inputs", table + ".files", n, "files:" + table);
        }
      });
    }
    com.fasterxml.jackson.databind.JsonNode stages = m.get("stages");
    if (stages == null) {
      return;
    }
    for (com.fasterxml.jackson.databind.JsonNode st : stages) {
      String stage = st.path("stage").asText();
      if (stage.equals("compare")) {
        st.path("counts").fields().forEachRemaining(e -> {
          if (e.getKey().equals("treated") && e.getValue().isIntegralNumber()) {
            analysedTreated = e.getValue().asLong();
          } else if (e.getKey().equals("control") && e.getValue().isIntegralNumber()) {
            analysedControl = e.getValue().asLong();
          }
        });
      }
    }
    for (com.fasterxml.jackson.databind.JsonNode st : stages) {
      String stage = st.path("stage").asText();
      st.path("counts").fields().forEachRemaining(e -> {
        if (e.getValue().isIntegralNumber()) {
          stageCount(stage, e.getKey(), e.getValue().asLong(), stagePopulation(stage, e.getKey()));
        }
      });
    }
  }

  /**
   * What a stage count counts: patients of an arm or all patients (cohort, compare, features and the
   * patients table), rows of an input table, or scan files.
   */
  static String stagePopulation(String stage, String key) {
    if (stage.equals("import-scans")) {
      return key.startsWith("files_") ? "files:scans" : "rows:scans";
    }
    if (stage.equals("ingest")) {
      String table = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      return table.equals("patients") && !key.endsWith(".quarantined") ? ALL : "rows:" + key;
    }
    if (stage.equals("features") && key.equals("scan_sides")) {
      return "rows:scan_sides";
    }
    if (key.contains("treated")) {
      return "treated";
    }
    if (key.contains("control")) {
      return "control";
    }
    if (key.equals("estimates") || key.equals("figures") || key.equals("export_files")) {
      return "other:" + stage + "." + key;
    }
    return ALL;
  }

  private void stageCount(String stage, String key, long value, String pop) {
    String known = population.entrySet().stream().filter(e -> e.getValue().equals(pop) && counts.raw(e.getKey()) == value)
        .map(Map.Entry::getKey).findFirst().orElse(null);
    if (known != null) {
      stageIds.put(stage + "." + key, known);
      return;
    }
    String id = add("stages." + stage + "." + key, value, 1, pop);
    stageIds.put(stage + "." + key, id);
    near(id);
  }

  /**
   * Ties {@code id} to every other count of its population within the threshold of it: the
   * difference is a derived cell, so either it is at least the threshold or one of the two is hidden.
   */
  private void near(String id) {
    String pop = population.get(id);
    long v = counts.raw(id);
    for (Map.Entry<String, String> e : new ArrayList<>(population.entrySet())) {
      if (e.getKey().equals(id) || !e.getValue().equals(pop)) {
        continue;
      }
      long w = counts.raw(e.getKey());
      long d = Math.abs(v - w);
      if (d > 0 && d < settings.smallCountThreshold()) {
        String big = v > w ? id : e.getKey();
        String smallId = v > w ? e.getKey() : id;
        String diff = add("difference." + big + "-" + smallId, d, SuppressedCounts.DERIVED, pop);
        counts.relate(big, List.of(smallId, diff));
      }
    }
  }

  /** The id of a count of the run manifest ("stage.key", or "inputs.TABLE.files"). */
  String stageCountId(String stage, String key) {
    return stageIds.get(stage + "." + key);
  }

  private String add(String id, long value, int priority, String pop) {
    counts.add(id, value, priority);
    population.putIfAbsent(id, pop);
    return id;
  }

  private static final String ALL = "all";

  static String diagnosticId(Map<String, Object> d) {
    return "diagnostics." + str(d, "check") + "." + str(d, "adjustment");
  }

  /** The count id of the number at risk at {@code day}; null when there is no point or its count was suppressed upstream. */
  String atRiskId(String series, String arm, long day) {
    return atRisk.get(series + "|" + arm + "|" + day);
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
