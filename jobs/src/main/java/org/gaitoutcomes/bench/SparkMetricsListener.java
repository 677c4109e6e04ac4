package org.gaitoutcomes.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Sums Spark's own task metrics (input bytes, shuffle read and write bytes, tasks) and counts the Spark
 * jobs of one measurement (each job costs about 0.3 s of scheduling here before any data moves). Register once per session; {@link #reset()} before each measurement.
 */
public final class SparkMetricsListener extends SparkListener {
  private final AtomicLong inputBytes = new AtomicLong();
  private final AtomicLong shuffleReadBytes = new AtomicLong();
  private final AtomicLong shuffleWriteBytes = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong jobs = new AtomicLong();

  /** Totals since the last reset. */
  public record Totals(long inputBytes, long shuffleReadBytes, long shuffleWriteBytes, long tasks, long jobs) {}

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics m = taskEnd.taskMetrics();
    tasks.incrementAndGet();
    if (m == null) {
      return;
    }
    inputBytes.addAndGet(m.inputMetrics().bytesRead());
    shuffleReadBytes.addAndGet(m.shuffleReadMetrics().totalBytesRead());
    shuffleWriteBytes.addAndGet(m.shuffleWriteMetrics().bytesWritten());
  }

  public void reset() {
    inputBytes.set(0);
    shuffleReadBytes.set(0);
    shuffleWriteBytes.set(0);
    tasks.set(0);
    jobs.set(0);
  }

  public Totals totals() {
    return new Totals(inputBytes.get(), shuffleReadBytes.get(), shuffleWriteBytes.get(), tasks.get(), jobs.get());
  }
}
