package org.gaitoutcomes.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the data contracts shipped in the jar under {@code schemas/} (copied from the repository's
 * top-level {@code schemas/} folder by the build). Table names are constants here, in one place.
 */
public final class Schemas {
  public static final String PATIENTS = "patients";
  public static final String FOOT_EXAMS = "foot_exams";
  public static final String GAIT_SCANS = "gait_scans";
  public static final String TREATMENTS = "treatments";
  public static final String OUTCOMES = "outcomes";
  public static final String SCAN_MANIFEST = "scan_manifest";
  public static final String QUARANTINE = "quarantine";
  public static final String BASELINE_FEATURES = "baseline_features";
  public static final String SCAN_FEATURES = "scan_features";
  public static final String COHORT = "cohort";
  public static final String ESTIMATES = "estimates";
  public static final String BALANCE = "balance";
  public static final String DIAGNOSTICS = "diagnostics";
  public static final String SUBGROUPS = "subgroups";
  public static final String ATTRITION = "attrition";
  public static final String CURVES = "curves";
  public static final String EFFECT_MODIFIERS = "effect_modifiers";
  public static final String TRUTH_OUTCOMES = "truth_outcomes";
  public static final String TRUTH_EFFECTS = "truth_effects";
  public static final String BENCH_SUMMARY = "bench_summary";
  public static final String BENCH_PEER = "bench_peer";

  /** The tables `ingest` reads, in dependency order (parents before children). */
  public static final List<String> INGEST_TABLES = List.of(PATIENTS, FOOT_EXAMS, GAIT_SCANS, TREATMENTS, OUTCOMES);

  /**
   * Every contract in {@code schemas/}; a test fails when a file there is missing from this list.
   * Later stages append their output tables here.
   */
  public static final List<String> ALL = List.of(
      PATIENTS, FOOT_EXAMS, GAIT_SCANS, TREATMENTS, OUTCOMES, SCAN_MANIFEST, QUARANTINE,
      BASELINE_FEATURES, SCAN_FEATURES, COHORT, ESTIMATES, BALANCE, DIAGNOSTICS, SUBGROUPS, ATTRITION, CURVES, EFFECT_MODIFIERS,
      TRUTH_OUTCOMES, TRUTH_EFFECTS, BENCH_SUMMARY, BENCH_PEER);

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private static final Map<String, TableSchema> CACHE = new ConcurrentHashMap<>();

  private Schemas() {}

  /** The contract of {@code table}; fails naming the table when it is unknown or malformed. */
  public static TableSchema get(String table) {
    return CACHE.computeIfAbsent(table, Schemas::load);
  }

  /** Every contract, in the order of {@link #ALL}. */
  public static List<TableSchema> all() {
    return ALL.stream().map(Schemas::get).toList();
  }

  /** Parses one contract from JSON; used for the shipped files and by tests. */
  public static TableSchema parse(InputStream json, String origin) {
    try {
      return MAPPER.readValue(json, TableSchema.class);
    } catch (IOException e) {
      throw new IllegalStateException("schema " + origin + " is malformed: " + e.getMessage(), e);
    }
  }

  private static TableSchema load(String table) {
    String resource = "schemas/" + table + ".json";
    try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no data contract named '" + table + "' (looked for " + resource + " on the classpath)");
      }
      TableSchema schema = parse(in, resource);
      if (!schema.name().equals(table)) {
        throw new IllegalStateException(resource + " declares name '" + schema.name() + "'");
      }
      return schema;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
