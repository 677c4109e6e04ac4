package org.gaitoutcomes.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.gaitoutcomes.GaitException;

/**
 * Small driver-side file operations through Hadoop's FileSystem, so every path works the same on
 * {@code file://}, {@code hdfs://} and {@code s3a://}. For configuration, manifests and metadata
 * only: patient-level data is always read and written by Spark on the executors.
 */
public final class HadoopFiles {
  /** Files up to this size get a SHA-256 in the run manifest; larger ones their file-system checksum. */
  public static final long SHA256_LIMIT_BYTES = 256L << 20;

  private HadoopFiles() {}

  public static FileSystem fileSystem(Configuration conf, String uri) {
    try {
      return new Path(uri).getFileSystem(conf);
    } catch (IOException e) {
      throw new GaitException("cannot open file system for " + uri + ": " + e.getMessage(), e);
    }
  }

  public static boolean exists(Configuration conf, String uri) {
    try {
      return fileSystem(conf, uri).exists(new Path(uri));
    } catch (IOException e) {
      throw new GaitException("cannot check " + uri + ": " + e.getMessage(), e);
    }
  }

  public static String readString(Configuration conf, String uri) {
    return new String(readBytes(conf, uri), StandardCharsets.UTF_8);
  }

  public static byte[] readBytes(Configuration conf, String uri) {
    Path path = new Path(uri);
    try (InputStream in = fileSystem(conf, uri).open(path)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (java.io.FileNotFoundException e) {
      throw new GaitException("file not found: " + uri, e);
    } catch (IOException e) {
      throw new GaitException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  public static void writeString(Configuration conf, String uri, String text) {
    writeBytes(conf, uri, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void writeBytes(Configuration conf, String uri, byte[] bytes) {
    Path path = new Path(uri);
    try (FSDataOutputStream out = fileSystem(conf, uri).create(path, true)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new GaitException("cannot write " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Opens {@code uri} for writing, replacing any file there; the caller closes the stream. */
  public static OutputStream create(Configuration conf, String uri) {
    try {
      return fileSystem(conf, uri).create(new Path(uri), true);
    } catch (IOException e) {
      throw new GaitException("cannot write " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Data files below {@code uri} (or {@code uri} itself), skipping hidden and {@code _}-prefixed names. */
  public static List<FileStatus> listDataFiles(Configuration conf, String uri) {
    Path root = new Path(uri);
    FileSystem fs = fileSystem(conf, uri);
    List<FileStatus> files = new ArrayList<>();
    try {
      FileStatus status = fs.getFileStatus(root);
      if (status.isFile()) {
        files.add(status);
        return files;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (!isHidden(root, f.getPath())) {
          files.add(f);
        }
      }
    } catch (java.io.FileNotFoundException e) {
      throw new GaitException("not found: " + uri, e);
    } catch (IOException e) {
      throw new GaitException("cannot list " + uri + ": " + e.getMessage(), e);
    }
    files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
    return files;
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String n = p.getName();
      if (n.startsWith(".") || n.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A checksum for the run manifest: {@code sha256:HEX} for files up to {@link #SHA256_LIMIT_BYTES},
   * otherwise the file system's own checksum (HDFS, some object stores) or {@code size+mtime}.
   */
  public static String checksum(Configuration conf, FileStatus file) {
    try {
      FileSystem fs = file.getPath().getFileSystem(conf);
      if (file.getLen() <= SHA256_LIMIT_BYTES) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = fs.open(file.getPath())) {
          byte[] buf = new byte[1 << 16];
          for (int n; (n = in.read(buf)) > 0; ) {
            sha.update(buf, 0, n);
          }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
      }
      FileChecksum fsChecksum = fs.getFileChecksum(file.getPath());
      if (fsChecksum != null) {
        return fsChecksum.getAlgorithmName() + ":" + HexFormat.of().formatHex(fsChecksum.getBytes());
      }
      return "size+mtime:" + file.getLen() + "@" + file.getModificationTime();
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new GaitException("cannot checksum " + file.getPath() + ": " + e.getMessage(), e);
    }
  }

  /** The last path component, for messages that must not carry a full (possibly identifying) path. */
  public static String fileName(String uri) {
    return new Path(uri).getName();
  }
}
