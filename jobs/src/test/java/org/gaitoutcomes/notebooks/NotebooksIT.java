package org.gaitoutcomes.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes each notebook headless with notebooks/execute-notebooks.sh (jupyter nbconvert --execute,
 * failing on any cell error) against the packaged jar: it runs in failsafe's integration-test phase of
 * {@code mvn -B verify}, after {@code package}. One test per notebook.
 *
 * <p>Skips (never silently passes) in two cases, with the reason: Jupyter is not installed and the
 * environment is not CI ({@code CI} unset; on CI a missing Jupyter fails), or the notebook's metadata
 * {@code gait_outcomes.requires_classes / requires_files} names a class or file of a stage that is not on
 * this branch (its package folder is absent, or the file is). A required class missing while its package
 * exists means the API was renamed: that fails.
 */
@Execution(ExecutionMode.SAME_THREAD)
class NotebooksIT {
  /** Per notebook (a hang must fail; see notebooks/README.md for measured times). */
  private static final long TIMEOUT_MINUTES = 10;
  private static final int EXIT_NO_JUPYTER = 3;

  static Stream<String> notebooks() {
    return Notebooks.all().stream().map(p -> p.getFileName().toString());
  }

  @BeforeAll
  static void jupyterIsInstalled() throws Exception {
    Process p = new ProcessBuilder("bash", "-c", "command -v jupyter >/dev/null && jupyter nbconvert --version >/dev/null 2>&1")
        .redirectErrorStream(true).start();
    boolean installed = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    if (!installed) {
      assertFalse(RepoPaths.underCi(),
          "CI=true but jupyter nbconvert is missing: .ci/install-deps installs jupyter-nbconvert and python3-ipykernel");
      String reason = "skipped: jupyter nbconvert is not installed (apt-get install --no-install-recommends "
          + "jupyter-nbconvert python3-ipykernel); the notebooks were not executed";
      System.out.println("NotebooksIT: " + reason);
      Assumptions.abort(reason);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notebooks")
  void notebookExecutesWithoutCellErrors(String name) throws Exception {
    Path root = RepoPaths.root();
    Path notebook = Notebooks.folder().resolve(name);
    List<String> missing = missingRequirements(root, Notebooks.read(notebook));
    if (!missing.isEmpty()) {
      String reason = "skipped " + name + ": needs " + missing + ", not merged on this branch";
      System.out.println("NotebooksIT: " + reason);
      Assumptions.abort(reason);
    }

    // The script's output goes to a file, then to this test's output (a forked JVM must not inherit stdout).
    Path runLog = Files.createTempFile("execute-notebooks-", ".log");
    Process process = new ProcessBuilder("bash", root.resolve("notebooks/execute-notebooks.sh").toString(), name)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(runLog.toFile())
        .start();
    boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    System.out.print(Files.readString(runLog));
    Files.delete(runLog);
    if (!finished) {
      fail(name + " did not finish within " + TIMEOUT_MINUTES + " minutes; log in target/notebooks/logs/");
    }
    assertFalse(process.exitValue() == EXIT_NO_JUPYTER, "jupyter nbconvert vanished during the test");
    assertEquals(0, process.exitValue(), name + " failed; see the output above and target/notebooks/logs/");

    Path executed = root.resolve("target/notebooks/executed").resolve(name);
    assertTrue(Files.isRegularFile(executed), "no executed copy of " + name);
    int cellNo = 0;
    for (JsonNode cell : Notebooks.codeCells(Notebooks.read(executed))) {
      cellNo++;
      assertFalse(cell.path("execution_count").isNull(), name + " code cell " + cellNo + " was not executed");
      for (JsonNode out : cell.path("outputs")) {
        assertFalse("error".equals(out.path("output_type").asText()),
            name + " code cell " + cellNo + " has an error output: " + out.path("evalue").asText());
      }
    }
  }

  /** Required classes and files that this branch lacks; fails when a class is gone from a package that exists. */
  static List<String> missingRequirements(Path root, JsonNode notebook) {
    JsonNode req = notebook.path("metadata").path("gait_outcomes");
    List<String> missing = new ArrayList<>();
    for (JsonNode c : req.path("requires_classes")) {
      String cls = c.asText();
      Path source = root.resolve("jobs/src/main/java").resolve(cls.replace('.', '/') + ".java");
      if (!Files.isRegularFile(source)) {
        assertFalse(Files.isDirectory(source.getParent()), "notebook requires class " + cls
            + " but its package exists without it: the API was renamed, update the notebook");
        missing.add(cls);
      }
    }
    for (JsonNode f : req.path("requires_files")) {
      if (!Files.exists(root.resolve(f.asText()))) {
        missing.add(f.asText());
      }
    }
    return missing;
  }
}
