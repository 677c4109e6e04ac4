package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.Test;

class DriverCollectCheckTest {
  @Test
  void mainCodeHasNoUnjustifiedDriverCollects() {
    Path main = RepoPaths.root().resolve("jobs/src/main/java");
    assertTrue(Files.isDirectory(main), "main sources not found at " + main);
    List<DriverCollectCheck.Violation> violations = DriverCollectCheck.scanTree(main);
    assertTrue(violations.isEmpty(), "calls that bring rows to the driver need a justification on the same line or the "
        + "line above, in the form '" + DriverCollectCheck.MARKER + " <why the result is small>' (docs/cluster.md):\n  "
        + String.join("\n  ", violations.stream().map(Object::toString).toList()));
  }

  @Test
  void flagsEveryKindOfUnjustifiedCall() {
    String source = String.join("\n",
        "class A {",
        "  void f(Dataset<Row> d, JavaRDD<Row> r) {",
        "    List<Row> a = d.collectAsList();",
        "    Row[] b = (Row[]) d.collect();",
        "    Iterator<Row> c = d.toLocalIterator();",
        "    List<Row> e = d.takeAsList(5);",
        "    Object g = d.take(5);",
        "    Row h = d.head();",
        "    Row i = d.first();",
        "    Object j = d.tail(3);",
        "    List<Row> k = r.collect( );",
        "    Object l = d",
        "        .collectAsList();",
        "    // toPandas is not Java, but the rule names it: df.toPandas()",
        "    x = toPandas(d);",
        "  }",
        "}");
    List<Integer> lines = DriverCollectCheck.scan("A.java", source).stream().map(DriverCollectCheck.Violation::line).toList();
    assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15), lines);
  }

  @Test
  void acceptsJustificationOnTheSameLineOrTheLineAbove() {
    String source = String.join("\n",
        "class A {",
        "  void f(Dataset<Row> d) {",
        "    // driver-safe: one row of totals per treatment arm",
        "    List<Row> a = d.collectAsList();",
        "    Row b = d.first(); // driver-safe: a single count aggregate",
        "  }",
        "}");
    assertEquals(List.of(), DriverCollectCheck.scan("A.java", source));
  }

  @Test
  void rejectsVagueOrMisplacedJustifications() {
    String source = String.join("\n",
        "class A {",
        "  void f(Dataset<Row> d) {",
        "    // driver-safe: ok",
        "    List<Row> a = d.collectAsList();",
        "    // driver-safe: one row of totals per treatment arm",
        "",
        "    List<Row> b = d.collectAsList();",
        "    Row c = d.first(); // driver safe: a single count aggregate",
        "    int n = f(1); // driver-safe: one row of totals per arm",
        "    Row e = d.first();",
        "  }",
        "}");
    List<Integer> lines = DriverCollectCheck.scan("A.java", source).stream().map(DriverCollectCheck.Violation::line).toList();
    assertEquals(List.of(4, 7, 8, 10), lines);
  }

  @Test
  void ignoresStreamCollectCommentsAndStrings() {
    String source = String.join("\n",
        "class A {",
        "  /** Never call {@code d.collectAsList()} here;",
        "   * d.first() either. */",
        "  String f(List<String> xs) {",
        "    String s = \"d.collectAsList() \\\" d.first()\";",
        "    char q = '\"';",
        "    String t = \"\"\"",
        "        d.take(3)",
        "        \"\"\";",
        "    return xs.stream().collect(Collectors.joining(\",\")) + s; // d.head()",
        "  }",
        "}");
    assertEquals(List.of(), DriverCollectCheck.scan("A.java", source));
  }
}
