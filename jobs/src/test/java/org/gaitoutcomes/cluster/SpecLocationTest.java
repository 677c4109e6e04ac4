package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a study spec may live on a cluster: any Hadoop URI, or a local path even when the default file system is HDFS. */
class SpecLocationTest {
  /** A YARN client's configuration: bare paths resolve against HDFS (here one that does not exist). */
  private static Configuration yarnClient() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "hdfs://no-such-namenode.invalid:8020");
    return conf;
  }

  @TempDir
  Path tmp;

  @Test
  void bareLocalPathIsReadFromLocalDiskNotTheDefaultFileSystem() throws IOException {
    Path spec = Files.writeString(tmp.resolve("study.conf"), "gait.no_such_key = 1\n");
    GaitException e = assertThrows(GaitException.class, () -> Settings.load(yarnClient(), spec.toString(), Map.of()));
    // The file's content was read (its unknown key is reported), not looked up on the HDFS default file system.
    assertTrue(e.getMessage().startsWith("unknown setting 'gait.no_such_key' in " + spec), e.getMessage());
  }

  @Test
  void explicitFileUriIsReadThroughHadoop() throws IOException {
    Path spec = Files.writeString(tmp.resolve("study.conf"), "gait { }\n");
    assertEquals(Settings.defaults(), Settings.load(yarnClient(), spec.toUri().toString(), Map.of()));
  }
}
