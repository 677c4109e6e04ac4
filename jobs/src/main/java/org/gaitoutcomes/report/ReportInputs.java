package org.gaitoutcomes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import static org.gaitoutcomes.report.Format.dbl;
import static org.gaitoutcomes.report.Format.lng;
import static org.gaitoutcomes.report.Format.str;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.results.ResultTable;

/**
 * What the report is made from: the aggregate result tables present in the results folder (each
 * optional; the absent ones are listed) and the run manifest ({@code run.json}), if found.
 */
public record ReportInputs(Map<String, ResultTable> tables, List<String> missing, JsonNode manifest) {
  /** The result tables the report reads, in report order. */
  private static final Pattern DAY = Pattern.compile("_d(\\d+)$");

  public static final List<String> TABLES = List.of("attrition", "balance", "curves", "estimates", "diagnostics", "subgroups", "effect_modifiers");

  public ReportInputs {
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    missing = List.copyOf(missing);
  }

  public Optional<ResultTable> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  public List<Map<String, Object>> rows(String name) {
    return table(name).map(ResultTable::rows).orElse(List.of());
  }

  /**
   * Reads every result table present in {@code resultsUri} and the run manifest from
   * {@code manifestUri}, or when that is null from {@code run.json} inside the results folder or one
   * level up. Fails only on malformed files or when no result table is present at all.
   */
  public static ReportInputs load(Configuration conf, String resultsUri, String manifestUri) {
    if (!HadoopFiles.exists(conf, resultsUri)) {
      throw new GaitException("results folder not found: " + resultsUri);
    }
    Map<String, ResultTable> tables = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : TABLES) {
      if (HadoopFiles.exists(conf, resultsUri + "/" + name + ".json")) {
        tables.put(name, ResultTable.read(conf, resultsUri, name));
      } else {
        missing.add(name);
      }
    }
    if (tables.isEmpty()) {
      throw new GaitException("no result tables (" + String.join(", ", TABLES) + ") in " + resultsUri);
    }
    return new ReportInputs(tables, missing, readManifest(conf, resultsUri, manifestUri));
  }

  /**
   * The manifest as shared with the report: options and configuration may name where the source
   * data live, and outputs must not (privacy rule), so every string that looks like a path keeps
   * only its last component ({@code /data/site/in} becomes {@code .../in}).
   */
  static JsonNode withoutPaths(JsonNode node) {
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).objectNode();
      node.fields().forEachRemaining(e -> copy.set(e.getKey(), withoutPaths(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode copy = ((com.fasterxml.jackson.databind.node.ArrayNode) node).arrayNode();
      node.forEach(v -> copy.add(withoutPaths(v)));
      return copy;
    }
    if (node.isTextual() && (node.asText().contains("/") || node.asText().contains("\\"))) {
      String t = node.asText().replaceAll("[/\\\\]+$", "");
      return com.fasterxml.jackson.databind.node.TextNode.valueOf("\u2026/" + t.substring(Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\')) + 1));
    }
    return node;
  }

  private static JsonNode readManifest(Configuration conf, String resultsUri, String manifestUri) {
    List<String> candidates = new ArrayList<>();
    if (manifestUri != null) {
      candidates.add(manifestUri);
    } else {
      candidates.add(resultsUri + "/run.json");
      Path parent = new Path(resultsUri).getParent();
      if (parent != null) {
        candidates.add(parent + "/run.json");
      }
    }
    for (String uri : candidates) {
      if (HadoopFiles.exists(conf, uri)) {
        try {
          return withoutPaths(new ObjectMapper().readTree(HadoopFiles.readString(conf, uri)));
        } catch (IOException e) {
          throw new GaitException("run manifest " + HadoopFiles.fileName(uri) + " is not valid JSON: " + e.getMessage(), e);
        }
      }
    }
    if (manifestUri != null) {
      throw new GaitException("run manifest not found: " + manifestUri);
    }
    return null;
  }

  /** Attrition rows in step order. */
  List<Map<String, Object>> attritionRows() {
    return rows("attrition").stream().sorted(Comparator.comparingLong(r -> lng(r, "step"))).toList();
  }

  /** The curve points of one figure by {@code series|arm}, in x order. */
  Map<String, List<Map<String, Object>>> curveGroups(String figure) {
    return rows("curves").stream().filter(r -> figure.equals(str(r, "figure")))
        .sorted(Comparator.comparingDouble(r -> dbl(r, "x")))
        .collect(Collectors.groupingBy(r -> str(r, "series") + "|" + str(r, "arm"), LinkedHashMap::new, Collectors.toList()));
  }

  /** The Kaplan-Meier series (one per time-to-event outcome). */
  List<String> kmSeries() {
    return rows("curves").stream().filter(r -> "km_response".equals(str(r, "figure"))).map(r -> str(r, "series")).distinct().toList();
  }

  /** Day 0 and the follow-up days (from outcome names), the times of the numbers-at-risk table. */
  List<Long> atRiskDays() {
    TreeSet<Long> days = new TreeSet<>(followUpDays());
    days.add(0L);
    return new ArrayList<>(days);
  }

  /** The Kaplan-Meier point that gives the number at risk at {@code day}: the first point on or after it. */
  Map<String, Object> atRisk(String series, String arm, long day) {
    return rows("curves").stream()
        .filter(r -> "km_response".equals(str(r, "figure")) && series.equals(str(r, "series")) && arm.equals(str(r, "arm")) && dbl(r, "x") >= day)
        .min(Comparator.comparingDouble(r -> dbl(r, "x"))).orElse(null);
  }

  /** The follow-up days named by the outcomes (…_dDAY) and the trajectories, without day 0. */
  List<Long> followUpDays() {
    TreeSet<Long> days = new TreeSet<>();
    for (Map<String, Object> r : rows("estimates")) {
      Matcher m = DAY.matcher(str(r, "outcome"));
      if (m.find()) {
        days.add(Long.parseLong(m.group(1)));
      }
    }
    for (Map<String, Object> r : rows("curves")) {
      if ("trajectory".equals(str(r, "figure"))) {
        days.add(Math.round(dbl(r, "x")));
      }
    }
    days.remove(0L);
    return new ArrayList<>(days);
  }
}
