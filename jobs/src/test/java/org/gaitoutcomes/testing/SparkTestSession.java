package org.gaitoutcomes.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.holdenkarau.spark.testing.SparkSessionProvider;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one local[2] SparkSession every Spark test shares (one surefire fork, reused), registered with
 * spark-testing-base so its DataFrame assertions work from JUnit 5.
 */
public final class SparkTestSession {
  private static SparkSession spark;
  private static JavaDataFrameSuiteBase assertions;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("gait-outcomes tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "4")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.adaptive.enabled", "true")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.codegen.wholeStage", "true")
          .getOrCreate();
      SparkSessionProvider._sparkSession_$eq(spark);
      assertions = new JavaDataFrameSuiteBase();
    }
    return spark;
  }

  /** Equal schemas and equal rows in any order (spark-testing-base). */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    get();
    assertions.assertDataFrameNoOrderEquals(expected, actual);
  }

  /** Equal rows (in order) with numbers equal within {@code tolerance} (spark-testing-base). */
  public static void assertApproximatelyEqual(Dataset<Row> expected, Dataset<Row> actual, double tolerance) {
    get();
    assertions.assertDataFrameApproximateEquals(expected, actual, tolerance);
  }
}
