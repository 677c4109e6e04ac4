package org.gaitoutcomes.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the Spark jobs each named step of a stage starts (every job costs scheduling time however
 * little data it moves, so the count is a cost reported beside the timings). A step runs under its
 * own Spark job group; a listener counts job starts per group. Steps may nest: a job counts for the
 * innermost step.
 */
public final class JobCounts extends SparkListener {
  private static final String GROUP = "spark.jobGroup.id";
  private final String prefix = "gait-" + java.util.UUID.randomUUID() + ":";
  private final Map<String, AtomicLong> started = new ConcurrentHashMap<>();
  private final java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final SparkContext sc;

  private JobCounts(SparkContext sc) {
    this.sc = sc;
  }

  /** A counter registered with the session's context; {@link #close()} removes it. */
  public static JobCounts attach(SparkSession spark) {
    JobCounts c = new JobCounts(spark.sparkContext());
    spark.sparkContext().addSparkListener(c);
    return c;
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    String group = job.properties() == null ? null : job.properties().getProperty(GROUP);
    if (group != null && group.startsWith(prefix)) {
      started.computeIfAbsent(group.substring(prefix.length()), k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Runs {@code work} with its Spark jobs counted under {@code step}. */
  public <T> T step(String step, Supplier<T> work) {
    if (!order.contains(step)) {
      order.add(step);
    }
    String previous = sc.getLocalProperty(GROUP);
    String description = sc.getLocalProperty("spark.job.description");
    sc.setJobGroup(prefix + step, step, false);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        sc.clearJobGroup();
      } else {
        sc.setJobGroup(previous, description, false);
      }
    }
  }

  /** Jobs per step in the order the steps first ran, after every event so far has been delivered; a "total" entry last. */
  public Map<String, Long> counts() {
    try {
      sc.listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      Progress.warn("job counts may miss the last jobs: Spark's listener bus did not drain in time");
    }
    Map<String, Long> m = new LinkedHashMap<>();
    long total = 0;
    for (String s : order) {
      AtomicLong n = started.get(s);
      long v = n == null ? 0 : n.get();
      m.put(s, v);
      total += v;
    }
    m.put("total", total);
    return m;
  }

  /** Stops counting. */
  public void close() {
    sc.removeSparkListener(this);
  }
}
