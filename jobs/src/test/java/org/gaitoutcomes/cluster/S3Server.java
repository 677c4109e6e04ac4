package org.gaitoutcomes.cluster;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.Protocol;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.gaitoutcomes.testing.RepoPaths;

/**
 * An S3-compatible object store on loopback: s3proxy ({@code org.gaul:s3proxy:2.2.0}) with jclouds' in-memory
 * {@code transient} blob store, on a free port of 127.0.0.1, signing checked against one static test-only key
 * pair, with one bucket ({@link #BUCKET}). Started once per test class.
 *
 * <p><b>Why in its own JVM.</b> s3proxy's dependencies clash with Spark's on the test classpath: it needs
 * Jackson 2.16 (Spark's jackson-module-scala 2.15 refuses any other jackson-databind minor version), Guava 32
 * for jclouds (Spark's tree puts Guava 16 there), and logback as its SLF4J binding (Spark's is log4j2).
 * Excluding either side's versions would run one of them on libraries it was not built with. So it runs as
 * {@code java -jar} on its own self-contained build ({@code s3proxy-2.2.0-jar-with-dependencies.jar}, copied
 * by the pom into {@code target/s3proxy-jars} before the integration tests), started and stopped by its
 * handle through {@link SparkProcesses}; this JVM only talks HTTP to it.
 *
 * <p>The in-memory store keeps S3's flat key space (no file-system folders under the keys, unlike jclouds'
 * {@code filesystem} store); everything is gone when the server stops, and the tests copy what they check
 * to local disk.
 */
final class S3Server implements AutoCloseable {
  /** The bucket every test writes into. */
  static final String BUCKET = "gait-studies";
  /** Dummy credentials, for this loopback server only: they protect nothing and appear in no real account. */
  static final String ACCESS_KEY = "gait-test-access-key";
  static final String SECRET_KEY = "gait-test-secret-key";
  /** The region the S3A client signs for; s3proxy accepts any, and naming one stops the SDK from looking one up. */
  static final String REGION = "us-east-1";

  private final Process process;
  private final int port;
  private final Path log;

  private S3Server(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts s3proxy with its configuration and log in {@code dir}, waits until it answers HTTP, and creates {@link #BUCKET}. */
  static S3Server start(Path dir, Duration timeout) throws IOException, InterruptedException {
    Path jar = s3proxyJar();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no s3proxy jar at " + jar + ": run through Maven (the pom copies it before the integration tests)");
    }
    int port = SparkProcesses.freePort();
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=transient",
        "jclouds.identity=" + ACCESS_KEY,
        "jclouds.credential=" + SECRET_KEY,
        ""), StandardCharsets.UTF_8);
    Path log = dir.resolve("s3proxy.log");
    Process p = SparkProcesses.startJar(jar, List.of("--properties", props.toString()), "512m", log);
    S3Server server = new S3Server(p, port, log);
    try {
      server.awaitHttp(timeout);
      server.createBucket();
    } catch (InterruptedException | RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** {@code http://127.0.0.1:<port>}. */
  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code s3a://<bucket>}, the root of the test bucket without a trailing slash. */
  String bucketUri() {
    return "s3a://" + BUCKET;
  }

  /**
   * The S3A settings that point Hadoop at this server, as Hadoop keys (without {@code spark.hadoop.}): the
   * endpoint over plain HTTP with path-style addressing, the static test keys (the only credential provider,
   * so nothing ever asks an instance-metadata service), and no change detection while reading (the in-memory
   * store keeps no object versions; the tests compare ETags themselves, {@link #fingerprint}).
   */
  Map<String, String> s3aSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint());
    s.put("fs.s3a.endpoint.region", REGION);
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", ACCESS_KEY);
    s.put("fs.s3a.secret.key", SECRET_KEY);
    s.put("fs.s3a.change.detection.mode", "none");
    s.put("fs.s3a.attempts.maximum", "3");
    s.put("fs.s3a.retry.limit", "3");
    return s;
  }

  /** {@link #s3aSettings} as spark-submit {@code --conf} pairs ({@code spark.hadoop.} prefixed). */
  Map<String, String> sparkConf() {
    Map<String, String> c = new LinkedHashMap<>();
    s3aSettings().forEach((k, v) -> c.put("spark.hadoop." + k, v));
    return c;
  }

  /**
   * A new (uncached) S3A client of the bucket; the caller closes it. ETag checksums are on, so
   * {@link #fingerprint} can tell a rewritten object from the same one.
   */
  FileSystem newFs() throws IOException {
    Configuration conf = new Configuration();
    s3aSettings().forEach(conf::set);
    conf.set("fs.s3a.etag.checksum.enabled", "true");
    return FileSystem.newInstance(URI.create(bucketUri() + "/"), conf);
  }

  /**
   * Copies a local file or folder to {@code target} (an s3a URI) file by file, each with {@code fs.create} and a
   * stream copy: Hadoop's {@code copyFromLocalFile} hung against s3proxy in an earlier attempt.
   */
  static void upload(FileSystem fs, Path local, String target) throws IOException {
    if (Files.isDirectory(local)) {
      try (Stream<Path> files = Files.walk(local)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String rel = local.relativize(f).toString().replace(File.separatorChar, '/');
          upload(fs, f, target + "/" + rel);
        }
      }
      return;
    }
    try (InputStream in = Files.newInputStream(local); OutputStream out = fs.create(new org.apache.hadoop.fs.Path(target), true)) {
      in.transferTo(out);
    }
  }

  /** Copies every file below {@code folder} (an s3a URI) to {@code local}, keeping the relative paths. */
  static void download(FileSystem fs, String folder, Path local) throws IOException {
    org.apache.hadoop.fs.Path root = fs.makeQualified(new org.apache.hadoop.fs.Path(folder));
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      String rel = f.getPath().toUri().getPath().substring(root.toUri().getPath().length() + 1);
      Path dest = local.resolve(rel);
      Files.createDirectories(dest.getParent());
      try (InputStream in = fs.open(f.getPath())) {
        Files.copy(in, dest);
      }
    }
  }

  /** Every object below {@code folder} by key relative to it, with its length and ETag checksum: a fingerprint of the folder. */
  static Map<String, String> fingerprint(FileSystem fs, String folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    org.apache.hadoop.fs.Path root = fs.makeQualified(new org.apache.hadoop.fs.Path(folder));
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      String rel = f.getPath().toUri().getPath().substring(root.toUri().getPath().length());
      files.put(rel, f.getLen() + " " + fs.getFileChecksum(f.getPath()));
    }
    return files;
  }

  /**
   * The jars that give a JVM the s3a file system: {@code hadoop-aws} and {@code aws-java-sdk-bundle}, taken from
   * this test JVM's classpath (test scope in the pom, never in target/spark-home/jars), in the order found.
   */
  static List<Path> s3aJars() {
    List<Path> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .filter(p -> {
          String n = p.getFileName().toString();
          return n.startsWith("hadoop-aws-") || n.startsWith("aws-java-sdk-bundle-");
        })
        .toList();
    if (jars.size() != 2) {
      throw new IllegalStateException("expected hadoop-aws and aws-java-sdk-bundle on the test classpath, found " + jars);
    }
    return jars;
  }

  /** The server's log, for failure messages. */
  Path log() {
    return log;
  }

  @Override
  public void close() {
    SparkProcesses.stop(process);
  }

  private static Path s3proxyJar() {
    String jar = System.getProperty("gait.s3proxy.jar");
    return jar != null ? Path.of(jar) : RepoPaths.root().resolve("jobs/target/s3proxy-jars/s3proxy.jar");
  }

  /** Waits until the server answers an HTTP request (any status: an unsigned request is refused with 403). */
  private void awaitHttp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ":\n" + SparkProcesses.tail(log, 40));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        try {
          if (c.getResponseCode() > 0) {
            return;
          }
        } finally {
          c.disconnect();
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("s3proxy did not answer on " + endpoint() + " within " + timeout + " (" + last + "):\n"
        + SparkProcesses.tail(log, 40));
  }

  /** Creates {@link #BUCKET} with the AWS SDK (S3A never creates buckets). */
  private void createBucket() {
    AmazonS3 s3 = AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), REGION))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
        .withClientConfiguration(new ClientConfiguration().withProtocol(Protocol.HTTP))
        .build();
    try {
      s3.createBucket(BUCKET);
      if (!s3.doesBucketExistV2(BUCKET)) {
        throw new IllegalStateException("bucket " + BUCKET + " not created on " + endpoint());
      }
    } finally {
      s3.shutdown();
    }
  }
}
