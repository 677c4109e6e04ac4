package org.gaitoutcomes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the single-machine reference ({@code bench/peer/compare_peer.py}: pandas + statsmodels) as a
 * subprocess on a cohort exported to CSV and parses the JSON it prints. Unavailable (no python, no
 * statsmodels, no script) is reported as such, never as a failure of the benchmark.
 */
public final class PythonPeer {
  /** What the peer printed: its point estimates and its own timings. */
  public record Result(long n, Map<String, Double> estimates, double readSeconds, double fitSeconds, double totalSeconds,
                       double wallSeconds) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String python;
  private final Path script;
  private final long timeoutSeconds;

  public PythonPeer(String python, Path script, long timeoutSeconds) {
    this.python = python;
    this.script = script;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Why the peer cannot run here, or empty when it can. */
  public Optional<String> unavailableReason() {
    if (!Files.isExecutable(Path.of(python))) {
      return Optional.of(python + " not found");
    }
    if (!Files.exists(script)) {
      return Optional.of("peer script " + script + " not found");
    }
    try {
      Process p = new ProcessBuilder(python, "-c", "import pandas, statsmodels").redirectErrorStream(true).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return Optional.of("python lacks pandas or statsmodels (Debian: apt-get install python3-pandas python3-statsmodels)");
      }
    } catch (IOException e) {
      return Optional.of("cannot start " + python + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
    return Optional.empty();
  }

  /** Runs the peer on a local CSV file or folder of part files. */
  public Result run(Path csv, String treatment, String outcome, List<String> covariates) {
    List<String> cmd = List.of(python, script.toString(), "--csv", csv.toString(), "--treatment", treatment,
        "--outcome", outcome, "--covariates", String.join(",", covariates));
    try {
      Path out = Files.createTempFile("peer", ".json");
      Path err = Files.createTempFile("peer", ".err");
      try {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
          throw new IllegalStateException("peer timed out after " + timeoutSeconds + " s");
        }
        double wall = (System.nanoTime() - start) / 1e9;
        if (p.exitValue() != 0) {
          throw new IllegalStateException("peer failed (exit " + p.exitValue() + "): " + Files.readString(err, StandardCharsets.UTF_8).strip());
        }
        return parse(Files.readString(out, StandardCharsets.UTF_8), wall);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run peer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running the peer", e);
    }
  }

  /** Parses the peer's JSON line. */
  static Result parse(String json, double wallSeconds) throws IOException {
    JsonNode root = MAPPER.readTree(json);
    Map<String, Double> estimates = new LinkedHashMap<>();
    root.get("estimates").fields().forEachRemaining(e -> estimates.put(e.getKey(), e.getValue().asDouble()));
    return new Result(root.get("n").asLong(), estimates, root.get("read_seconds").asDouble(),
        root.get("fit_seconds").asDouble(), root.get("total_seconds").asDouble(), wallSeconds);
  }
}
