package org.gaitoutcomes.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS on loopback inside the test JVM: one NameNode and one DataNode ({@link MiniDFSCluster},
 * from {@code hadoop-client-minicluster} at Spark's Hadoop version) on free ephemeral ports of
 * 127.0.0.1, storing its blocks under {@code dir}. Started once per test class.
 */
final class MiniDfs implements AutoCloseable {
  private final MiniDFSCluster cluster;

  private MiniDfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
  }

  /** Starts the NameNode and DataNode and waits until the DataNode has registered. */
  static MiniDfs start(Path dir) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toAbsolutePath().toString());
    conf.setInt("dfs.replication", 1);
    conf.setBoolean("dfs.permissions.enabled", false);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).nameNodePort(0).build();
    cluster.waitActive();
    return new MiniDfs(cluster);
  }

  /** {@code hdfs://127.0.0.1:<port>}, the file system's root URI without a trailing slash. */
  String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  /** A client of this HDFS. */
  FileSystem fs() throws IOException {
    return cluster.getFileSystem();
  }

  /** The configuration a client needs (the NameNode address is in {@code fs.defaultFS}). */
  Configuration conf() {
    return cluster.getConfiguration(0);
  }

  /** Every file below {@code folder} by path relative to it, with its length and HDFS checksum: a fingerprint of the folder. */
  Map<String, String> fingerprint(String folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    org.apache.hadoop.fs.Path root = fs().makeQualified(new org.apache.hadoop.fs.Path(folder));
    RemoteIterator<LocatedFileStatus> it = fs().listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      String rel = f.getPath().toUri().getPath().substring(root.toUri().getPath().length());
      files.put(rel, f.getLen() + " " + fs().getFileChecksum(f.getPath()));
    }
    return files;
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
