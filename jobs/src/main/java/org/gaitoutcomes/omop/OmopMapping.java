package org.gaitoutcomes.omop;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;

/**
 * The concept mapping of {@code gait.omop} (documented in {@code gait/omop.conf}), checked: which
 * concepts mean which column of which of our tables, which devices are custom or over-the-counter
 * orthoses, which conditions define chronic low back pain.
 */
public final class OmopMapping implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where a measurement or observation concept goes: a column of patients, outcomes or foot_exams. */
  public record Target(String table, String column, String side, Set<Long> units, boolean integer, Double min, Double max)
      implements Serializable {}

  public final String patientIdPrefix;
  public final boolean rekey;
  public final Set<Long> maleConcepts;
  public final Set<Long> femaleConcepts;
  public final Set<Long> customConcepts;
  public final Set<String> customCodes;
  public final Set<Long> otcConcepts;
  public final Set<String> otcCodes;
  public final int priorOrthoticDays;
  public final Set<Long> conditionConcepts;
  public final boolean requireCondition;
  public final int baselineMaxDay;
  /** Concept id to its targets (beighton_score has two: both sides). */
  private final Map<Long, List<Target>> facts;

  private OmopMapping(Config c) {
    patientIdPrefix = c.getString("patient-id-prefix");
    rekey = c.getBoolean("rekey");
    maleConcepts = ids(c, "male-concepts");
    femaleConcepts = ids(c, "female-concepts");
    customConcepts = ids(c, "custom-orthosis.concepts");
    customCodes = codes(c, "custom-orthosis.hcpcs-codes");
    otcConcepts = ids(c, "otc-orthosis.concepts");
    otcCodes = codes(c, "otc-orthosis.hcpcs-codes");
    priorOrthoticDays = c.getInt("prior-orthotic-days");
    conditionConcepts = ids(c, "chronic-low-back-pain-concepts");
    requireCondition = c.getBoolean("require-condition");
    baselineMaxDay = c.getInt("baseline-max-day");
    require(priorOrthoticDays >= 0, "prior-orthotic-days must be >= 0, got " + priorOrthoticDays);
    require(baselineMaxDay >= 0, "baseline-max-day must be >= 0, got " + baselineMaxDay);
    require(!patientIdPrefix.isEmpty() || rekey, "patient-id-prefix must not be empty (person ids alone may be shorter than 4 characters)");
    disjoint("male-concepts", maleConcepts, "female-concepts", femaleConcepts);
    disjoint("custom-orthosis.concepts", customConcepts, "otc-orthosis.concepts", otcConcepts);
    Set<String> sharedCodes = new LinkedHashSet<>(customCodes);
    sharedCodes.retainAll(otcCodes);
    require(sharedCodes.isEmpty(), "custom-orthosis.hcpcs-codes and otc-orthosis.hcpcs-codes share " + sharedCodes);

    Map<Long, List<Target>> f = new LinkedHashMap<>();
    Map<Long, String> where = new HashMap<>();
    for (String column : c.getConfig("patient-measures").root().keySet()) {
      Config m = c.getConfig("patient-measures." + column);
      add(f, where, ids(m, "concepts"), List.of(target(Schemas.PATIENTS, column, null, ids(m, "units"))), "patient-measures." + column);
    }
    for (String column : c.getConfig("outcomes").root().keySet()) {
      Config m = c.getConfig("outcomes." + column);
      add(f, where, ids(m, "concepts"), List.of(target(Schemas.OUTCOMES, column, null, ids(m, "units"))), "outcomes." + column);
    }
    for (String column : c.getConfig("foot-exams").root().keySet()) {
      Config m = c.getConfig("foot-exams." + column);
      String key = "foot-exams." + column;
      if (m.hasPath("both")) {
        add(f, where, ids(m, "both"), List.of(target(Schemas.FOOT_EXAMS, column, "L", Set.of()),
            target(Schemas.FOOT_EXAMS, column, "R", Set.of())), key + ".both");
      }
      if (m.hasPath("left")) {
        add(f, where, ids(m, "left"), List.of(target(Schemas.FOOT_EXAMS, column, "L", Set.of())), key + ".left");
      }
      if (m.hasPath("right")) {
        add(f, where, ids(m, "right"), List.of(target(Schemas.FOOT_EXAMS, column, "R", Set.of())), key + ".right");
      }
    }
    facts = f;
  }

  /** The mapping in {@code config} (the full settings, reading {@code gait.omop}). */
  public static OmopMapping from(Config config) {
    return new OmopMapping(config.getConfig("gait.omop"));
  }

  /** The targets of a measurement or observation concept; empty when the concept is not mapped. */
  public List<Target> targets(long conceptId) {
    return facts.getOrDefault(conceptId, List.of());
  }

  /** Every mapped fact concept, for the simulator's writer: (table, column, side) to the first concept id. */
  public long conceptOf(String table, String column, String side) {
    for (Map.Entry<Long, List<Target>> e : facts.entrySet()) {
      for (Target t : e.getValue()) {
        if (t.table().equals(table) && t.column().equals(column) && (side == null || side.equals(t.side()))) {
          return e.getKey();
        }
      }
    }
    throw new GaitException("gait.omop maps no concept to " + table + "." + column + (side == null ? "" : " side " + side));
  }

  /** "custom", "otc" or null for a device_exposure record. */
  public String deviceType(Long conceptId, Long sourceConceptId, String sourceValue) {
    String code = sourceValue == null ? null : sourceValue.trim().toUpperCase(java.util.Locale.ROOT);
    if (isIn(customConcepts, conceptId) || isIn(customConcepts, sourceConceptId) || (code != null && customCodes.contains(code))) {
      return "custom";
    }
    if (isIn(otcConcepts, conceptId) || isIn(otcConcepts, sourceConceptId) || (code != null && otcCodes.contains(code))) {
      return "otc";
    }
    return null;
  }

  private static boolean isIn(Set<Long> set, Long id) {
    return id != null && set.contains(id);
  }

  private static Target target(String table, String column, String side, Set<Long> units) {
    ColumnSpec spec = Schemas.get(table).column(column).orElseThrow(() ->
        new GaitException("gait.omop maps concepts to " + table + "." + column + ", which the " + table + " contract does not have"));
    require(spec.isScalar() && !spec.type().equals("string") && !spec.type().equals("boolean"),
        "gait.omop: " + table + "." + column + " is not a numeric column");
    return new Target(table, column, side, units, spec.type().equals("int"), spec.min(), spec.max());
  }

  private static void add(Map<Long, List<Target>> f, Map<Long, String> where, Set<Long> concepts, List<Target> targets, String key) {
    for (Long id : concepts) {
      if (where.containsKey(id)) {
        throw new GaitException("gait.omop: concept " + id + " is mapped twice, in " + where.get(id) + " and " + key);
      }
      where.put(id, key);
      f.put(id, targets);
    }
  }

  private static Set<Long> ids(Config c, String key) {
    Set<Long> out = new LinkedHashSet<>();
    for (Number n : c.getNumberList(key)) {
      out.add(n.longValue());
    }
    return Set.copyOf(out);
  }

  private static Set<String> codes(Config c, String key) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : c.getStringList(key)) {
      out.add(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
    return Set.copyOf(out);
  }

  private static void disjoint(String a, Set<Long> x, String b, Set<Long> y) {
    Set<Long> shared = new LinkedHashSet<>(x);
    shared.retainAll(y);
    require(shared.isEmpty(), a + " and " + b + " share " + shared);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new GaitException("gait.omop: " + message);
    }
  }
}
