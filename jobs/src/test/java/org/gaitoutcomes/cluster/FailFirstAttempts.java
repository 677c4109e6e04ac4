package org.gaitoutcomes.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Injects executor task failures into any job, without touching its code: loaded with
 * {@code --conf spark.plugins=org.gaitoutcomes.cluster.FailFirstAttempts}, its executor side fails the
 * first attempt of every shuffle-map task whose partition index is a multiple of {@value #EVERY}
 * (default 3). Spark then retries the task (the master must allow it, e.g. {@code local[2,4]}: up to
 * 4 attempts per task). Each injected failure leaves a file {@code injected-*} in the folder named by
 * {@value #RECORD_DIR}, and the driver side records every task failure Spark reports with this
 * failure as its cause ({@code failed-*}), so a test can prove the tasks really failed and were retried.
 * Test-only: it lives in test code and is put on the submitting JVM's classpath.
 *
 * <p>How: Spark logs and swallows exceptions thrown from {@link ExecutorPlugin#onTaskStart()}, so the
 * plugin registers a task-completion listener there instead, in the task's own thread, whose
 * exception does fail the attempt. It throws only for tasks that wrote shuffle output: failing a
 * shuffle-map attempt is always safe to retry (its map output is never registered), while failing a
 * result task that has already committed files would abort the stage by design (Spark's output
 * commit coordinator), which is not the failure this test is about.
 */
public final class FailFirstAttempts implements SparkPlugin {
  /** Fail first attempts of tasks whose partition index is a multiple of this. */
  public static final String EVERY = "spark.gait.test.failEvery";
  /** Folder on the executor's host where each injected failure is recorded as a file. */
  public static final String RECORD_DIR = "spark.gait.test.failureDir";

  /** The failure thrown; its message names the task. */
  public static final class InjectedTaskFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedTaskFailure(String message) {
      super(message);
    }
  }

  @Override
  public DriverPlugin driverPlugin() {
    return new DriverPlugin() {
      @Override
      public Map<String, String> init(org.apache.spark.SparkContext sc, PluginContext ctx) {
        String dir = sc.getConf().get(RECORD_DIR, null);
        if (dir != null) {
          sc.addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
              if (end.reason() instanceof org.apache.spark.ExceptionFailure f && f.toErrorString().contains(InjectedTaskFailure.class.getSimpleName())) {
                record(Path.of(dir), "failed-stage-" + end.stageId() + "-task-" + end.taskInfo().taskId());
              }
            }
          });
        }
        return Map.of();
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      private int every;
      private Path records;

      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        every = ctx.conf().getInt(EVERY, 3);
        String dir = ctx.conf().get(RECORD_DIR, null);
        records = dir == null ? null : Path.of(dir);
      }

      @Override
      public void onTaskStart() {
        TaskContext task = TaskContext.get();
        if (task == null || task.attemptNumber() != 0 || task.partitionId() % every != 0) {
          return;
        }
        task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> {
          if (context.isFailed() || context.taskMetrics().shuffleWriteMetrics().recordsWritten() == 0) {
            return;
          }
          String name = "stage-" + context.stageId() + "." + context.stageAttemptNumber() + "-partition-" + context.partitionId()
              + "-task-" + context.taskAttemptId();
          if (records != null) {
            record(records, "injected-" + name);
          }
          throw new InjectedTaskFailure("injected failure of the first attempt of " + name);
        });
      }
    };
  }

  private static void record(Path records, String name) {
    try {
      Files.createDirectories(records);
      Files.writeString(records.resolve(name), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
