package org.gaitoutcomes.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks are stored clean: no outputs and no execution counts (executed copies
 * live under target/), every one runs in the project kernel and loads the project jar first.
 */
class NotebooksStoredCleanTest {

  @Test
  void everyRequiredNotebookIsPresent() {
    for (String name : Notebooks.REQUIRED) {
      assertTrue(Files.isRegularFile(Notebooks.folder().resolve(name)), "missing notebook notebooks/" + name);
    }
  }

  @Test
  void notebooksAreStoredWithoutOutputs() {
    for (Path nb : Notebooks.all()) {
      List<JsonNode> cells = Notebooks.codeCells(Notebooks.read(nb));
      for (int i = 0; i < cells.size(); i++) {
        JsonNode cell = cells.get(i);
        String where = nb.getFileName() + " code cell " + (i + 1);
        assertTrue(cell.path("outputs").isArray() && cell.path("outputs").isEmpty(),
            where + " has stored outputs; clear them before committing (executed copies belong under target/)");
        assertTrue(cell.path("execution_count").isNull(),
            where + " has an execution count; clear outputs before committing");
      }
    }
  }

  @Test
  void notebooksUseTheProjectKernelAndLoadTheProjectJarFirst() {
    for (Path nb : Notebooks.all()) {
      JsonNode json = Notebooks.read(nb);
      assertEquals(4, json.path("nbformat").asInt(), nb.getFileName() + ": nbformat");
      assertEquals(Notebooks.KERNEL, json.path("metadata").path("kernelspec").path("name").asText(),
          nb.getFileName() + ": kernelspec name (installed by notebooks/setup-kernel.sh)");
      List<JsonNode> cells = Notebooks.codeCells(json);
      assertTrue(!cells.isEmpty(), nb.getFileName() + " has no code cell");
      String first = Notebooks.source(cells.get(0));
      assertTrue(first.contains("%jar ../jobs/target/gait-outcomes.jar") && first.contains("%jar ../jobs/target/spark-home/jars"),
          nb.getFileName() + ": the first code cell must load ../jobs/target/gait-outcomes.jar and ../jobs/target/spark-home/jars, was:\n" + first);
    }
  }
}
