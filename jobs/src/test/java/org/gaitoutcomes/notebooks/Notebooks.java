package org.gaitoutcomes.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gaitoutcomes.testing.RepoPaths;

/** The notebooks of {@code notebooks/} and how to read them, for the notebook tests. */
final class Notebooks {
  /** The Jupyter kernel every notebook names; notebooks/setup-kernel.sh installs it. */
  static final String KERNEL = "gait-java";
  /** The set-up check and the notebooks issue 8 asks for; more may be added. */
  static final List<String> REQUIRED = List.of("00-check-setup.ipynb", "01-explore-data-samples.ipynb",
      "02-comparison-with-modified-spec.ipynb", "03-simulator-truth.ipynb");

  private Notebooks() {}

  static Path folder() {
    return RepoPaths.root().resolve("notebooks");
  }

  static List<Path> all() {
    try (Stream<Path> files = Files.list(folder())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path notebook) {
    try {
      return new ObjectMapper().readTree(notebook.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read notebook " + notebook, e);
    }
  }

  static List<JsonNode> codeCells(JsonNode notebook) {
    List<JsonNode> cells = new ArrayList<>();
    notebook.path("cells").forEach(c -> {
      if ("code".equals(c.path("cell_type").asText())) {
        cells.add(c);
      }
    });
    return cells;
  }

  /** A cell's source, which nbformat stores as one string or as a list of lines. */
  static String source(JsonNode cell) {
    JsonNode src = cell.path("source");
    if (src.isTextual()) {
      return src.asText();
    }
    StringBuilder sb = new StringBuilder();
    src.forEach(line -> sb.append(line.asText()));
    return sb.toString();
  }
}
