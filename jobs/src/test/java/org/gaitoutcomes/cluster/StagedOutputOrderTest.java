package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.io.StagedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On an object store a folder rename is a file-by-file copy, so the {@code _COMMITTED} marker must be
 * written only after the output is in place: a crash mid-copy then leaves a folder readers refuse.
 */
class StagedOutputOrderTest {
  /** The local file system under the scheme {@code rec:}, recording creates and renames. */
  public static final class RecordingFileSystem extends RawLocalFileSystem {
    static final List<String> OPERATIONS = new ArrayList<>();

    @Override
    public URI getUri() {
      return URI.create("rec:///");
    }

    @Override
    public FSDataOutputStream create(org.apache.hadoop.fs.Path f, boolean overwrite, int bufferSize, short replication,
        long blockSize, Progressable progress) throws IOException {
      OPERATIONS.add("create " + f.getParent().getName() + "/" + f.getName());
      return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(org.apache.hadoop.fs.Path f, FsPermission permission, boolean overwrite, int bufferSize,
        short replication, long blockSize, Progressable progress) throws IOException {
      OPERATIONS.add("create " + f.getParent().getName() + "/" + f.getName());
      return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) throws IOException {
      OPERATIONS.add("rename -> " + dst.getName());
      return super.rename(src, dst);
    }
  }

  @TempDir
  Path tmp;

  @Test
  void markerIsWrittenAfterTheOutputIsInPlace() {
    Configuration conf = new Configuration(false);
    conf.set("fs.rec.impl", RecordingFileSystem.class.getName());
    conf.setBoolean("fs.rec.impl.disable.cache", true);
    String target = "rec://" + tmp.resolve("out").toAbsolutePath();
    RecordingFileSystem.OPERATIONS.clear();

    try (StagedOutput out = StagedOutput.begin(conf, target)) {
      HadoopFiles.writeString(conf, out.path("result.json"), "{}");
      assertThrows(GaitException.class, () -> StagedOutput.requireCommitted(conf, out.root()));
      out.commit();
    }

    List<String> ops = RecordingFileSystem.OPERATIONS;
    assertEquals("rename -> out", ops.get(ops.size() - 2), ops.toString());
    assertEquals("create out/" + StagedOutput.MARKER, ops.get(ops.size() - 1), ops.toString());
    StagedOutput.requireCommitted(conf, target);
    assertTrue(Files.exists(tmp.resolve("out/result.json")));
  }
}
