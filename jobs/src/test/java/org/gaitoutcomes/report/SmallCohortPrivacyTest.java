package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.ingest.SourceTable;
import org.gaitoutcomes.pipeline.OutputLayout;
import org.gaitoutcomes.pipeline.Pipeline;
import org.gaitoutcomes.provenance.RunManifest;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.simulate.SimulateStage;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when test of the shareable report (issue 16, item 8): a simulated study of fewer than 200
 * patients (with vendor scan files, so scan file names exist in the input) goes through the whole
 * pipeline in-process, and an auditor then reads every text file under {@code report/} (HTML, CSV,
 * JSON, SVG) and checks every number in it against the registry of the true counts of the run
 * (read from the internal outputs: {@code results/}, the internal {@code run.json} and
 * {@code ingest-summary.json}): no shipped number may equal a true count below the threshold in a
 * place where it counts patients, and no two shipped numbers that are true counts may differ by a
 * true count below the threshold (the differencing attack: totals minus other cells across tables).
 *
 * <p>The study spec is reduced (methods unadjusted, IPTW and linear AIPW; the ATE only; 20 bootstrap
 * replicates; no conditional-effect model) only to keep the run short on a shared machine; the
 * report sees the same kinds of tables. The auditor's notion of "a count" and of "two counts an
 * attacker subtracts" is restated here independently of the report's registry (populations: an arm,
 * all patients, rows or files of a table; nested: flow counts, an estimate's n and its subgroups,
 * numbers at risk along one curve, both arms of one quantity within a total of all patients).
 *
 * <p>Development: {@code -Dgait.privacy.keep=DIR} copies the run output to {@code DIR/out};
 * {@code -Dgait.privacy.reuse=DIR} then re-renders only the report from it (no Spark), for quick
 * iterations on report code. Neither is set in the normal test run.
 */
class SmallCohortPrivacyTest {
  private static final int THRESHOLD = 11;
  private static final int PATIENTS = 150;

  @TempDir
  static Path dir;

  private static Path out;
  private static Path report;

  @BeforeAll
  static void runThePipelineOnASmallCohort() throws IOException {
    out = dir.resolve("out");
    report = out.resolve("report");
    String reuse = System.getProperty("gait.privacy.reuse");
    if (reuse != null) {
      // Development only: re-render the report from a kept pipeline output (see gait.privacy.keep).
      copyTree(Path.of(reuse).resolve("out"), out);
      ObjectNode run = (ObjectNode) JSON.readTree(out.resolve("run.json").toFile());
      ArrayNode stages = run.putArray("stages");
      JSON.readTree(out.resolve("run.json").toFile()).get("stages").forEach(st -> {
        if (!st.path("stage").asText().equals("report")) {
          stages.add(st);
        }
      });
      Path manifest = dir.resolve("run-before-report.json");
      Files.writeString(manifest, run.toPrettyString());
      deleteTree(report);
      ReportStage.run(null, Settings.defaults(), out.resolve("results").toUri().toString(), manifest.toUri().toString(),
          report.resolve("report.html").toUri().toString());
    } else {
      runPipeline();
    }
    String keep = System.getProperty("gait.privacy.keep");
    if (keep != null) {
      copyTree(out, Path.of(keep).resolve("out"));
    }
    registerTrueCounts();
  }

  private static void runPipeline() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Config config = ConfigFactory.parseMap(Map.of(
        "gait.simulate.seed", 16,
        "gait.simulate.vendor-share", 0.05,
        "gait.study.methods", List.of("unadjusted", "iptw", "aipw_linear"),
        "gait.study.estimands", List.of("ATE"),
        "gait.study.bootstrap.replicates", 20,
        "gait.study.conditional-effects", false))
        .withFallback(Settings.defaults()).resolve();
    Path input = dir.resolve("in");
    SimulateStage.run(spark, config, PATIENTS, input.toUri().toString());
    Files.createDirectories(out);
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunManifest manifest = new RunManifest("run", Map.of("input", "in", "spec", "privacy-test.conf")).spark(spark).config(Settings.toJson(config));
    for (String table : Schemas.INGEST_TABLES) {
      SourceTable.locate(hadoop, input.toUri().toString(), Schemas.get(table)).ifPresent(s -> manifest.input(hadoop, table, s.uri()));
    }
    if (Files.exists(input.resolve("scans"))) {
      manifest.input(hadoop, "scans", input.resolve("scans").toUri().toString());
    }
    Pipeline.run(spark, config, input.toUri().toString(), new OutputLayout(out.toUri().toString()), manifest);
    manifest.write(hadoop, out.toUri().toString());
  }

  // ---------------------------------------------------------------- the registry of true counts

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A true count of the run: its exact value and the population it counts (treated, control, all, rows or files of a table). */
  record TrueCount(long value, String population) {}

  /** The registry of true counts: every integer the internal outputs hold about patients, rows or files, by where it is. */
  private static final Map<String, TrueCount> TRUE = new TreeMap<>();

  private static void registerTrueCounts() throws IOException {
    JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
    for (JsonNode st : run.get("stages")) {
      String stage = st.path("stage").asText();
      if (stage.equals("report")) {
        continue; // written after the report
      }
      st.path("counts").fields().forEachRemaining(e -> {
        if (e.getValue().isIntegralNumber() && !e.getKey().equals("estimates")) {
          TRUE.put("stage." + stage + "." + e.getKey(), new TrueCount(e.getValue().asLong(), stagePopulation(stage, e.getKey())));
        }
      });
    }
    Map<String, Long> files = new TreeMap<>();
    run.get("inputs").forEach(f -> files.merge(f.path("table").asText(), 1L, Long::sum));
    // Vendor exports: one file per patient and side (other tables' files are partitions, which count nothing).
    files.forEach((t, n) -> {
      if (t.equals("scans")) {
        TRUE.put("inputs." + t + ".files", new TrueCount(n, "files:" + t));
      }
    });
    for (JsonNode t : JSON.readTree(out.resolve("ingest-summary.json").toFile()).path("tables")) {
      String table = t.path("table").asText();
      for (String k : List.of("rows_read", "rows_accepted", "rows_quarantined")) {
        TRUE.put("ingest-summary." + table + "." + k, new TrueCount(t.path(k).asLong(),
            table.equals("patients") && !k.equals("rows_quarantined") ? "all" : "rows:" + table + "." + k));
      }
    }
    Path results = out.resolve("results");
    for (JsonNode r : JSON.readTree(results.resolve("attrition.json").toFile())) {
      String at = "attrition.step" + r.path("step").asText();
      TRUE.put(at + ".remaining", new TrueCount(r.path("n_remaining").asLong(), "all"));
      TRUE.put(at + ".excluded", new TrueCount(r.path("n_excluded").asLong(), "all"));
      TRUE.put(at + ".treated", new TrueCount(r.path("n_treated").asLong(), "treated"));
      TRUE.put(at + ".control", new TrueCount(r.path("n_control").asLong(), "control"));
    }
    for (JsonNode r : JSON.readTree(results.resolve("estimates.json").toFile())) {
      String at = "estimates." + r.path("outcome").asText() + "." + r.path("method").asText() + "." + r.path("scale").asText();
      for (String arm : List.of("treated", "control")) {
        TRUE.put(at + ".n_" + arm, new TrueCount(r.path("n_" + arm).asLong(), arm));
        double ess = r.path("ess_" + arm).asDouble(Double.NaN);
        if (Math.abs(ess - Math.rint(ess)) < 1e-6) {
          TRUE.put(at + ".ess_" + arm, new TrueCount(Math.round(ess), arm));
        }
      }
    }
    for (JsonNode r : JSON.readTree(results.resolve("subgroups.json").toFile())) {
      String at = "subgroups." + r.path("outcome").asText() + "." + r.path("subgroup").asText() + "=" + r.path("level").asText();
      TRUE.put(at + ".n_treated", new TrueCount(r.path("n_treated").asLong(), "treated"));
      TRUE.put(at + ".n_control", new TrueCount(r.path("n_control").asLong(), "control"));
    }
    // Numbers at risk count at day 0 and the follow-up days (the first event time on or after each), as a reader of the
    // published curves can tell them; propensity bins and the patients assessed on each day of a trajectory.
    java.util.TreeSet<Long> days = new java.util.TreeSet<>(List.of(0L));
    JsonNode curves = JSON.readTree(results.resolve("curves.json").toFile());
    JSON.readTree(results.resolve("estimates.json").toFile()).forEach(r -> {
      Matcher day = Pattern.compile("_d(\\d+)$").matcher(r.path("outcome").asText());
      if (day.find()) {
        days.add(Long.parseLong(day.group(1)));
      }
    });
    curves.forEach(r -> {
      if (r.path("figure").asText().equals("trajectory")) {
        days.add(Math.round(r.path("x").asDouble()));
      }
    });
    Map<String, JsonNode> atRisk = new TreeMap<>();
    for (JsonNode r : curves) {
      String group = "curves." + r.path("figure").asText() + "." + r.path("series").asText() + "." + r.path("arm").asText();
      if (!r.path("n").isNumber()) {
        continue;
      }
      if (r.path("figure").asText().equals("km_response")) {
        for (long day : days) {
          String key = group + ".day" + day;
          JsonNode best = atRisk.get(key);
          if (r.path("x").asDouble() >= day && (best == null || r.path("x").asDouble() < best.path("x").asDouble())) {
            atRisk.put(key, r);
          }
        }
      } else {
        TRUE.put(group + ".x" + r.path("x").asText() + ".n", new TrueCount(r.path("n").asLong(), r.path("arm").asText()));
      }
    }
    atRisk.forEach((k, r) -> TRUE.put(k + ".n", new TrueCount(r.path("n").asLong(), r.path("arm").asText())));
    for (JsonNode d : JSON.readTree(results.resolve("diagnostics.json").toFile())) {
      String check = d.path("check").asText();
      if (check.equals("excluded_rows")) {
        TRUE.put("diagnostics.excluded_rows", new TrueCount(d.path("value").asLong(), "all"));
      }
      // Counts inside the free text (e.g. "(of 73)", "3 unmatched", "per column: {bmi=2}"); the texts of the checks
      // whose integers are points of a scale ("near 1 = barely comparable") hold none.
      if (ReportCounts.PROSE_WITHOUT_COUNTS.contains(check)) {
        continue;
      }
      Matcher m = ReportCounts.PROSE_INTEGER.matcher(d.path("meaning").asText());
      int j = 0;
      while (m.find()) {
        if (!ReportCounts.isCitationYear(d.path("meaning").asText(), m.start())) {
          String pop = check.equals("ess_treated") ? "treated" : check.equals("ess_control") ? "control" : "all";
          TRUE.put("diagnostics." + check + "." + d.path("adjustment").asText() + ".text" + j++, new TrueCount(Long.parseLong(m.group()), pop));
        }
      }
    }
  }

  /** What a stage count counts (an independent restatement of the report's rule, for the attacker). */
  private static String stagePopulation(String stage, String key) {
    if (stage.equals("import-scans")) {
      return key.startsWith("files_") ? "files:scans" : "rows:scans";
    }
    if (stage.equals("ingest")) {
      return key.equals("patients.accepted") ? "all" : "rows:" + key;
    }
    if (key.equals("scan_sides")) {
      return "rows:scan_sides";
    }
    return key.contains("treated") ? "treated" : key.contains("control") ? "control" : "all";
  }

  /** Counts of the flow of patients through the pipeline: any two of one population are nested, so they can be subtracted. */
  private static boolean flow(String key) {
    return key.startsWith("attrition.") || key.startsWith("stage.") || key.startsWith("inputs.") || key.startsWith("ingest-summary.")
        || key.equals("diagnostics.excluded_rows");
  }

  /**
   * Two true counts an attacker would subtract: counts of one population where one is nested in the
   * other (flow counts, anything within a flow total, an estimate's n and its subgroups, numbers at
   * risk along one curve); not e.g. the n of two different outcomes or two levels of one subgroup.
   */
  private static boolean related(String a, String b) {
    if (!TRUE.get(a).population().equals(TRUE.get(b).population())) {
      return false;
    }
    if (flow(a) || flow(b)) {
      return true;
    }
    if (a.startsWith("curves.km_response.") && b.startsWith("curves.km_response.")) {
      return a.substring(0, a.indexOf(".day")).equals(b.substring(0, b.indexOf(".day")));
    }
    boolean aSub = a.startsWith("subgroups.");
    boolean bSub = b.startsWith("subgroups.");
    return aSub != bSub && (a.startsWith("estimates.") || b.startsWith("estimates."));
  }

  // ---------------------------------------------------------------- the auditor

  /** An integer standing alone: not part of a decimal, a name (d84, sha256:...), a ratio or a percentage. */
  private static final Pattern INTEGER = Pattern.compile("(?<![\\w.:#/-])\\d+(?![\\w%/]|\\.\\d)");
  /** Export columns that hold counts of patients (or numbers at risk, or effective sample sizes of unweighted rows). */
  private static final Pattern COUNT_COLUMN = Pattern.compile("n_.*|ess_.*|excluded|remaining|custom_orthotics|otc_insoles|patients|patients_assessed|day_\\d+|files|value");
  /** Words just before (or after) a number in running text that make it a count. */
  private static final Pattern COUNT_BEFORE = Pattern.compile("(?i)(patients?|excluded|\\bn|\\bof|\\(|/|accepted|quarantined|treated|control|eligible|rows_read|rows_excluded|"
      + "files_\\w+|scan_rows|with_exam|with_scan|scan_sides|estimates|custom orthotics|otc insoles|\\{\\w+=|, \\w+=)\\s*:?\\s*$");
  private static final Pattern COUNT_AFTER = Pattern.compile("(?i)^\\s*(patients?|files?|unmatched|comparators|treated|rows)\\b");

  /** One count in a shipped file, with what precedes it (for the message). */
  record Shipped(Path file, long value, String context) {}

  private static List<Path> shippedTextFiles() throws IOException {
    try (Stream<Path> files = Files.walk(report)) {
      return files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".png")).sorted().toList();
    }
  }

  /**
   * Every count in every shipped text file: the count columns of the JSON exports (the HTML tables
   * and CSV files carry the same cells), every integer of the shared run.json outside the settings,
   * and every integer in running text (HTML outside tables, SVG text) next to a word that makes it a
   * count. Whole-number floats count (an effective sample size of 48.0 is 48 patients).
   */
  private static List<Shipped> shippedCounts() throws IOException {
    List<Shipped> found = new ArrayList<>();
    for (Path f : shippedTextFiles()) {
      String name = f.getFileName().toString();
      if (name.equals("run.json")) {
        walkShipped(f, "", JSON.readTree(f.toFile()), found);
      } else if (name.endsWith(".json")) {
        for (JsonNode row : JSON.readTree(f.toFile())) {
          row.fields().forEachRemaining(e -> {
            if (COUNT_COLUMN.matcher(e.getKey()).matches() && e.getValue().isNumber() && Math.abs(e.getValue().asDouble() - Math.rint(e.getValue().asDouble())) < 1e-6) {
              found.add(new Shipped(f, Math.round(e.getValue().asDouble()), e.getKey()));
            } else if (e.getValue().isTextual()) {
              text(f, e.getValue().asText(), found);
            }
          });
        }
      } else if (name.endsWith(".html") || name.endsWith(".svg")) {
        String text = Files.readString(f).replaceAll("(?s)<style>.*?</style>|<pre[^>]*>.*?</pre>|<table.*?</table>", " ");
        // SVG axis ticks are positions on a scale, not counts: only text elements are read, ticks are plain numbers.
        text = text.replaceAll("<text[^>]*>\\s*-?[\\d.]+\\s*</text>", " ").replaceAll("<[^>]*>", " ").replace("&lt;", "<").replace("&quot;", "\"");
        text(f, text, found);
      }
    }
    return found;
  }

  private static void text(Path f, String text, List<Shipped> found) {
    Matcher m = INTEGER.matcher(text);
    while (m.find()) {
      String before = text.substring(Math.max(0, m.start() - 40), m.start());
      String after = text.substring(m.end(), Math.min(text.length(), m.end() + 20));
      // "Remaining after step 2"; "patients (1 file, 6.6 KiB)": a table's own file or partitions count nothing.
      boolean step = before.matches("(?is).*\\bstep\\s*$") || (before.matches("(?s).*\\b(?!scans)\\w+ \\($") && after.startsWith(" file"));
      if (m.group().length() <= 12 && !step && (COUNT_BEFORE.matcher(before).find() || COUNT_AFTER.matcher(after).find())) {
        found.add(new Shipped(f, Long.parseLong(m.group()), before.replaceAll("\\s+", " ") + "[" + m.group() + "]" + after.replaceAll("\\s+", " ")));
      }
    }
  }

  private static void walkShipped(Path f, String where, JsonNode n, List<Shipped> found) {
    if (n.isIntegralNumber()) {
      if (!where.matches(".*\\.(bytes|seconds)$")) {
        found.add(new Shipped(f, n.asLong(), where));
      }
    } else if (n.isObject()) {
      n.fields().forEachRemaining(e -> {
        boolean partitions = e.getKey().equals("files") && n.has("table") && !n.path("table").asText().equals("scans");
        if (!partitions && !(where.isEmpty() && List.of("config", "seeds", "options", "java", "spark").contains(e.getKey()))) {
          walkShipped(f, where + "." + e.getKey(), e.getValue(), found);
        }
      });
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        walkShipped(f, where + "[" + i + "]", n.get(i), found);
      }
    } else if (n.isTextual()) {
      text(f, n.asText(), found);
    }
  }

  @Test
  void noShippedCountIsBelowTheThreshold() throws IOException {
    Map<String, Long> small = new TreeMap<>();
    TRUE.forEach((k, v) -> {
      if (v.value() > 0 && v.value() < THRESHOLD) {
        small.put(k, v.value());
      }
    });
    assertFalse(small.isEmpty(), "the cohort must have small counts for this test to mean anything: " + TRUE);
    List<String> leaks = new ArrayList<>();
    for (Shipped s : shippedCounts()) {
      if (s.value() > 0 && s.value() < THRESHOLD) {
        leaks.add(report.relativize(s.file()) + ": " + s.value() + " at " + s.context());
      }
    }
    assertTrue(leaks.isEmpty(), "counts below " + THRESHOLD + " shipped (true small counts: " + small + "):\n" + String.join("\n", leaks));
  }

  @Test
  void noTwoShippedCountsDifferByASmallTrueCount() throws IOException {
    java.util.Set<Long> shipped = new java.util.TreeSet<>();
    shippedCounts().forEach(s -> shipped.add(s.value()));
    List<String> leaks = new ArrayList<>();
    int pairs = 0;
    for (Map.Entry<String, TrueCount> a : TRUE.entrySet()) {
      for (Map.Entry<String, TrueCount> b : TRUE.entrySet()) {
        long d = a.getValue().value() - b.getValue().value();
        if (d > 0 && d < THRESHOLD && related(a.getKey(), b.getKey())) {
          pairs++;
          if (shipped.contains(a.getValue().value()) && shipped.contains(b.getValue().value())) {
            leaks.add(a.getKey() + " (" + a.getValue().value() + ") - " + b.getKey() + " (" + b.getValue().value() + ") = " + d);
          }
        }
      }
    }
    assertTrue(pairs > 0, "the cohort must have nested counts that differ by a few patients");
    assertTrue(leaks.isEmpty(), "shipped counts whose difference is a small true count:\n" + String.join("\n", leaks));
  }

  @Test
  void noShippedTotalMinusTwoShippedPartsIsASmallTrueCount() throws IOException {
    // One step further: a total of all patients minus the treated and the comparator count of one quantity
    // (e.g. the patients remaining minus an estimate's n in both arms: the patients without the outcome).
    java.util.Set<Long> shipped = new java.util.TreeSet<>();
    shippedCounts().forEach(s -> shipped.add(s.value()));
    // Totals that contain every later count: the patients remaining after a step (not those a step excluded).
    Pattern remaining = Pattern.compile("attrition\\.step\\d+\\.remaining|stage\\.(cohort|features)\\.patients|stage\\.cohort\\.eligible"
        + "|stage\\.compare\\.rows_read|stage\\.ingest\\.patients\\.accepted|ingest-summary\\.patients\\.rows_accepted");
    List<Map.Entry<String, TrueCount>> flow = TRUE.entrySet().stream().filter(e -> remaining.matcher(e.getKey()).matches() && shipped.contains(e.getValue().value())).toList();
    List<Map.Entry<String, TrueCount>> all = TRUE.entrySet().stream().filter(e -> shipped.contains(e.getValue().value())).toList();
    List<String> leaks = new ArrayList<>();
    int examined = 0;
    for (Map.Entry<String, TrueCount> total : flow) {
      for (Map.Entry<String, TrueCount> b : all) {
        for (Map.Entry<String, TrueCount> c : all) {
          long d = total.getValue().value() - b.getValue().value() - c.getValue().value();
          examined += armSiblings(b.getKey(), c.getKey()) ? 1 : 0;
          if (d > 0 && d < THRESHOLD && total.getValue().population().equals("all") && armSiblings(b.getKey(), c.getKey())) {
            leaks.add(total.getKey() + " (" + total.getValue().value() + ") - " + b.getKey() + " (" + b.getValue().value() + ") - " + c.getKey()
                + " (" + c.getValue().value() + ") = " + d);
          }
        }
      }
    }
    assertTrue(examined > 0, "no shipped total and pair of arm counts to check");
    assertTrue(leaks.isEmpty(), "shipped total minus two shipped parts gives a small count:\n" + String.join("\n", leaks));
  }

  /**
   * The treated and the comparator count of one quantity (e.g. an estimate's n_treated and n_control,
   * the numbers at risk of both arms on one day): disjoint, so a total of all patients minus both is
   * the patients in neither (e.g. without the outcome).
   */
  private static boolean armSiblings(String b, String c) {
    return b.contains("treated") && !b.equals(b.replace("treated", "control")) && c.equals(b.replace("treated", "control"))
        && TRUE.get(b).population().equals("treated") && TRUE.get(c).population().equals("control");
  }

  @Test
  void theRunManifestCopyCarriesNoExactCounts() throws IOException {
    JsonNode shared = JSON.readTree(report.resolve("run.json").toFile());
    for (String section : List.of("ingest", "cohort", "compare")) {
      assertFalse(shared.has(section), "the shared run.json copy has no " + section + " section (exact counts stay in the internal run.json)");
    }
  }

  @Test
  void onlyPseudonymousKeysReachTheReport() throws IOException {
    // The vendor exports' names, as the internal manifest lists them (the simulator names them like a clinic would: V<id>_<side>.asf).
    List<String> vendorFiles = new ArrayList<>();
    JSON.readTree(out.resolve("run.json").toFile()).get("inputs").forEach(f -> {
      if (f.path("table").asText().equals("scans") && !f.path("file").asText().equals("manifest.csv")) {
        vendorFiles.add(f.path("file").asText());
      }
    });
    assertFalse(vendorFiles.isEmpty());
    for (Path f : shippedTextFiles()) {
      String text = Files.readString(f);
      for (String v : vendorFiles) {
        assertFalse(text.contains(v), "vendor file name " + v + " in " + f);
        String stem = v.replaceAll("\\.[^.]*$", "");
        assertFalse(text.contains(stem), "vendor file stem " + stem + " in " + f);
      }
    }
  }

  @Test
  void theReadmeSaysWhichFolderIsShareable() throws IOException {
    String readme = Files.readString(org.gaitoutcomes.testing.RepoPaths.root().resolve("README.md"));
    assertTrue(readme.contains("**`report/` is the only folder to share.**"));
    assertTrue(readme.contains("| `run.json` |") && readme.contains("no: internal (the shareable copy is `report/run.json`)"));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
