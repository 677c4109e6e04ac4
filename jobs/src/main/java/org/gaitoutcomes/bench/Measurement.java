package org.gaitoutcomes.bench;

/**
 * One timed repetition of one stage at one size, with Spark's metrics and the driver heap.
 *
 * @param stage stage name
 * @param patients population size
 * @param repetition 1-based repetition (warm-ups are not recorded)
 * @param seconds wall-clock time
 * @param rows rows the stage reported processing
 * @param inputBytes bytes read by tasks (Spark input metrics)
 * @param shuffleReadBytes shuffle bytes read
 * @param shuffleWriteBytes shuffle bytes written
 * @param driverPeakHeapBytes peak used driver heap during the run
 * @param driverHeapAfterGcBytes driver heap in use after a full collection once the run finished
 * @param sparkJobs Spark jobs started during the run
 */
public record Measurement(
    String stage,
    long patients,
    int repetition,
    double seconds,
    long rows,
    long inputBytes,
    long shuffleReadBytes,
    long shuffleWriteBytes,
    long driverPeakHeapBytes,
    long driverHeapAfterGcBytes,
    long sparkJobs) {

  /** A measurement without a job count (0). */
  public Measurement(String stage, long patients, int repetition, double seconds, long rows, long inputBytes,
      long shuffleReadBytes, long shuffleWriteBytes, long driverPeakHeapBytes, long driverHeapAfterGcBytes) {
    this(stage, patients, repetition, seconds, rows, inputBytes, shuffleReadBytes, shuffleWriteBytes, driverPeakHeapBytes,
        driverHeapAfterGcBytes, 0);
  }
}
