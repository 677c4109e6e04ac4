package org.gaitoutcomes.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Static check that no code brings rows to the driver without saying why that is safe. Every call of
 * {@code .collect()}, {@code .collectAsList(}, {@code .toLocalIterator(}, {@code .takeAsList(},
 * {@code .take(}, {@code .head(}, {@code .first(}, {@code .tail(} or {@code toPandas} in main code
 * must carry, on the same line or the line above, a comment of the form
 * <pre>{@code // driver-safe: <why the result is small, e.g. one row of totals per arm>}</pre>
 * with a reason of at least {@value #MIN_REASON_LENGTH} characters. {@code .collect(...)} with an
 * argument is a Java Stream's collect and is not flagged (Spark's Dataset and RDD collect take none).
 * Comments and string literals are ignored when looking for calls.
 */
final class DriverCollectCheck {
  static final String MARKER = "// driver-safe:";
  static final int MIN_REASON_LENGTH = 10;

  /** Calls that move rows to the driver. */
  static final Pattern DRIVER_CALL = Pattern.compile(
      "\\.\\s*(collect\\s*\\(\\s*\\)|(collectAsList|toLocalIterator|takeAsList|take|head|first|tail)\\s*\\()|\\btoPandas\\b");
  private static final Pattern JUSTIFICATION = Pattern.compile(Pattern.quote(MARKER) + "\\s*(.*)$");

  /** One unjustified call: file, 1-based line and the line's text. */
  record Violation(String file, int line, String text) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + text.strip();
    }
  }

  private DriverCollectCheck() {}

  /** Violations in every {@code .java} file below {@code root}, in file order. */
  static List<Violation> scanTree(Path root) {
    List<Violation> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        all.addAll(scan(root.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /** Violations in one source text. */
  static List<Violation> scan(String fileName, String source) {
    String[] raw = source.split("\n", -1);
    String[] code = codeOnly(source).split("\n", -1);
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < code.length; i++) {
      if (DRIVER_CALL.matcher(code[i]).find() && !justified(raw[i]) && !(i > 0 && justifiedAbove(raw[i - 1]))) {
        violations.add(new Violation(fileName, i + 1, raw[i]));
      }
    }
    return violations;
  }

  private static boolean justified(String line) {
    Matcher m = JUSTIFICATION.matcher(line);
    return m.find() && m.group(1).strip().length() >= MIN_REASON_LENGTH;
  }

  /** The line above counts only if it is nothing but the justification comment. */
  private static boolean justifiedAbove(String line) {
    return line.strip().startsWith(MARKER) && justified(line);
  }

  /**
   * The source with the contents of comments, string and character literals and text blocks
   * replaced by spaces, line breaks kept, so line numbers stay the same.
   */
  static String codeOnly(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        blank(s, i, end, out);
        i = end;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        end = end < 0 ? s.length() : end + 3;
        blank(s, i, end, out);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        int end = Math.min(s.length(), j + 1);
        blank(s, i, end, out);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void blank(String s, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      out.append(s.charAt(k) == '\n' ? '\n' : ' ');
    }
  }
}
