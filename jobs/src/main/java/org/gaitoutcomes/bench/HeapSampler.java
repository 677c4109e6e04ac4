package org.gaitoutcomes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Tracks the driver JVM's heap while a measurement runs: the peak used heap (sampled every
 * {@code periodMillis} by a daemon thread) and the largest heap in use right after a collection
 * (from the memory pools' collection usage), which is the better sign of what the driver retains.
 */
public final class HeapSampler implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peakUsed;

  public HeapSampler(long periodMillis) {
    resetPools();
    thread = new Thread(() -> {
      while (running) {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        if (used > peakUsed) {
          peakUsed = used;
        }
        try {
          Thread.sleep(periodMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Peak used heap seen so far, in bytes. */
  public long peakUsedBytes() {
    return peakUsed;
  }

  /** Sum over heap pools of the largest usage measured just after a collection since the start. */
  public static long retainedAfterGcBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()) {
        MemoryUsage u = pool.getCollectionUsage();
        if (u != null) {
          sum += u.getUsed();
        }
      }
    }
    return sum;
  }

  private static void resetPools() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
