package org.gaitoutcomes.spark;

import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per finished stage on the log: stage name, what it produced (rows, files) and seconds.
 * Counts passed here must be aggregates, never patient-level values.
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger("gait-outcomes");

  private Progress() {}

  /** Runs {@code work}, then logs {@code stage: <describe(result)> (S s)}. */
  public static <T> T stage(String stage, Supplier<T> work, java.util.function.Function<T, String> describe) {
    long start = System.nanoTime();
    T result = work.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(String.format(Locale.ROOT, "%s: %s (%.1f s)", stage, describe.apply(result), seconds));
    return result;
  }

  public static void info(String message) {
    LOG.info(message);
  }

  public static void warn(String message) {
    LOG.warn(message);
  }
}
