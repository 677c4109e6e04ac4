package org.gaitoutcomes.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locations in the repository and beside it, for tests. */
public final class RepoPaths {
  private RepoPaths() {}

  /** The repository root (set by surefire as {@code gait.repo.root}). */
  public static Path root() {
    String root = System.getProperty("gait.repo.root");
    return (root == null ? Path.of("..") : Path.of(root)).toAbsolutePath().normalize();
  }

  /**
   * A fixture in {@code ../shared/fixtures}; skips the calling test with a message when the shared
   * folder is absent (a clone outside the workplace), but fails under {@code CI=true}, where it is
   * always present. Never copy these files into the repository.
   */
  public static Path sharedFixture(String relative) {
    Path p = root().resolveSibling("shared").resolve("fixtures").resolve(relative);
    if (!Files.exists(p) && underCi()) {
      throw new AssertionError("shared fixture " + p + " is absent, and CI=true requires it (../shared must lie beside the clone)");
    }
    Assumptions.assumeTrue(Files.exists(p), "skipped: shared fixture " + p + " is absent (../shared not beside this clone)");
    return p;
  }

  /** True when the tests run under CI ({@code CI=true}), where fixtures and installed tools must be present. */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
