package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The first pass over a table's validated (cached) rows, one Spark job without a shuffle: per
 * partition, the row-number blocks of {@link RowNumbers} (file, partition, first position, rows),
 * the records per record-level rule, and the valid records above the age top-code. Each partition
 * returns a handful of aggregate rows; nothing record-level reaches the driver.
 *
 * @param blocks one per (file, partition), in no particular order
 * @param byRecordRule records per record-level rule (only rules with records)
 * @param valid records that passed every record-level rule
 * @param validOverTopCode of those, records whose age is above the top-code (patients only)
 */
record ScanStats(List<RowNumbers.Block> blocks, Map<Rule, Long> byRecordRule, long valid, long validOverTopCode) {
  private static final StructType OUT = new StructType()
      .add("file", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType)
      .add("rule", DataTypes.StringType)
      .add("first", DataTypes.LongType)
      .add("rows", DataTypes.LongType)
      .add("over", DataTypes.LongType);

  /**
   * Computes the stats of a tagged frame; {@code rule} is the record-level rule (null when valid) and
   * {@code overTopCode} true for a record above the age top-code.
   */
  static ScanStats of(Dataset<Row> tagged, Column rule, Column overTopCode) {
    Dataset<Row> narrow = tagged.select(col(RowNumbers.FILE), col(RowNumbers.PARTITION), col(RowNumbers.POSITION),
        rule.cast(DataTypes.StringType).as("rule"), overTopCode.cast(DataTypes.BooleanType).as("over"));
    List<Row> parts = narrow.mapPartitions((MapPartitionsFunction<Row, Row>) ScanStats::partition, Encoders.row(OUT))
        // driver-safe: a few aggregate rows per partition (blocks and rule counts), no record values
        .collectAsList();
    Map<List<Object>, long[]> blocks = new LinkedHashMap<>();
    Map<Rule, Long> byRule = new EnumMap<>(Rule.class);
    long valid = 0;
    long over = 0;
    for (Row r : parts) {
      if (!r.isNullAt(0)) {
        long[] b = blocks.computeIfAbsent(List.of(r.getString(0), r.getInt(1)), k -> new long[] {Long.MAX_VALUE, 0});
        b[0] = Math.min(b[0], r.getLong(3));
        b[1] += r.getLong(4);
      } else if (!r.isNullAt(2)) {
        byRule.merge(Rule.valueOf(r.getString(2)), r.getLong(4), Long::sum);
      } else {
        valid += r.getLong(4);
        over += r.getLong(5);
      }
    }
    List<RowNumbers.Block> out = new ArrayList<>();
    blocks.forEach((k, b) -> out.add(new RowNumbers.Block((String) k.get(0), (Integer) k.get(1), b[0], b[1])));
    return new ScanStats(List.copyOf(out), byRule, valid, over);
  }

  private static Iterator<Row> partition(Iterator<Row> rows) {
    Map<List<Object>, long[]> blocks = new HashMap<>();
    Map<String, Long> rules = new HashMap<>();
    long valid = 0;
    long over = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      long[] b = blocks.computeIfAbsent(List.of(r.getString(0), r.getInt(1)), k -> new long[] {Long.MAX_VALUE, 0});
      b[0] = Math.min(b[0], r.getLong(2));
      b[1]++;
      if (r.isNullAt(3)) {
        valid++;
        if (!r.isNullAt(4) && r.getBoolean(4)) {
          over++;
        }
      } else {
        rules.merge(r.getString(3), 1L, Long::sum);
      }
    }
    List<Row> out = new ArrayList<>();
    blocks.forEach((k, b) -> out.add(RowFactory.create(k.get(0), k.get(1), null, b[0], b[1], 0L)));
    rules.forEach((rule, n) -> out.add(RowFactory.create(null, null, rule, 0L, n, 0L)));
    out.add(RowFactory.create(null, null, null, 0L, valid, over));
    return out.iterator();
  }

  /** Records read: the sum over the blocks. */
  long rows() {
    return RowNumbers.rows(blocks);
  }
}
