package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;

/**
 * Regular expressions for values that look like direct identifiers (rule IDENTIFIER). They are
 * searched anywhere inside a value (not matched in full), so an identifier inside free text is
 * caught. Java regular expressions, used both in plain Java and in Spark's {@code rlike}.
 */
public final class IdentifierPatterns {
  /** What quarantine rows show instead of an identifier-like value. */
  public static final String MASK = "<masked>";

  /** Kind of identifier to its pattern, checked in this order. */
  public static final Map<String, String> KINDS = kinds();

  /** Any of {@link #KINDS}. */
  public static final String ANY = KINDS.values().stream().map(p -> "(?:" + p + ")").collect(Collectors.joining("|"));

  private static final Pattern ANY_PATTERN = Pattern.compile(ANY);

  private IdentifierPatterns() {}

  private static Map<String, String> kinds() {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("e-mail address", "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    // ISO dates 2023-04-25 (also / or .), and day.month.year or month/day/year with a 2- or 4-digit year.
    k.put("calendar date", "(?<!\\d)(?:(?:19|20)\\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\\d|3[01])"
        + "|(?:0?[1-9]|[12]\\d|3[01])[-/.](?:0?[1-9]|[12]\\d|3[01])[-/.](?:(?:19|20)\\d{2}|\\d{2}))(?!\\d)");
    // US social security number 123-45-6789; UK national insurance number AB123456C.
    k.put("national id", "(?<!\\d)\\d{3}-\\d{2}-\\d{4}(?!\\d)"
        + "|(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z]{2}\\d{6}[A-D](?![A-Za-z0-9])");
    // Phone numbers with separators: +44 20 7946 0958, (555) 123-4567, 555-123-4567, 555.123.4567.
    k.put("phone number", "(?<![A-Za-z0-9])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{2,4}\\)[ .-]?|\\d{2,4}[ .-])\\d{3,4}[ .-]?\\d{3,4}(?![A-Za-z0-9])");
    // Record numbers: an MRN/NHS/chart label followed by digits, or a stand-alone run of 7 or more digits.
    k.put("record number", "(?i)(?<![A-Za-z])(?:mrn|nhs|ssn|chart|record)[ #:_-]*\\d+"
        + "|(?<![A-Za-z0-9.])\\d{7,}(?![A-Za-z0-9.])");
    return java.util.Collections.unmodifiableMap(k);
  }

  /** The kind of identifier {@code value} looks like, or empty. */
  public static Optional<String> kindOf(String value) {
    if (value == null || !ANY_PATTERN.matcher(value).find()) {
      return Optional.empty();
    }
    return KINDS.entrySet().stream().filter(e -> Pattern.compile(e.getValue()).matcher(value).find())
        .map(Map.Entry::getKey).findFirst();
  }

  /** True (as a Spark column) when the string column {@code value} contains something identifier-like. */
  public static Column looksLikeIdentifier(Column value) {
    return value.rlike(ANY);
  }

  /** The kind of identifier found in {@code value} (a Spark column), or null. */
  public static Column kind(Column value) {
    Column kind = null;
    for (Map.Entry<String, String> e : KINDS.entrySet()) {
      kind = kind == null ? when(value.rlike(e.getValue()), lit(e.getKey())) : kind.when(value.rlike(e.getValue()), lit(e.getKey()));
    }
    return kind;
  }
}
