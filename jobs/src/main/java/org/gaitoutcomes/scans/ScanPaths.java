package org.gaitoutcomes.scans;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Where a manifest's file really is. A manifest names files relative to the scans folder, and a
 * {@code ../} path is refused when the manifest is read; a symbolic link inside the folder could still
 * lead anywhere (another study's exports, a home folder), so the import checks where each file resolves.
 */
final class ScanPaths {
  private ScanPaths() {}

  /**
   * Whether {@code file} (below {@code scansDir}) resolves to a place inside {@code scansDir} once
   * every symbolic link is followed. On the local file system links are resolved fully; on a file
   * system with links of its own (HDFS with links enabled) a file that is itself a link is refused.
   * A file that does not exist stays inside (it is reported as not found when it is opened).
   */
  static boolean staysInside(Path scansDir, Path file, Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      java.nio.file.Path f = java.nio.file.Path.of(fs.makeQualified(file).toUri());
      if (!java.nio.file.Files.exists(f)) {
        return true;
      }
      java.nio.file.Path dir = java.nio.file.Path.of(fs.makeQualified(scansDir).toUri()).toRealPath();
      return f.toRealPath().startsWith(dir);
    }
    if (!fs.supportsSymlinks()) {
      return true;
    }
    try {
      return !fs.getFileLinkStatus(file).isSymlink();
    } catch (java.io.FileNotFoundException e) {
      return true;
    }
  }
}
