package org.gaitoutcomes.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.io.PathOverlap.Relation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output/input overlap on normalized paths (no Spark, nothing written by the code under test). */
class PathOverlapTest {
  private final Configuration conf = new Configuration(false);

  @TempDir
  Path tmp;

  private Relation rel(String output, String input) {
    return PathOverlap.relation(PathOverlap.normalize(conf, output), PathOverlap.normalize(conf, input));
  }

  @Test
  void sameInsideContainsAndApart() {
    String in = tmp.resolve("in").toString();
    assertEquals(Relation.SAME, rel(in, in));
    assertEquals(Relation.SAME, rel(in + "/", in));
    assertEquals(Relation.INSIDE, rel(in + "/out", in));
    assertEquals(Relation.CONTAINS, rel(tmp.toString(), in));
    assertEquals(Relation.APART, rel(tmp.resolve("input").toString(), in), "a name prefix is not a parent folder");
    assertEquals(Relation.APART, rel(tmp.resolve("out").toString(), in));
  }

  @Test
  void schemesDotDotAndRelativePathsAreNormalized() {
    String in = tmp.resolve("in").toString();
    assertEquals(Relation.SAME, rel("file://" + in, in));
    assertEquals(Relation.SAME, rel("file:" + in, in));
    assertEquals(Relation.SAME, rel(tmp.resolve("in/sub/..").toString(), in));
    assertEquals(Relation.SAME, rel(tmp.resolve("other/../in").toString(), "file:" + in));
    Path cwd = Path.of("").toAbsolutePath();
    assertEquals(Relation.SAME, rel("target", cwd.resolve("target").toString()));
  }

  @Test
  void symbolicLinksAreResolved() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), in);
    assertEquals(Relation.SAME, rel(link.toString(), in.toString()));
    assertEquals(Relation.INSIDE, rel(link.resolve("not-yet/out").toString(), in.toString()));
    Path linkedParent = Files.createSymbolicLink(tmp.resolve("up"), tmp);
    assertEquals(Relation.CONTAINS, rel(linkedParent.toString(), in.toString()));
  }

  @Test
  void otherFileSystemsCompareSchemeAuthorityAndPath() {
    assertEquals(Relation.SAME, rel("hdfs://nn:8020/data/in", "hdfs://NN:8020/data/in/"));
    assertEquals(Relation.INSIDE, rel("s3a://bucket/data/in/out", "s3a://bucket/data/in"));
    assertEquals(Relation.SAME, rel("s3a://bucket/data/x/../in", "s3a://bucket/data/in"));
    assertEquals(Relation.APART, rel("s3a://other/data/in", "s3a://bucket/data/in"));
    assertEquals(Relation.APART, rel("hdfs://nn:8020/data/in", tmp.resolve("data/in").toString()));
  }

  @Test
  void conflictNamesBothOptionsAndSkipsMissingInputs() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Optional<String> c = PathOverlap.conflict(conf, Map.of("--output", in.resolve("out").toString()), Map.of("--input", in.toString()));
    assertEquals("--output out lies inside --input in: refusing to write there, since replacing the output would delete the input; "
        + "choose a separate output folder", c.orElseThrow());
    assertTrue(PathOverlap.conflict(conf, Map.of("--output", tmp.resolve("nowhere/out").toString()),
        Map.of("--input", tmp.resolve("nowhere").toString())).isEmpty(), "an input that does not exist cannot be lost");
    assertTrue(PathOverlap.conflict(conf, Map.of("--output", tmp.resolve("out").toString()), Map.of("--input", in.toString())).isEmpty());
  }

  @Test
  void anOutputContainingTheWorkingFolderIsRefused() {
    Path cwd = Path.of("").toAbsolutePath();
    Optional<String> c = PathOverlap.conflict(conf, Map.of("--output", cwd.getParent().toString()), Map.of());
    assertTrue(c.orElseThrow().endsWith("contains the working folder: refusing to replace it; choose a separate output folder"), c.get());
    assertTrue(PathOverlap.conflict(conf, Map.of("--output", "."), Map.of()).orElseThrow().contains("is the same folder as the working folder"));
    assertTrue(PathOverlap.conflict(conf, Map.of("--output", "target/some-out"), Map.of()).isEmpty());
  }

  @Test
  void normalizedLocalPathsAreFileUris() {
    URI u = PathOverlap.normalize(conf, tmp.resolve("a/./b/../c").toString());
    assertEquals("file", u.getScheme());
    assertTrue(u.getPath().endsWith("/a/c"), u.toString());
  }
}
