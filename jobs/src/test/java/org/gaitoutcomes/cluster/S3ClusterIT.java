package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline on S3: an S3-compatible server on loopback ({@link S3Server}, s3proxy in its own JVM), {@code
 * data-samples} and the study spec uploaded into a bucket, the shaded jar submitted with {@code --input s3a://...
 * --spec s3a://... --output s3a://...} on {@code local[2]}, with {@code hadoop-aws} and the AWS SDK bundle given
 * to the submitted JVM as extra jars (as a user adds them; target/spark-home does not have them). The output is
 * committed on S3 ({@code _COMMITTED}, no staging folder or lease left beside it) and equals a local-file run's.
 * A later run into the same output whose input is corrupt fails after its staging began; the previous output
 * stays in place, unchanged object by object, and committed.
 *
 * <p>Spark writes each table with its default commit protocol and Hadoop's {@code FileOutputCommitter}
 * (algorithm 1): the S3A committers need {@code spark-hadoop-cloud}, which Maven Central does not serve for
 * Spark 3.5.9. That committer's renames are object copies on S3, so a table is not published atomically; what
 * makes the output safe is {@link StagedOutput}: every table is written inside the hidden staging folder, the
 * folder is copied into place, and {@value StagedOutput#MARKER} is written last, and every reader refuses a
 * folder without it (docs/cluster.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3ClusterIT {
  static final String MASTER = "local[2]";
  /** What the failing rerun's error names: the corrupt table, found while ingest reads it inside a Spark job. */
  static final String CORRUPT_TABLE_ERROR = "cannot ingest table gait_scans";

  private static Path dir;
  private static S3Server s3;
  private static FileSystem fs;
  private static String input;
  private static String corruptInput;
  private static String spec;
  private static String output;

  @BeforeAll
  static void startS3() throws IOException, InterruptedException {
    // Belt and braces: the static key provider and a named region already keep the SDK off any metadata service.
    System.setProperty("com.amazonaws.sdk.disableEc2Metadata", "true");
    dir = Files.createDirectories(ClusterRuns.scratch().resolve("s3"));
    ClusterRuns.startReferenceInBackground();
    long start = System.nanoTime();
    s3 = S3Server.start(dir, Duration.ofSeconds(60));
    System.out.println("cluster test: S3 (s3proxy) up in " + seconds(start) + " s at " + s3.endpoint());
    fs = s3.newFs();
    input = s3.bucketUri() + "/studies/input/" + ClusterTestCommand.INPUT;
    corruptInput = s3.bucketUri() + "/studies/input-corrupt/" + ClusterTestCommand.INPUT;
    spec = s3.bucketUri() + "/studies/light-study.conf";
    output = s3.bucketUri() + "/studies/results/run-01";
    long upload = System.nanoTime();
    S3Server.upload(fs, RepoPaths.root().resolve(ClusterTestCommand.INPUT), input);
    S3Server.upload(fs, RepoPaths.root().resolve(ClusterTestCommand.SPEC), spec);
    S3Server.upload(fs, RepoPaths.root().resolve(ClusterTestCommand.INPUT), corruptInput);
    Path scans = dir.resolve("gait_scans-corrupt.parquet");
    Files.write(scans, scrambledPages(Files.readAllBytes(RepoPaths.root().resolve(ClusterTestCommand.INPUT + "/gait_scans.parquet"))));
    S3Server.upload(fs, scans, corruptInput + "/gait_scans.parquet");
    System.out.println("cluster test: inputs uploaded to S3 in " + seconds(upload) + " s");
  }

  @AfterAll
  static void stopS3() throws IOException {
    if (fs != null) {
      fs.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Order(1)
  void runOnS3CommitsAndEqualsTheLocalRun() throws IOException, InterruptedException {
    ClusterRuns.referenceOutput();
    SparkSubmitRun.Result r = submit("s3", input);
    ClusterRuns.report("s3", r);
    assertEquals(0, r.exitCode(), "run on S3 failed: " + r.describe() + "\ns3proxy log:\n" + SparkProcesses.tail(s3.log(), 20));
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(output, StagedOutput.MARKER)), "no " + StagedOutput.MARKER + " in " + output);
    assertEquals(List.of("run-01"), siblingsOfOutput(), "only the committed output is left beside it (no staging folder or lease)");
    Path local = dir.resolve("out-copy");
    S3Server.download(fs, output, local);
    ClusterRuns.assertFinishedOn(local, MASTER);
    ClusterRuns.assertSameAsReference(local);
  }

  @Test
  @Order(2)
  void aRunThatFailsAfterStagingBeganLeavesThePreviousOutputInPlace() throws IOException, InterruptedException {
    Map<String, String> before = S3Server.fingerprint(fs, output);
    assertTrue(before.containsKey("/" + StagedOutput.MARKER), "the first test's committed output is missing: " + before.keySet());
    // The corrupt input passes every check made before the output is staged (its files exist, the Parquet footer
    // and schema are intact); its data pages are scrambled, so ingest fails inside a Spark job, after
    // StagedOutput.begin created the staging folder and ingest wrote the tables before gait_scans into it.
    SparkSubmitRun.Result r = submit("s3-failing", corruptInput);
    ClusterRuns.report("s3-failing", r);
    assertNotEquals(0, r.exitCode(), "the run on a corrupt input should have failed: " + r.describe());
    String log = Files.readString(r.log());
    assertTrue(log.contains(CORRUPT_TABLE_ERROR), "the run did not fail on the corrupt gait_scans table: " + r.describe());
    assertTrue(log.contains("aborting job"), "the run failed before any Spark job ran, so before staging: " + r.describe());
    assertEquals(before, S3Server.fingerprint(fs, output), "the previous output changed under a failed run");
    assertEquals(List.of("run-01"), siblingsOfOutput(), "the failed run left its staging folder or lease behind");
    // Still a finished output for every reader: the check each stage applies to its inputs accepts it.
    StagedOutput.requireCommitted(fs.getConf(), output);
    StagedOutput.requireCommitted(fs.getConf(), output + "/curated");
  }

  private static SparkSubmitRun.Result submit(String name, String inputUri) throws IOException, InterruptedException {
    Map<String, String> conf = new LinkedHashMap<>(s3.sparkConf());
    return SparkSubmitRun.submit(name, MASTER, "client", conf, S3Server.s3aJars(), Map.of("AWS_EC2_METADATA_DISABLED", "true"),
        ClusterTestCommand.forUris(inputUri, spec, output), dir, ClusterRuns.SUBMIT_TIMEOUT);
  }

  /** Names in the output's parent folder, sorted (hidden staging folders and leases included). */
  private static List<String> siblingsOfOutput() throws IOException {
    FileStatus[] all = fs.listStatus(new org.apache.hadoop.fs.Path(output).getParent());
    return Arrays.stream(all).map(s -> s.getPath().getName()).sorted().toList();
  }

  /**
   * A Parquet file with its magic numbers and footer (schema, row-group metadata) intact and every byte between
   * them scrambled: readable up to the first data page, which then fails to decode.
   */
  static byte[] scrambledPages(byte[] parquet) {
    int n = parquet.length;
    byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
    assertTrue(Arrays.equals(Arrays.copyOfRange(parquet, n - 4, n), magic) && Arrays.equals(Arrays.copyOfRange(parquet, 0, 4), magic),
        "not a Parquet file");
    int footer = ByteBuffer.wrap(parquet, n - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    byte[] out = parquet.clone();
    for (int i = 4; i < n - 8 - footer; i++) {
      out[i] = (byte) (out[i] * 7 + 13);
    }
    return out;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000 / 1000.0;
  }
}
