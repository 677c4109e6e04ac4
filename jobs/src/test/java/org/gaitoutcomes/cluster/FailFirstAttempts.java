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
 * {@code --conf spark.plugins=org.gaitoutcomes.cluster.FailFirstAttempts}, its executor side throws
 * at the start of the first attempt of every task whose partition index is a multiple of
 * {@value #EVERY} (default 3; so partition 0 of every stage fails once). Spark then retries the task
 * (the master must allow it, e.g. {@code local[2,4]}: up to 4 attempts per task). Each injected
 * failure leaves an empty file in the folder named by {@value #RECORD_DIR}, so a test can prove the
 * failures happened. Test-only: it lives in test code and is put on the submitting JVM's classpath.
 *
 * <p>Why a plugin: {@link ExecutorPlugin#onTaskStart()} runs in the task's own thread, where
 * {@link TaskContext#get()} gives the attempt number, for every task of every stage, including the
 * write tasks whose output the commit protocol must then discard. A wrapper inside the job would only
 * cover the steps it wraps.
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
    return null;
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
        if (task != null && task.attemptNumber() == 0 && task.partitionId() % every == 0) {
          String name = "stage-" + task.stageId() + "." + task.stageAttemptNumber() + "-partition-" + task.partitionId()
              + "-task-" + task.taskAttemptId();
          record(name);
          throw new InjectedTaskFailure("injected failure of the first attempt of " + name);
        }
      }

      private void record(String name) {
        if (records == null) {
          return;
        }
        try {
          Files.createDirectories(records);
          Files.writeString(records.resolve(name), "");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
