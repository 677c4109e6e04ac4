package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the study report in headless Chromium (Debian package {@code chromium}; CI installs it via
 * {@code .ci/install-deps}): no console messages, no network request, every figure rendered in the
 * DOM, and a screenshot saved to {@code jobs/target/report-screenshot.png}. A positive control proves
 * the harness notices an external image and a console error.
 *
 * <p>Chromium contacts a few of its own Google services at start-up whatever the flags (seen on a
 * blank page too, at varying times), so requests to those service domains are not counted; that the
 * page itself names no URL at all (Google's included) is asserted on the HTML by
 * {@link ReportStageTest#isSelfContained}. Skipped with a message only where {@code /usr/bin/chromium}
 * is absent and the {@code CI} environment variable is not set; in CI a missing browser fails.
 */
class ReportBrowserTest {
  private static Path work;
  private static Path html;
  /** Chromium's own start-up requests go to these domains. */
  private static final List<String> CHROMIUM_SERVICES = List.of(".google.com", ".googleapis.com", ".gstatic.com");

  @BeforeAll
  static void render() throws Exception {
    if (!HeadlessChromium.available() && RepoPaths.underCi()) {
      throw new AssertionError(HeadlessChromium.BINARY + " is missing in CI: .ci/install-deps should have installed Debian's chromium");
    }
    Assumptions.assumeTrue(HeadlessChromium.available(),
        "skipped: " + HeadlessChromium.BINARY + " not found (apt-get install --no-install-recommends chromium to run this test)");
    work = ReportTestSupport.target().resolve("report-browser");
    html = work.resolve("report/report.html");
    ReportTestSupport.render(ReportTestSupport.studyResults(), html);
  }

  private static Set<String> pageHosts(HeadlessChromium.Run run) {
    Set<String> hosts = new HashSet<>(run.hosts());
    hosts.removeIf(h -> CHROMIUM_SERVICES.stream().anyMatch(h::endsWith));
    return hosts;
  }

  @Test
  void rendersWithoutConsoleMessagesOrNetworkRequests() throws Exception {
    HeadlessChromium.Run run = HeadlessChromium.run(html, work.resolve("run-dom"), "--dump-dom");
    assertEquals(0, run.exitCode());
    assertEquals(List.of(), run.consoleLines(), "console messages");
    assertEquals(Set.of(), pageHosts(run), "network requests made for the page: " + run.requests());
    String dom = run.stdout();
    assertTrue(dom.contains("Main finding"), "page body rendered");
    Matcher svg = Pattern.compile("<svg role=\"img\"").matcher(dom);
    int figures = 0;
    while (svg.find()) {
      figures++;
    }
    assertEquals(11, figures, "every figure is in the DOM");
  }

  @Test
  void savesAScreenshot() throws Exception {
    Path shot = ReportTestSupport.target().resolve("report-screenshot.png");
    Files.deleteIfExists(shot);
    HeadlessChromium.Run run = HeadlessChromium.run(html, work.resolve("run-shot"), "--screenshot=" + shot, "--window-size=1280,4000");
    assertEquals(0, run.exitCode());
    assertEquals(List.of(), run.consoleLines(), "console messages");
    assertEquals(Set.of(), pageHosts(run), "network requests made for the page: " + run.requests());
    byte[] png = Files.readAllBytes(shot);
    assertTrue(png.length > 50_000, "a real screenshot, not a blank page: " + png.length + " bytes");
    assertEquals((byte) 0x89, png[0]);
  }

  @Test
  void harnessDetectsExternalRequestsAndConsoleErrors() throws Exception {
    Path bad = work.resolve("bad.html");
    Files.writeString(bad, "<!DOCTYPE html><html><body><img src=\"http://example.org/pixel.png\" alt=\"\">"
        + "<script>console.error('deliberate error')</script></body></html>");
    HeadlessChromium.Run run = HeadlessChromium.run(bad, work.resolve("run-bad"), "--dump-dom");
    assertEquals(Set.of("example.org"), pageHosts(run), "request seen: " + run.requests());
    assertFalse(run.consoleLines().isEmpty(), "console error seen");
    assertTrue(run.consoleLines().stream().anyMatch(l -> l.contains("deliberate error")), run.consoleLines().toString());
  }
}
