package org.gaitoutcomes.io;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.gaitoutcomes.GaitException;

/**
 * Writes an output folder so that readers only ever see a complete one. Everything is written to a
 * hidden staging folder beside the target; {@link #commit()} swaps it in place of the target (the
 * previous output, if any, is renamed aside and then deleted) and then writes a {@value #MARKER}
 * marker into it. On HDFS and local disks the swap is a pair of renames; on object stores, where a
 * rename is a file-by-file copy, the marker is what makes an output valid: it is written only after
 * every file has arrived, and {@link #requireCommitted} refuses a folder without it, so a crash
 * mid-run or mid-copy can never be read as a finished output.
 */
public final class StagedOutput implements AutoCloseable {
  public static final String MARKER = "_COMMITTED";

  private final Configuration conf;
  private final Path target;
  private final Path staging;
  private boolean committed;

  private StagedOutput(Configuration conf, Path target) {
    this.conf = conf;
    this.target = target;
    this.staging = new Path(target.getParent(), "." + target.getName() + ".staging-" + UUID.randomUUID());
  }

  /** Starts a staged write of the folder {@code targetUri}. */
  public static StagedOutput begin(Configuration conf, String targetUri) {
    Path target = new Path(targetUri);
    if (target.getParent() == null) {
      throw new GaitException("output must not be a file-system root: " + targetUri);
    }
    StagedOutput out = new StagedOutput(conf, target);
    try {
      FileSystem fs = out.fs();
      if (fs.exists(target) && fs.getFileStatus(target).isFile()) {
        throw new GaitException("output " + targetUri + " exists and is a file, not a folder");
      }
      fs.mkdirs(out.staging);
    } catch (IOException e) {
      throw new GaitException("cannot create output " + targetUri + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The staging URI of {@code child} (a relative path inside the output). */
  public String path(String child) {
    return new Path(staging, child).toString();
  }

  /** The staging folder itself. */
  public String root() {
    return staging.toString();
  }

  /** The final location of the output. */
  public String target() {
    return target.toString();
  }

  /** Moves the output into place, replacing any previous output, and then marks it complete. */
  public void commit() {
    try {
      FileSystem fs = fs();
      Path old = null;
      if (fs.exists(target)) {
        old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
        if (!fs.rename(target, old)) {
          throw new IOException("could not move the previous output aside");
        }
      }
      if (!fs.rename(staging, target)) {
        if (old != null) {
          fs.rename(old, target);
        }
        throw new IOException("could not move the staged output into place");
      }
      // Last, once every file is in place: on an object store the rename above copies file by file.
      fs.create(new Path(target, MARKER), true).close();
      if (old != null) {
        fs.delete(old, true);
      }
      committed = true;
    } catch (IOException e) {
      throw new GaitException("cannot commit output " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Moves the output into place like {@link #commit()} but writes no {@value #MARKER}: an output kept
   * for inspection that {@link #requireCommitted} refuses (a run that finished writing but is invalid).
   */
  public void publishUncommitted() {
    try {
      FileSystem fs = fs();
      Path old = null;
      if (fs.exists(target)) {
        old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
        if (!fs.rename(target, old)) {
          throw new IOException("could not move the previous output aside");
        }
      }
      if (!fs.rename(staging, target)) {
        if (old != null) {
          fs.rename(old, target);
        }
        throw new IOException("could not move the staged output into place");
      }
      if (old != null) {
        fs.delete(old, true);
      }
      committed = true;
    } catch (IOException e) {
      throw new GaitException("cannot write output " + target + ": " + e.getMessage(), e);
    }
  }

  /** Removes the staging folder if the output was not committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        fs().delete(staging, true);
      } catch (IOException e) {
        // Best effort: a stale hidden staging folder is never read as output.
      }
    }
  }

  /** Fails, naming the folder, unless {@code uri} is a committed output. */
  public static void requireCommitted(Configuration conf, String uri) {
    Path p = new Path(uri);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new GaitException("input folder not found: " + uri);
      }
      if (!fs.exists(new Path(p, MARKER))) {
        throw new GaitException("input folder " + uri + " is incomplete (no " + MARKER
            + " marker): it was not written by a finished run; run the stage that writes it again");
      }
    } catch (IOException e) {
      throw new GaitException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  private FileSystem fs() throws IOException {
    return target.getFileSystem(conf);
  }
}
