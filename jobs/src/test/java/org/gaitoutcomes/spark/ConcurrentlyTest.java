package org.gaitoutcomes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {
  @Test
  void resultsComeBackInTheOrderGivenAndRunAtOnce() {
    // The first piece can end only once the second has started: in sequence this would time out.
    CountDownLatch secondStarted = new CountDownLatch(1);
    List<Supplier<String>> work = List.of(
        () -> await(secondStarted) ? "first" : "timed out",
        () -> {
          secondStarted.countDown();
          return "second";
        },
        () -> "third");
    assertEquals(List.of("first", "second", "third"), Concurrently.run("test", 2, work));
  }

  @Test
  void theFirstFailureInOrderIsThrownAfterEveryPieceHasEnded() {
    IllegalStateException early = new IllegalStateException("second");
    AtomicBoolean lastEnded = new AtomicBoolean();
    List<Supplier<Integer>> work = List.of(
        () -> 1,
        () -> {
          throw early;
        },
        () -> {
          throw new IllegalArgumentException("third");
        },
        () -> {
          sleep(200);
          lastEnded.set(true);
          return 4;
        });
    assertSame(early, assertThrows(IllegalStateException.class, () -> Concurrently.run("test", 2, work)));
    assertEquals(true, lastEnded.get());
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
