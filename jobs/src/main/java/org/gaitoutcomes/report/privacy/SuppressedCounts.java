package org.gaitoutcomes.report.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.report.privacy.CellSuppression.Mark;
import org.gaitoutcomes.report.privacy.CellSuppression.Relation;

/**
 * Every patient count of one report, registered with the relations that tie them, then suppressed
 * together (so complementary suppression sees attrition, arms, estimates and subgroups at once).
 * Register all counts and relations, call {@link #suppress()}, then read {@link #text} / {@link #value}.
 */
public final class SuppressedCounts {
  /** Printed for complementary (and bound-free) suppressed cells. */
  public static final String HIDDEN = "hidden";
  /** Priority of counts never printed but derivable from printed ones: hiding them costs the reader nothing. */
  public static final int DERIVED = -1;

  private final long threshold;
  private final boolean suppressZero;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final List<Relation> relations = new ArrayList<>();
  private final Map<String, Integer> priority = new LinkedHashMap<>();
  private Map<String, Mark> marks;

  public SuppressedCounts(long threshold, boolean suppressZero) {
    this.threshold = threshold;
    this.suppressZero = suppressZero;
  }

  /** Registers a count under {@code id}; registering the same id again must give the same value. */
  public String add(String id, long value) {
    return add(id, value, 0);
  }

  /**
   * Registers a count with a priority for staying visible when a complementary cell must be chosen:
   * lowest is hidden first ({@link #DERIVED} for counts that are never printed, only derivable).
   */
  public String add(String id, long value, int priority) {
    requireOpen();
    this.priority.merge(id, priority, Math::max);
    Long previous = counts.putIfAbsent(id, value);
    if (previous != null && previous != value) {
      throw new IllegalArgumentException("count '" + id + "' registered as " + previous + " and " + value);
    }
    return id;
  }

  public boolean has(String id) {
    return counts.containsKey(id);
  }

  public long raw(String id) {
    return counts.get(id);
  }

  /** {@code total = sum(parts)}; every id must be registered. */
  public void relate(String total, List<String> parts) {
    requireOpen();
    relations.add(new Relation(total, parts));
  }

  public void suppress() {
    requireOpen();
    marks = CellSuppression.suppress(counts, relations, threshold, suppressZero, priority);
  }

  public Mark mark(String id) {
    if (marks == null) {
      throw new IllegalStateException("suppress() first");
    }
    Mark m = marks.get(id);
    if (m == null) {
      throw new IllegalArgumentException("unknown count '" + id + "'");
    }
    return m;
  }

  public boolean suppressed(String id) {
    return mark(id).suppressed();
  }

  /** What the HTML prints: the count, {@code <threshold}, or {@code hidden}. */
  public String text(String id) {
    return switch (mark(id)) {
      case SHOWN -> Long.toString(counts.get(id));
      case SMALL -> "<" + threshold;
      case COMPLEMENTARY, HIDDEN -> HIDDEN;
    };
  }

  /** What the exports carry: the count as a number, or the same marker string as the HTML. */
  public Object value(String id) {
    return mark(id) == Mark.SHOWN ? (Object) counts.get(id) : text(id);
  }

  /** How many cells are suppressed (primary, complementary). */
  public long[] suppressedCounts() {
    long small = marks.values().stream().filter(m -> m == Mark.SMALL).count();
    long other = marks.values().stream().filter(m -> m == Mark.COMPLEMENTARY || m == Mark.HIDDEN).count();
    return new long[] {small, other};
  }

  public long threshold() {
    return threshold;
  }

  private void requireOpen() {
    if (marks != null) {
      throw new IllegalStateException("counts already suppressed");
    }
  }
}
