package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.spark_partition_id;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The 1-based data row of every record within its source file, computed without collecting rows.
 *
 * <p>Right after the scan each row is tagged with its file ({@code input_file_name()}), its
 * partition ({@code spark_partition_id()}) and its position in the partition (the low 33 bits of
 * {@code monotonically_increasing_id()}, which are a per-partition counter). A tiny table of blocks,
 * (file, partition) -> (first position, row count), is aggregated and collected; the driver adds up,
 * per file, the counts of the file's blocks in lower partitions; the offsets are broadcast back and
 * {@code row = offset + position - first position + 1}.
 *
 * <p>Why this is correct: Spark cuts a file into splits in byte order, each record belongs to the one
 * split where it starts, and a split is read front to back, so within one block a file's rows are
 * contiguous and in file order. Splits are packed into partitions in the order of a stable sort by
 * split length (descending): a file's full-size splits keep their byte order and its shorter last
 * split comes after them, so a file's blocks appear in increasing partition order. Hence the rows of
 * a file in partitions below p are exactly the rows before block p. The tags are computed once, on the
 * persisted scan, so every later use sees the same ids.
 */
final class RowNumbers {
  static final String FILE = "_g_file";
  static final String PARTITION = "_g_partition";
  static final String POSITION = "_g_position";
  static final String ROW = "_g_row";
  static final List<String> TAGS = List.of(FILE, PARTITION, POSITION);

  /** Low 33 bits of {@code monotonically_increasing_id()}: the record's index within its partition. */
  private static final long POSITION_MASK = (1L << 33) - 1;

  /** One block: the rows of one file inside one partition. */
  record Block(String file, int partition, long firstPosition, long rows) {}

  /** A block's first row number (1-based) within its file. */
  record Offset(String file, int partition, long firstPosition, long firstRow) {}

  private RowNumbers() {}

  /** Tags every row of a freshly read frame; call directly on the scan, before any shuffle. */
  static Dataset<Row> tag(Dataset<Row> scanned) {
    return scanned
        .withColumn(FILE, input_file_name())
        .withColumn(PARTITION, spark_partition_id())
        .withColumn(POSITION, monotonically_increasing_id().bitwiseAND(lit(POSITION_MASK)));
  }

  /** The blocks of a tagged frame: one small aggregate, safe to collect (files x partitions rows). */
  static List<Block> blocks(Dataset<Row> tagged) {
    List<Block> blocks = new ArrayList<>();
    // driver-safe: one row per (file, partition) pair, metadata only
    for (Row r : tagged.groupBy(FILE, PARTITION).agg(min(POSITION), count(lit(1))).collectAsList()) {
      blocks.add(new Block(r.getString(0), r.getInt(1), r.getLong(2), r.getLong(3)));
    }
    return blocks;
  }

  /** Per file, the first row number of each block: the sum of the file's rows in lower partitions, plus one. */
  static List<Offset> offsets(List<Block> blocks) {
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparing(Block::file).thenComparingInt(Block::partition));
    Map<String, Long> rowsBefore = new HashMap<>();
    List<Offset> offsets = new ArrayList<>();
    for (Block b : sorted) {
      long before = rowsBefore.getOrDefault(b.file(), 0L);
      offsets.add(new Offset(b.file(), b.partition(), b.firstPosition(), before + 1));
      rowsBefore.put(b.file(), before + b.rows());
    }
    return offsets;
  }

  /** Adds {@link #ROW} to a tagged frame, given its blocks. */
  static Dataset<Row> withSourceRow(SparkSession spark, Dataset<Row> tagged, List<Block> blocks) {
    StructType schema = new StructType()
        .add("_g_offset_file", DataTypes.StringType)
        .add("_g_offset_partition", DataTypes.IntegerType)
        .add("_g_first_position", DataTypes.LongType)
        .add("_g_first_row", DataTypes.LongType);
    List<Row> rows = offsets(blocks).stream()
        .map(o -> RowFactory.create(o.file(), o.partition(), o.firstPosition(), o.firstRow()))
        .toList();
    Dataset<Row> offsets = spark.createDataFrame(rows, schema);
    return tagged
        .join(broadcast(offsets), col(FILE).equalTo(col("_g_offset_file")).and(col(PARTITION).equalTo(col("_g_offset_partition"))))
        .withColumn(ROW, col("_g_first_row").plus(col(POSITION)).minus(col("_g_first_position")))
        .drop("_g_offset_file", "_g_offset_partition", "_g_first_row", "_g_first_position");
  }

  /** Total rows over all blocks. */
  static long rows(List<Block> blocks) {
    return blocks.stream().mapToLong(Block::rows).sum();
  }
}
