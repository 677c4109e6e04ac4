package org.gaitoutcomes.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.gaitoutcomes.GaitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an output folder so that readers only ever see a complete one. Everything is written to a
 * hidden staging folder beside the target; {@link #commit()} swaps it in place of the target (the
 * previous output, if any, is renamed aside and then deleted) and then writes a {@value #MARKER}
 * marker into it. On HDFS and local disks the swap is a pair of renames; on object stores, where a
 * rename is a file-by-file copy, the marker is what makes an output valid: it is written only after
 * every file has arrived, and {@link #requireCommitted} refuses a folder without it, so a crash
 * mid-run or mid-copy can never be read as a finished output.
 *
 * <p><b>Where the staging folders live.</b> For an output {@code PARENT/NAME} the staging folder is
 * {@code PARENT/.NAME.staging-<uuid>} and, while the swap runs, the previous output is
 * {@code PARENT/.NAME.old-<uuid>}. Beside each is a small lease file {@code .NAME.staging-<uuid>.lease}
 * (host, process id and start time of the writing process, rewritten every
 * {@value #HEARTBEAT_SECONDS} s). A staging folder holds patient-level data. It is removed when the
 * command ends, fails or is stopped with SIGINT/SIGTERM; only a hard kill ({@code kill -9}, a lost
 * machine) leaves it behind. Such leftovers are removed by {@link #begin} of the next run into the
 * same output, which logs one line saying how many it removed. A leftover counts as stale when its
 * lease is missing, when the process named in the lease is no longer running on this host, or when
 * the lease was last rewritten more than {@value #STALE_AFTER_SECONDS} s before this run's own lease
 * (a live writer rewrites it every {@value #HEARTBEAT_SECONDS} s, on any host). A stale {@code .old-} folder is deleted when the target exists, and
 * moved back into place when it does not (a run interrupted in the middle of the swap).
 */
public final class StagedOutput implements AutoCloseable {
  public static final String MARKER = "_COMMITTED";
  /** Suffix of the lease file beside a staging folder. */
  public static final String LEASE_SUFFIX = ".lease";
  /** How often a running output rewrites its lease. */
  public static final int HEARTBEAT_SECONDS = 30;
  /** A lease of another host not rewritten for this long belongs to a run that is gone. */
  public static final int STALE_AFTER_SECONDS = 600;

  private static final Logger LOG = LoggerFactory.getLogger("gait-outcomes");
  private static final Pattern STAGING_NAME = Pattern.compile(
      "^\\.(.+)\\.(staging|old)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");
  private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gait-outcomes staging lease");
    t.setDaemon(true);
    return t;
  });
  private static final String HOST = hostName();

  private final Configuration conf;
  private final Path target;
  private final String id = UUID.randomUUID().toString();
  private final Path staging;
  private final Path lease;
  /** On SIGINT/SIGTERM: no staging folder of patient rows and no lease stays behind. */
  private final Runnable shutdownHook = () -> {
    removeStaging();
    deleteLease();
  };
  private ScheduledFuture<?> heartbeat;
  private volatile boolean leaseStopped;
  private boolean committed;

  private StagedOutput(Configuration conf, Path target) {
    this.conf = conf;
    this.target = target;
    this.staging = new Path(target.getParent(), "." + target.getName() + ".staging-" + id);
    this.lease = new Path(target.getParent(), staging.getName() + LEASE_SUFFIX);
  }

  /**
   * Starts a staged write of the folder {@code targetUri}, after removing stale staging folders that
   * earlier runs into the same output left behind (see the class comment).
   */
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
      fs.mkdirs(target.getParent());
      out.writeLease();
      out.removeStaleLeftovers();
      fs.mkdirs(out.staging);
    } catch (IOException e) {
      throw new GaitException("cannot create output " + targetUri + ": " + e.getMessage(), e);
    }
    out.heartbeat = HEARTBEAT.scheduleWithFixedDelay(out::renewLease, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    ShutdownHookManager.get().addShutdownHook(out.shutdownHook, FileSystem.SHUTDOWN_HOOK_PRIORITY + 10);
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
    moveIntoPlace(true);
  }

  /**
   * Moves the output into place like {@link #commit()} but writes no {@value #MARKER}: an output kept
   * for inspection that {@link #requireCommitted} refuses (a run that finished writing but is invalid).
   */
  public void publishUncommitted() {
    moveIntoPlace(false);
  }

  private synchronized void moveIntoPlace(boolean mark) {
    try {
      FileSystem fs = fs();
      Path old = null;
      if (fs.exists(target)) {
        old = new Path(target.getParent(), "." + target.getName() + ".old-" + id);
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
      if (mark) {
        // Last, once every file is in place: on an object store the rename above copies file by file.
        raw(fs).create(new Path(target, MARKER), true).close();
      }
      if (old != null) {
        fs.delete(old, true);
      }
      committed = true;
    } catch (IOException e) {
      throw new GaitException("cannot " + (mark ? "commit" : "write") + " output " + target + ": " + e.getMessage(), e);
    }
    stopLease();
  }

  /** Removes the staging folder if the output was not committed. */
  @Override
  public void close() {
    removeStaging();
    stopLease();
  }

  private synchronized void removeStaging() {
    if (!committed) {
      try {
        fs().delete(staging, true);
      } catch (IOException | RuntimeException e) {
        // Best effort: a stale hidden staging folder is never read as output, and the next run removes it.
      }
    }
  }

  private synchronized void stopLease() {
    leaseStopped = true;
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    try {
      ShutdownHookManager.get().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Shutting down already: the hook runs or has run.
    }
    deleteLease();
  }

  private void deleteLease() {
    try {
      raw(fs()).delete(lease, false);
    } catch (IOException | RuntimeException e) {
      // Best effort: a lease without its staging folder is removed by the next run.
    }
  }

  private void writeLease() throws IOException {
    Properties p = new Properties();
    p.setProperty("host", HOST);
    p.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
    p.setProperty("started", String.valueOf(ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L)));
    java.io.StringWriter text = new java.io.StringWriter();
    p.store(text, "gait-outcomes staging lease: the process writing " + staging.getName());
    try (FSDataOutputStream o = raw(fs()).create(lease, true)) {
      o.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private synchronized void renewLease() {
    if (leaseStopped) {
      return;
    }
    try {
      writeLease();
    } catch (IOException | RuntimeException e) {
      // A missed beat only makes this output look stale to a run on another host after STALE_AFTER_SECONDS.
    }
  }

  /** Removes stale staging and aside folders of earlier runs into this output; logs one line if any. */
  private void removeStaleLeftovers() throws IOException {
    FileSystem fs = fs();
    long now = raw(fs).getFileStatus(lease).getModificationTime();
    String name = target.getName();
    int removed = 0;
    List<String> restored = new ArrayList<>();
    FileStatus[] siblings;
    try {
      siblings = fs.listStatus(target.getParent());
    } catch (FileNotFoundException e) {
      return;
    }
    for (FileStatus s : siblings) {
      Matcher m = STAGING_NAME.matcher(s.getPath().getName());
      if (!s.isDirectory() || !m.matches() || !m.group(1).equals(name) || m.group(3).equals(id)) {
        continue;
      }
      Path itsLease = new Path(target.getParent(), "." + name + ".staging-" + m.group(3) + LEASE_SUFFIX);
      if (!isStale(fs, itsLease, now)) {
        continue;
      }
      if (m.group(2).equals("old") && !fs.exists(target)) {
        if (fs.rename(s.getPath(), target)) {
          restored.add(s.getPath().getName());
        }
      } else if (fs.delete(s.getPath(), true)) {
        removed++;
      }
      raw(fs).delete(itsLease, false);
    }
    // Leases whose staging folder is gone.
    for (FileStatus s : siblings) {
      String n = s.getPath().getName();
      if (s.isFile() && n.startsWith("." + name + ".staging-") && n.endsWith(LEASE_SUFFIX) && !s.getPath().equals(lease)) {
        Path folder = new Path(target.getParent(), n.substring(0, n.length() - LEASE_SUFFIX.length()));
        if (!fs.exists(folder) && isStale(fs, s.getPath(), now)) {
          raw(fs).delete(s.getPath(), false);
        }
      }
    }
    if (removed > 0) {
      LOG.info("output " + name + ": removed " + removed + " stale staging folder" + (removed == 1 ? "" : "s")
          + " (." + name + ".staging-* beside it) left by an earlier run that did not finish");
    }
    for (String r : restored) {
      LOG.info("output " + name + ": moved the previous output back into place from " + r
          + " (an earlier run was interrupted while replacing it)");
    }
  }

  /** Whether the process that holds {@code leasePath} is gone (see the class comment). */
  private static boolean isStale(FileSystem fs, Path leasePath, long now) throws IOException {
    FileStatus status;
    Properties p = new Properties();
    try {
      status = fs.getFileStatus(leasePath);
      try (InputStream in = raw(fs).open(leasePath)) {
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (FileNotFoundException e) {
      return true;
    }
    if (HOST.equals(p.getProperty("host"))) {
      try {
        long pid = Long.parseLong(p.getProperty("pid", "-1"));
        long started = Long.parseLong(p.getProperty("started", "0"));
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
          return true;
        }
        Optional<Instant> start = h.get().info().startInstant();
        if (started != 0 && start.isPresent() && start.get().toEpochMilli() != started) {
          return true;
        }
      } catch (NumberFormatException e) {
        return true;
      }
    }
    // A live writer renews its lease every HEARTBEAT_SECONDS, wherever it runs (this also covers
    // containers that share a host name and process ids).
    return now - status.getModificationTime() > STALE_AFTER_SECONDS * 1000L;
  }

  /**
   * Why the folder {@code uri} must not be replaced by a staged output, or empty when it may: it may
   * when it does not exist, is empty (hidden entries aside) or is an earlier output (it has the
   * {@value #MARKER} marker). Anything else may be a folder of someone's own files, which a commit
   * would delete.
   */
  public static Optional<String> notReplaceable(Configuration conf, String uri) {
    Path p = new Path(uri);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p) || fs.getFileStatus(p).isFile() || fs.exists(new Path(p, MARKER))) {
        return Optional.empty();
      }
      long entries = 0;
      for (FileStatus f : fs.listStatus(p)) {
        if (!f.getPath().getName().startsWith(".")) {
          entries++;
        }
      }
      return entries == 0 ? Optional.empty() : Optional.of(HadoopFiles.fileName(uri) + " exists, holds " + entries
          + (entries == 1 ? " entry" : " entries") + " and is not an output of gait-outcomes (no " + MARKER
          + " marker): refusing to replace it; choose a new or empty folder, or delete it first");
    } catch (IOException e) {
      throw new GaitException("cannot read " + HadoopFiles.fileName(uri) + ": " + e.getMessage(), e);
    }
  }

  /** Fails, naming the folder, unless {@code uri} is a committed output or lies inside one. */
  public static void requireCommitted(Configuration conf, String uri) {
    uncommitted(conf, uri, false).ifPresent(why -> {
      throw new GaitException(why);
    });
  }

  /**
   * Why {@code uri} (a folder or file) cannot be read as a finished output, or empty when it can. It
   * can when it or the output folder holding it (the nearest folder at or above it with a
   * {@value #MARKER} marker, a {@code run.json} or a {@code _run.json}) has the marker. A path inside
   * a staging folder never can. With {@code foreignAllowed}, a path that is inside no gait-outcomes
   * output at all (a user's own table) can too; one inside an unfinished output still cannot.
   */
  public static Optional<String> uncommitted(Configuration conf, String uri, boolean foreignAllowed) {
    Path given = new Path(uri);
    String name = HadoopFiles.fileName(uri);
    Optional<String> staging = insideStaging(conf, uri);
    if (staging.isPresent()) {
      return staging;
    }
    try {
      FileSystem fs = given.getFileSystem(conf);
      Path p = fs.makeQualified(given);
      if (!fs.exists(p)) {
        return Optional.of("input not found: " + name);
      }
      Path folder = fs.getFileStatus(p).isFile() ? p.getParent() : p;
      for (Path q = folder; q != null; q = q.getParent()) {
        if (fs.exists(new Path(q, MARKER))) {
          return Optional.empty();
        }
        if (fs.exists(new Path(q, "run.json")) || fs.exists(new Path(q, "_run.json"))) {
          return Optional.of(name + (q.equals(p) ? "" : " (in the output folder " + q.getName() + ")")
              + " is incomplete: no " + MARKER + " marker, so the run that wrote it did not finish; run that stage again");
        }
      }
      return foreignAllowed ? Optional.empty() : Optional.of(name + " is incomplete: no " + MARKER
          + " marker in it or in an output folder above it, so no finished gait-outcomes run wrote it; run the stage that writes it");
    } catch (IOException e) {
      throw new GaitException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Why {@code uri} must not be read at all, or empty: a path that is or lies inside a staging (or
   * aside) folder of a run that has not finished. Needs no file-system access beyond qualifying it.
   */
  public static Optional<String> insideStaging(Configuration conf, String uri) {
    Path given = new Path(uri);
    try {
      Path p = given.getFileSystem(conf).makeQualified(given);
      for (Path q = p; q != null; q = q.getParent()) {
        if (STAGING_NAME.matcher(q.getName()).matches()) {
          return Optional.of(HadoopFiles.fileName(uri) + (q.equals(p) ? " is " : " lies inside ") + q.getName()
              + ", the staging folder of a run that did not finish (killed, failed or still running): it is not a finished output; "
              + "run that stage again");
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new GaitException("cannot read " + HadoopFiles.fileName(uri) + ": " + e.getMessage(), e);
    }
  }

  private FileSystem fs() throws IOException {
    return target.getFileSystem(conf);
  }

  /** The file system without checksum side files (no {@code .crc} beside the marker and the lease). */
  private static FileSystem raw(FileSystem fs) {
    return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String h = System.getenv("HOSTNAME");
      return h == null ? "unknown" : h;
    }
  }
}
