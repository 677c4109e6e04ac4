package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The table-rule flags of one table's few flagged records, held in the driver and broadcast to the
 * tasks as sorted positions per (file, partition): a record's flag is then a lookup by its tags, so
 * writing curated and quarantine rows needs no join (and no shuffle of the records). Built only when
 * the flagged records are at most {@code gait.ingest.table-rules.driver-limit}; above it ingest joins
 * the distributed flags instead.
 */
final class TableFlags implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Sorted positions of one block's flagged records and their flags (a class, not a record: Kryo serializes it). */
  private static final class Block implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] positions;
    private final long[] flags;

    Block(long[] positions, long[] flags) {
      this.positions = positions;
      this.flags = flags;
    }

    long[] positions() {
      return positions;
    }

    long[] flags() {
      return flags;
    }
  }

  private final Map<String, Map<Integer, Block>> blocks = new HashMap<>();
  private final long duplicates;
  private final long unknown;
  private final long overTopCode;

  /** From the collected rows of {@link KeyChecks#flagged} (file, partition, position, flag, over top-code). */
  TableFlags(List<Row> flagged) {
    Map<String, Map<Integer, List<long[]>>> grouped = new HashMap<>();
    long dup = 0;
    long unk = 0;
    long over = 0;
    for (Row r : flagged) {
      long flag = r.getLong(3);
      grouped.computeIfAbsent(r.getString(0), f -> new HashMap<>())
          .computeIfAbsent(r.getInt(1), p -> new java.util.ArrayList<>()).add(new long[] {r.getLong(2), flag});
      if (flag == KeyChecks.UNKNOWN) {
        unk++;
      } else {
        dup++;
      }
      if (!r.isNullAt(4) && r.getBoolean(4)) {
        over++;
      }
    }
    grouped.forEach((file, parts) -> parts.forEach((partition, entries) -> {
      entries.sort((a, b) -> Long.compare(a[0], b[0]));
      long[] positions = new long[entries.size()];
      long[] flags = new long[entries.size()];
      for (int i = 0; i < positions.length; i++) {
        positions[i] = entries.get(i)[0];
        flags[i] = entries.get(i)[1];
      }
      blocks.computeIfAbsent(file, f -> new HashMap<>()).put(partition, new Block(positions, flags));
    }));
    this.duplicates = dup;
    this.unknown = unk;
    this.overTopCode = over;
  }

  /** The flag of the record at these tags, or null. */
  Long flag(String file, Integer partition, Long position) {
    Map<Integer, Block> parts = blocks.get(file);
    Block b = parts == null ? null : parts.get(partition);
    if (b == null) {
      return null;
    }
    int i = Arrays.binarySearch(b.positions(), position);
    return i < 0 ? null : b.flags()[i];
  }

  long duplicates() {
    return duplicates;
  }

  long unknown() {
    return unknown;
  }

  long overTopCode() {
    return overTopCode;
  }

  /** The flag column of a tagged frame: a lookup in these flags, broadcast once (added to {@code broadcasts} for clean-up). */
  Column column(SparkSession spark, List<Broadcast<?>> broadcasts) {
    Broadcast<TableFlags> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(this);
    broadcasts.add(shared);
    UserDefinedFunction udf = functions.udf(
        (UDF3<String, Integer, Long, Long>) (f, p, pos) -> shared.value().flag(f, p, pos), DataTypes.LongType);
    return udf.apply(col(RowNumbers.FILE), col(RowNumbers.PARTITION), col(RowNumbers.POSITION));
  }
}
