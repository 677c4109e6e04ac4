package org.gaitoutcomes.bench;

import com.typesafe.config.Config;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.spark.Progress;

/**
 * Runs every stage at every size: warm-ups first (not recorded), then timed repetitions, each with
 * Spark's task metrics and the driver heap. Stages run in order at one size before the next size, so
 * each stage reads the output its predecessor left.
 */
public final class BenchHarness {
  private final SparkSession spark;
  private final Config config;
  private final List<BenchStage> stages;
  private final int warmups;
  private final int repetitions;
  private final SparkMetricsListener listener = new SparkMetricsListener();

  public BenchHarness(SparkSession spark, Config config, List<BenchStage> stages, int warmups, int repetitions) {
    if (repetitions < 1 || warmups < 0) {
      throw new IllegalArgumentException("repetitions must be >= 1 and warm-ups >= 0, got " + repetitions + " and " + warmups);
    }
    this.spark = spark;
    this.config = config;
    this.stages = List.copyOf(stages);
    this.warmups = warmups;
    this.repetitions = repetitions;
    spark.sparkContext().addSparkListener(listener);
  }

  /** All measurements, in run order. */
  public List<Measurement> run(List<Long> sizes, String workRoot) {
    List<Measurement> all = new ArrayList<>();
    for (long size : sizes) {
      BenchStage.Context context = new BenchStage.Context(size, workRoot + "/n" + size, config);
      for (BenchStage stage : stages) {
        for (int w = 0; w < warmups; w++) {
          stage.run(spark, context);
        }
        for (int r = 1; r <= repetitions; r++) {
          Measurement m = measure(stage, context, r);
          Progress.info(String.format(Locale.ROOT, "bench %s n=%d rep %d: %.2f s", stage.name(), size, r, m.seconds()));
          all.add(m);
        }
      }
    }
    return all;
  }

  /**
   * Summaries per stage and size, with scaling exponents between successive sizes and, for a stage with a
   * yardstick that ran at the same size, the ratio of their times; then (when more than one pipeline stage
   * ran) a {@value StageSummary#PIPELINE} row per size: the pipeline stages added up (yardsticks left out).
   */
  public static List<StageSummary> summarize(List<Measurement> measurements) {
    Map<String, Map<Long, List<Measurement>>> byStage = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      byStage.computeIfAbsent(m.stage(), s -> new LinkedHashMap<>()).computeIfAbsent(m.patients(), n -> new ArrayList<>()).add(m);
    }
    List<StageSummary> out = new ArrayList<>();
    for (Map<Long, List<Measurement>> bySize : byStage.values()) {
      StageSummary smaller = null;
      for (List<Measurement> runs : bySize.values()) {
        StageSummary s = StageSummary.of(runs, smaller);
        out.add(s);
        smaller = s;
      }
    }
    for (int i = 0; i < out.size(); i++) {
      StageSummary s = out.get(i);
      String yardstick = BenchStages.YARDSTICKS.get(s.stage());
      Optional<StageSummary> match = out.stream().filter(y -> y.stage().equals(yardstick) && y.patients() == s.patients()).findFirst();
      if (match.isPresent()) {
        out.set(i, s.withYardstick(match.get()));
      }
    }
    long pipelineStages = byStage.keySet().stream().filter(s -> !BenchStages.YARDSTICKS.containsValue(s)).count();
    if (pipelineStages > 1) {
      Map<Long, List<StageSummary>> bySize = new LinkedHashMap<>();
      for (StageSummary s : out) {
        if (!BenchStages.YARDSTICKS.containsValue(s.stage())) {
          bySize.computeIfAbsent(s.patients(), n -> new ArrayList<>()).add(s);
        }
      }
      StageSummary smaller = null;
      for (List<StageSummary> atSize : bySize.values()) {
        StageSummary total = StageSummary.total(atSize, smaller);
        out.add(total);
        smaller = total;
      }
    }
    return out;
  }

  private Measurement measure(BenchStage stage, BenchStage.Context context, int repetition) {
    System.gc();
    listener.reset();
    long rows;
    long start;
    long end;
    long peak;
    try (HeapSampler sampler = new HeapSampler(20)) {
      start = System.nanoTime();
      rows = stage.run(spark, context);
      end = System.nanoTime();
      peak = sampler.peakUsedBytes();
    }
    // Listener events arrive asynchronously: wait until the bus has delivered this run's task ends.
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException e) {
      Progress.warn("bench: Spark listener bus did not drain in 60 s; metrics of " + stage.name() + " may be incomplete");
    }
    SparkMetricsListener.Totals t = listener.totals();
    System.gc();
    long afterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Measurement(stage.name(), context.patients(), repetition, (end - start) / 1e9, rows,
        t.inputBytes(), t.shuffleReadBytes(), t.shuffleWriteBytes(), peak, afterGc, t.jobs());
  }
}
