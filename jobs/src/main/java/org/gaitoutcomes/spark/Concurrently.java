package org.gaitoutcomes.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.gaitoutcomes.GaitException;

/**
 * Runs independent pieces of driver-side work a few at a time: Spark jobs of small tables, whose
 * planning and scheduling then overlap, or small file writes, whose round trips do. Results come back
 * in the order the work was given; a failure is thrown only after every piece has ended (the first,
 * in that order), so nothing is still writing when the caller sees it.
 */
public final class Concurrently {
  private Concurrently() {}

  /** Runs every piece of {@code work} on at most {@code threads} daemon threads named {@code name}; returns their results in order. */
  public static <T> List<T> run(String name, int threads, List<Supplier<T>> work) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> running = new ArrayList<>();
      for (Supplier<T> w : work) {
        running.add(pool.submit(w::get));
      }
      List<T> results = new ArrayList<>();
      RuntimeException first = null;
      for (Future<T> f : running) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause() instanceof RuntimeException r ? r
                : new GaitException(name + ": " + e.getCause().getMessage(), e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new GaitException(name + ": interrupted", e);
        }
      }
      if (first != null) {
        throw first;
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
