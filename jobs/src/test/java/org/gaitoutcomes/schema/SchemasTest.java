package org.gaitoutcomes.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataTypes;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.Test;

class SchemasTest {
  @Test
  void everyContractFileIsRegisteredAndLoads() throws IOException {
    List<String> files;
    try (Stream<Path> s = Files.list(RepoPaths.root().resolve("schemas"))) {
      files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
    }
    assertEquals(files, Schemas.ALL.stream().sorted().toList(), "schemas/ and Schemas.ALL disagree");
    for (TableSchema t : Schemas.all()) {
      assertFalse(t.columns().isEmpty(), t.name());
      t.structType(); // every DDL type parses
      for (ColumnSpec c : t.columns()) {
        assertTrue(c.description() != null && !c.description().isBlank(), t.name() + "." + c.name() + " has no description");
      }
    }
  }

  @Test
  void noCalendarDateColumnsAnywhere() {
    for (TableSchema t : Schemas.all()) {
      for (ColumnSpec c : t.columns()) {
        assertFalse(c.type().contains("date") || c.type().contains("timestamp"), t.name() + "." + c.name());
      }
    }
  }

  @Test
  void structTypeCarriesDeclaredTypesAndUnits() {
    TableSchema patients = Schemas.get(Schemas.PATIENTS);
    assertEquals(DataTypes.IntegerType, patients.structType().apply("age_years").dataType());
    assertEquals("years", patients.structType().apply("age_years").metadata().getString("unit"));
    assertEquals(DataTypes.StringType, patients.rawStringStructType().apply("age_years").dataType());
    assertEquals(List.of("patient_id"), patients.primaryKey());
  }

  @Test
  void unknownTableAndUnknownPropertyFailWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schemas.get("no_such_table"));
    assertTrue(e.getMessage().contains("no_such_table"));
    String bad = "{\"name\":\"t\",\"version\":1,\"role\":\"input\",\"description\":\"d\",\"columns\":[],\"colums\":[]}";
    IllegalStateException e2 = assertThrows(IllegalStateException.class,
        () -> Schemas.parse(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "t.json"));
    assertTrue(e2.getMessage().contains("colums"), e2.getMessage());
  }

  @Test
  void checkedInDataDictionaryIsCurrent() throws IOException {
    Path md = RepoPaths.root().resolve("docs/data-dictionary.md");
    String expected = DataDictionary.render(Schemas.all());
    assertTrue(Files.exists(md), "docs/data-dictionary.md is missing: run bin/gait-outcomes dictionary");
    assertEquals(expected, Files.readString(md), "docs/data-dictionary.md is stale: run bin/gait-outcomes dictionary");
  }
}
