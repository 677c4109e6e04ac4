package org.gaitoutcomes.bench;

import java.util.List;

/**
 * The repetitions of one stage at one size, summarised: median and spread of the time, rows per
 * second at the median, median Spark metrics, the largest driver heap, the scaling exponent
 * against the next smaller size (null for the smallest), the median number of Spark jobs, and, for a
 * stage with a yardstick ({@link BenchStages#YARDSTICKS}), its median time over the yardstick's at the same
 * size (null otherwise).
 */
public record StageSummary(
    String stage,
    long patients,
    int repetitions,
    double medianSeconds,
    double minSeconds,
    double maxSeconds,
    long rows,
    double rowsPerSecond,
    long medianInputBytes,
    long medianShuffleReadBytes,
    long medianShuffleWriteBytes,
    long maxDriverPeakHeapBytes,
    long maxDriverHeapAfterGcBytes,
    Double scalingExponent,
    long medianSparkJobs,
    Double timesYardstick) {

  static StageSummary of(List<Measurement> runs, StageSummary smaller) {
    Measurement first = runs.get(0);
    double[] secs = runs.stream().mapToDouble(Measurement::seconds).toArray();
    double median = Stats.median(secs);
    Double exponent = smaller == null || median <= 0 || smaller.medianSeconds() <= 0 ? null
        : Stats.scalingExponent(smaller.patients(), smaller.medianSeconds(), first.patients(), median);
    return new StageSummary(first.stage(), first.patients(), runs.size(), median, Stats.min(secs), Stats.max(secs),
        first.rows(), median > 0 ? first.rows() / median : Double.NaN,
        (long) Stats.median(runs.stream().mapToDouble(Measurement::inputBytes).toArray()),
        (long) Stats.median(runs.stream().mapToDouble(Measurement::shuffleReadBytes).toArray()),
        (long) Stats.median(runs.stream().mapToDouble(Measurement::shuffleWriteBytes).toArray()),
        runs.stream().mapToLong(Measurement::driverPeakHeapBytes).max().orElse(0),
        runs.stream().mapToLong(Measurement::driverHeapAfterGcBytes).max().orElse(0),
        exponent,
        (long) Stats.median(runs.stream().mapToDouble(Measurement::sparkJobs).toArray()), null);
  }

  /** Name of the summed row: the stages' medians (and spreads, metrics) added up at one size. */
  public static final String PIPELINE = "pipeline";

  /** The stages at one size added up (times, rows of the first stage, metrics; heap as the maximum). */
  static StageSummary total(List<StageSummary> atSize, StageSummary smaller) {
    StageSummary first = atSize.get(0);
    double median = atSize.stream().mapToDouble(StageSummary::medianSeconds).sum();
    Double exponent = smaller == null || median <= 0 || smaller.medianSeconds() <= 0 ? null
        : Stats.scalingExponent(smaller.patients(), smaller.medianSeconds(), first.patients(), median);
    return new StageSummary(PIPELINE, first.patients(), first.repetitions(), median,
        atSize.stream().mapToDouble(StageSummary::minSeconds).sum(), atSize.stream().mapToDouble(StageSummary::maxSeconds).sum(),
        first.patients(), median > 0 ? first.patients() / median : Double.NaN,
        atSize.stream().mapToLong(StageSummary::medianInputBytes).sum(),
        atSize.stream().mapToLong(StageSummary::medianShuffleReadBytes).sum(),
        atSize.stream().mapToLong(StageSummary::medianShuffleWriteBytes).sum(),
        atSize.stream().mapToLong(StageSummary::maxDriverPeakHeapBytes).max().orElse(0),
        atSize.stream().mapToLong(StageSummary::maxDriverHeapAfterGcBytes).max().orElse(0),
        exponent,
        atSize.stream().mapToLong(StageSummary::medianSparkJobs).sum(), null);
  }

  /** This summary with its time over {@code yardstick}'s (null when the yardstick took no measurable time). */
  StageSummary withYardstick(StageSummary yardstick) {
    Double ratio = yardstick.medianSeconds() > 0 ? medianSeconds / yardstick.medianSeconds() : null;
    return new StageSummary(stage, patients, repetitions, medianSeconds, minSeconds, maxSeconds, rows, rowsPerSecond,
        medianInputBytes, medianShuffleReadBytes, medianShuffleWriteBytes, maxDriverPeakHeapBytes, maxDriverHeapAfterGcBytes,
        scalingExponent, medianSparkJobs, ratio);
  }
}
