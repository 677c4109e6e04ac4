package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.features.FeaturesStage;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The features command records what every stage command records: input checksums and the pipeline's count names. */
class FeaturesCommandTest {
  @TempDir
  Path tmp;

  @Test
  void runJsonHasInputChecksumsAndThePipelinesCountNames() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path curated = tmp.resolve("ingested/curated");
    for (String table : FeaturesStage.CURATED_INPUTS) {
      spark.createDataFrame(List.<Row>of(), Schemas.get(table).structType()).write().parquet(curated.resolve(table).toString());
    }
    Files.writeString(tmp.resolve("ingested").resolve(StagedOutput.MARKER), "");
    Path out = tmp.resolve("features");
    assertEquals(0, Main.execute("features", "--curated", curated.toString(), "--output", out.toString()));

    JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
    List<String> keys = new ArrayList<>();
    run.get("stages").get(0).get("counts").fieldNames().forEachRemaining(keys::add);
    // The same names and order as the whole-pipeline run writes (Pipeline uses FeaturesStage.Summary.stageCounts too).
    assertEquals(List.of("patients", "with_exam", "with_scan", "scan_sides"), keys);
    TreeSet<String> tables = new TreeSet<>();
    run.get("inputs").forEach(i -> {
      tables.add(i.get("table").asText());
      assertTrue(i.get("checksum").asText().matches("sha256:[0-9a-f]{64}"), i.toString());
    });
    assertEquals(new TreeSet<>(FeaturesStage.CURATED_INPUTS), tables);
  }
}
