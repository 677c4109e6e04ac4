package org.gaitoutcomes.report;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.testing.RepoPaths;

/** Fixtures and helpers shared by the report tests. */
final class ReportTestSupport {
  private static final Pattern VOLATILE = Pattern.compile("(class=\"[^\"]*\\bvolatile\\b[^\"]*\">)[^<]*(<)");
  private static final Pattern SVG = Pattern.compile("<svg\\b[^>]*>.*?</svg>", Pattern.DOTALL);

  private ReportTestSupport() {}

  /** The synthetic study (results/ with run.json one level up); regenerate with make_fixtures.py beside it. */
  static Path studyResults() {
    return RepoPaths.root().resolve("jobs/src/test/resources/report/study/results");
  }

  /** A 27-patient cohort where most counts are small. */
  static Path tinyResults() {
    return RepoPaths.root().resolve("jobs/src/test/resources/report/tiny/results");
  }

  static Path golden() {
    return RepoPaths.root().resolve("jobs/src/test/resources/report/golden/report.html");
  }

  static Path target() {
    return RepoPaths.root().resolve("jobs/target");
  }

  static ReportSummary render(Path results, Path html) {
    return ReportStage.run(null, Settings.defaults(), results.toUri().toString(), null, html.toUri().toString());
  }

  /**
   * The HTML with what legitimately changes masked: values marked {@code volatile} (versions,
   * commit, timestamps, durations) and the bodies of the inline SVG figures, whose coordinates
   * depend on the fonts installed (figures are checked separately by their text).
   */
  static String masked(String html) {
    String s = VOLATILE.matcher(html).replaceAll("$1MASKED$2");
    return SVG.matcher(s).replaceAll("<svg MASKED></svg>");
  }
}
