package org.gaitoutcomes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowNumbersTest {
  @Test
  void offsetsAddUpEachFilesRowsInLowerPartitions() {
    // File a is split over partitions 0, 1 and 3; file b shares partition 3 (after a's last split) and 4.
    List<RowNumbers.Block> blocks = List.of(
        new RowNumbers.Block("b", 4, 0, 7),
        new RowNumbers.Block("a", 3, 0, 2),
        new RowNumbers.Block("a", 0, 0, 10),
        new RowNumbers.Block("b", 3, 2, 5),
        new RowNumbers.Block("a", 1, 0, 12));
    assertEquals(List.of(
        new RowNumbers.Offset("a", 0, 0, 1),
        new RowNumbers.Offset("a", 1, 0, 11),
        new RowNumbers.Offset("a", 3, 0, 23),
        new RowNumbers.Offset("b", 3, 2, 1),
        new RowNumbers.Offset("b", 4, 0, 6)), RowNumbers.offsets(blocks));
    assertEquals(36, RowNumbers.rows(blocks));
  }
}
