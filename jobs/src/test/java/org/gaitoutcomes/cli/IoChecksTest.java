package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Hadoop configuration of the checks made before Spark starts sees the same {@code spark.hadoop.*}
 * settings as the session: spark-submit's (system properties in the driver) and the command's own
 * {@code --conf}, the command's winning. S3ClusterIT found the first missing: an S3 endpoint and keys
 * given to spark-submit never reached the input checks.
 */
class IoChecksTest {
  private static final String SUBMITTED = "spark.hadoop.gait.test.submitted";
  private static final String BOTH = "spark.hadoop.gait.test.both";

  @AfterEach
  void clearProperties() {
    System.clearProperty(SUBMITTED);
    System.clearProperty(BOTH);
  }

  @Test
  void takesSparkSubmitsHadoopSettingsAndLetsTheCommandsWin() {
    System.setProperty(SUBMITTED, "from-spark-submit");
    System.setProperty(BOTH, "from-spark-submit");
    Configuration conf = IoChecks.hadoop(Map.of(BOTH, "from-the-command", "spark.executor.memory", "2g"));
    assertEquals("from-spark-submit", conf.get("gait.test.submitted"));
    assertEquals("from-the-command", conf.get("gait.test.both"));
    assertNull(conf.get("executor.memory"), "only spark.hadoop.* keys become Hadoop settings");
    assertNull(conf.get("spark.executor.memory"), "only spark.hadoop.* keys become Hadoop settings");
  }
}
