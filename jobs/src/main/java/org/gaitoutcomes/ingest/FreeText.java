package org.gaitoutcomes.ingest;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.gaitoutcomes.GaitException;

/**
 * The patterns that values of free-text columns (contract {@code "free_text": true}) must not match
 * ({@code gait.ingest.free-text}): names of people and extra identifier formats. Searched anywhere in
 * the value, like {@link IdentifierPatterns}.
 *
 * @param namePatterns regular expressions of a person's name
 * @param identifierPatterns extra identifier regular expressions
 */
record FreeText(List<String> namePatterns, List<String> identifierPatterns) implements Serializable {
  static final FreeText NONE = new FreeText(List.of(), List.of());

  FreeText {
    namePatterns = List.copyOf(namePatterns);
    identifierPatterns = List.copyOf(identifierPatterns);
    for (String p : namePatterns) {
      check(p, "name-patterns");
    }
    for (String p : identifierPatterns) {
      check(p, "identifier-patterns");
    }
  }

  static FreeText fromConfig(Config config) {
    return new FreeText(config.getStringList("gait.ingest.free-text.name-patterns"),
        config.getStringList("gait.ingest.free-text.identifier-patterns"));
  }

  private static void check(String pattern, String key) {
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new GaitException("gait.ingest.free-text." + key + " holds an invalid regular expression '" + pattern + "': "
          + e.getDescription());
    }
  }

  /** True (a Spark column) when {@code value} looks like a person's name; null when there are no patterns. */
  Column looksLikeName(Column value) {
    return namePatterns.isEmpty() ? null : value.rlike(any(namePatterns));
  }

  /** True (a Spark column) when {@code value} matches an extra identifier pattern; null when there are none. */
  Column looksLikeIdentifier(Column value) {
    return identifierPatterns.isEmpty() ? null : value.rlike(any(identifierPatterns));
  }

  /** True when {@code value} matches any pattern (names or identifiers); null when there are none. */
  Column matchesAny(Column value) {
    Column n = looksLikeName(value);
    Column i = looksLikeIdentifier(value);
    return n == null ? i : i == null ? n : n.or(i);
  }

  private static String any(List<String> patterns) {
    return patterns.stream().map(p -> "(?:" + p + ")").collect(Collectors.joining("|"));
  }
}
