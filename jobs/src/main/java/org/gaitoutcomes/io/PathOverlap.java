package org.gaitoutcomes.io;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.gaitoutcomes.GaitException;

/**
 * Whether an output folder would overwrite an input. Every output is replaced as a whole (see
 * {@link StagedOutput}), so an output that is, contains or lies inside an input would delete that
 * input. Paths are compared after normalization: qualified against the default file system and the
 * working folder, {@code .} and {@code ..} resolved, and on the local file system every symbolic link
 * in the existing part of the path resolved. Only inputs that exist are compared (a missing input is
 * reported as not found by the stage that reads it). Needs no Spark and writes nothing.
 */
public final class PathOverlap {
  /** How an output path relates to an input path. */
  public enum Relation {
    SAME("is the same folder as"),
    INSIDE("lies inside"),
    CONTAINS("contains"),
    APART("is apart from");

    private final String words;

    Relation(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  private PathOverlap() {}

  /**
   * The first conflict between an output and an existing input (or the working folder), as one line
   * naming both options, or empty when every output is apart from every input.
   *
   * @param outputs option name (e.g. {@code --output}) to path, in the order to check
   * @param inputs option name to path; null paths are skipped
   */
  public static Optional<String> conflict(Configuration conf, Map<String, String> outputs, Map<String, String> inputs) {
    for (Map.Entry<String, String> out : outputs.entrySet()) {
      if (out.getValue() == null) {
        continue;
      }
      URI o = normalize(conf, out.getValue());
      for (Map.Entry<String, String> in : inputs.entrySet()) {
        if (in.getValue() == null || !HadoopFiles.exists(conf, in.getValue())) {
          continue;
        }
        Relation r = relation(o, normalize(conf, in.getValue()));
        if (r != Relation.APART) {
          return Optional.of(out.getKey() + " " + name(out.getValue(), o) + " " + r.words() + " " + in.getKey() + " "
              + name(in.getValue(), normalize(conf, in.getValue()))
              + ": refusing to write there, since replacing the output would delete the input; choose a separate output folder");
        }
      }
      if ("file".equals(o.getScheme())) {
        URI cwd = normalize(conf, Paths.get("").toAbsolutePath().toUri().toString());
        Relation r = relation(o, cwd);
        if (r == Relation.SAME || r == Relation.CONTAINS) {
          return Optional.of(out.getKey() + " " + name(out.getValue(), o) + " " + r.words()
              + " the working folder: refusing to replace it; choose a separate output folder");
        }
      }
    }
    return Optional.empty();
  }

  /** How {@code output} relates to {@code input}, both already {@linkplain #normalize normalized}. */
  public static Relation relation(URI output, URI input) {
    if (!Objects.equals(lower(output.getScheme()), lower(input.getScheme()))
        || !Objects.equals(lower(output.getAuthority()), lower(input.getAuthority()))) {
      return Relation.APART;
    }
    String[] o = segments(output.getPath());
    String[] i = segments(input.getPath());
    int common = 0;
    while (common < Math.min(o.length, i.length) && o[common].equals(i[common])) {
      common++;
    }
    if (common == o.length && common == i.length) {
      return Relation.SAME;
    }
    if (common == i.length) {
      return Relation.INSIDE;
    }
    if (common == o.length) {
      return Relation.CONTAINS;
    }
    return Relation.APART;
  }

  /**
   * {@code uri} as a fully qualified URI with {@code .} and {@code ..} resolved; on the local file
   * system with symbolic links resolved in the part of the path that exists.
   */
  public static URI normalize(Configuration conf, String uri) {
    Path p = new Path(uri);
    URI u = p.toUri();
    String scheme = u.getScheme();
    String authority = u.getAuthority();
    URI defaultFs = FileSystem.getDefaultUri(conf);
    if (scheme == null) {
      scheme = defaultFs.getScheme() == null ? "file" : defaultFs.getScheme();
      authority = defaultFs.getAuthority();
    } else if (authority == null && scheme.equalsIgnoreCase(defaultFs.getScheme())) {
      authority = defaultFs.getAuthority();
    }
    if ("file".equalsIgnoreCase(scheme)) {
      return localReal(u.getPath()).toUri();
    }
    String path = u.getPath();
    if (!path.startsWith("/")) {
      try {
        path = FileSystem.get(URI.create(scheme + "://" + (authority == null ? "" : authority) + "/"), conf)
            .getWorkingDirectory().toUri().getPath() + "/" + path;
      } catch (IOException e) {
        throw new GaitException("cannot open file system for " + uri + ": " + e.getMessage(), e);
      }
    }
    try {
      return new URI(scheme.toLowerCase(Locale.ROOT), authority, path, null, null).normalize();
    } catch (java.net.URISyntaxException e) {
      throw new GaitException("not a valid path: " + uri, e);
    }
  }

  /** The absolute, normalized local path with the symbolic links of its existing part resolved. */
  private static java.nio.file.Path localReal(String path) {
    java.nio.file.Path abs = Paths.get(path.isEmpty() ? "." : path).toAbsolutePath().normalize();
    Deque<String> rest = new ArrayDeque<>();
    java.nio.file.Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      if (existing.getFileName() != null) {
        rest.push(existing.getFileName().toString());
      }
      existing = existing.getParent();
    }
    java.nio.file.Path real = abs.getRoot();
    if (existing != null) {
      try {
        real = existing.toRealPath();
      } catch (IOException e) {
        real = existing;
      }
    }
    for (String s : rest) {
      real = real.resolve(s);
    }
    return real;
  }

  /**
   * The last component of the path as given, or of its normalized form when the given one ends in
   * {@code .} or {@code ..}: for messages, which never carry the full path (it may identify a provider).
   */
  private static String name(String given, URI normalized) {
    String[] g = given.replace('\\', '/').split("/");
    String last = g.length == 0 ? "" : g[g.length - 1];
    if (!last.isEmpty() && !last.equals(".") && !last.equals("..")) {
      return last;
    }
    String[] s = segments(normalized.getPath());
    return s.length == 0 ? "/" : s[s.length - 1];
  }

  private static String[] segments(String path) {
    String p = path == null ? "" : path.replaceAll("/+", "/").replaceAll("^/|/$", "");
    return p.isEmpty() ? new String[0] : p.split("/");
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
