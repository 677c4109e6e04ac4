package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spark-submit jar: our classes only (dependencies relocated under {@code org/gaitoutcomes/shaded/}),
 * nothing a cluster already provides, and the resources the jobs load from the classpath.
 */
class ShadedJarIT {
  /** Configuration files that, on the classpath, would override the cluster's own logging or Hadoop/Spark settings. */
  static final Set<String> CLUSTER_CONFIG_FILES = Set.of("log4j2.properties", "log4j2.xml", "log4j.properties",
      "log4j2-test.properties", "core-site.xml", "hdfs-site.xml", "yarn-site.xml", "mapred-site.xml", "hive-site.xml",
      "spark-defaults.conf");
  /** Packages a cluster provides; bundling them would clash with its own versions. */
  static final List<String> PROVIDED = List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "com/fasterxml/jackson/",
      "com/google/common/", "org/apache/parquet/", "org/slf4j/", "org/apache/logging/", "io/netty/");

  private static List<String> entries;
  private static Manifest manifest;

  @BeforeAll
  static void openJar() throws IOException {
    Path jar = SparkProcesses.jar();
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built by 'mvn package' at " + jar);
    try (JarFile jf = new JarFile(jar.toFile())) {
      entries = jf.stream().map(ZipEntry::getName).toList();
      manifest = jf.getManifest();
    }
  }

  @Test
  void holdsOnlyOurClasses() {
    List<String> foreign = entries.stream()
        .filter(e -> e.endsWith(".class"))
        .filter(e -> !e.startsWith("org/gaitoutcomes/") && !e.startsWith("META-INF/"))
        .toList();
    assertEquals(List.of(), foreign, "classes outside org/gaitoutcomes/ in the spark-submit jar");
  }

  @Test
  void bundlesNothingTheClusterProvides() {
    List<String> provided = entries.stream().filter(e -> PROVIDED.stream().anyMatch(e::startsWith)).toList();
    assertEquals(List.of(), provided, "Spark, Scala, Hadoop, Jackson, Guava, Parquet or logging classes in the jar");
  }

  @Test
  void relocatesItsOwnDependencies() {
    for (String shaded : List.of("org/gaitoutcomes/shaded/picocli/CommandLine.class",
        "org/gaitoutcomes/shaded/typesafe/config/ConfigFactory.class",
        "org/gaitoutcomes/shaded/jfree/chart/JFreeChart.class",
        "org/gaitoutcomes/shaded/mustache/Mustache.class")) {
      assertTrue(entries.contains(shaded), "missing relocated " + shaded);
    }
    List<String> unrelocated = entries.stream()
        .filter(e -> e.startsWith("picocli/") || e.startsWith("com/typesafe/") || e.startsWith("org/jfree/")
            || e.startsWith("com/samskivert/"))
        .toList();
    assertEquals(List.of(), unrelocated, "dependencies not relocated under org/gaitoutcomes/shaded/");
  }

  @Test
  void carriesOurResourcesAndNoClusterConfiguration() {
    List<String> clusterConfig = entries.stream().filter(CLUSTER_CONFIG_FILES::contains).toList();
    assertEquals(List.of(), clusterConfig, "configuration files that would override the cluster's own");
    assertTrue(entries.contains("reference.conf"), "reference.conf (the documented defaults) missing");
    assertTrue(entries.contains("schemas/patients.json"), "the data contracts (schemas/*.json) missing");
  }

  @Test
  void namesMainAsItsMainClass() {
    assertEquals("org.gaitoutcomes.cli.Main", manifest.getMainAttributes().getValue("Main-Class"));
  }

  @Test
  void reportFromTheJarNamesTheBundledLibraryVersions(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    // Relocation rewrites string literals that start with a relocated package: the version lookup must survive it.
    // The report's folder is replaced as a whole: it must not be the folder that holds the log.
    Path html = tmp.resolve("report/report.html");
    Path log = tmp.resolve("report.log");
    Process p = SparkProcesses.start("org.gaitoutcomes.cli.Main",
        List.of("report", "--results", RepoPaths.root().resolve("jobs/src/test/resources/report/study/results").toString(),
            "--output", html.toString()),
        List.of(SparkProcesses.jar()), "1g", log, java.util.Map.of());
    try {
      assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "report did not finish in 120 s: " + SparkProcesses.tail(log, 20));
      assertEquals(0, p.exitValue(), SparkProcesses.tail(log, 20));
    } finally {
      SparkProcesses.stop(p);
    }
    String text = Files.readString(html);
    assertTrue(java.util.regex.Pattern.compile("JFreeChart 1\\.5\\.\\d+ with JFreeSVG 5\\.\\d+\\.\\d+, layout by JMustache 1\\.\\d+").matcher(text).find(),
        "library versions in the report's software line");
  }
}
