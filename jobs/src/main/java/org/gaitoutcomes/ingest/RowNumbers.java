package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.spark_partition_id;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The 1-based data row of every record within its source file, computed without collecting rows.
 *
 * <p>Right after the scan each row is tagged with its file ({@code input_file_name()}), its
 * partition ({@code spark_partition_id()}) and its position in the partition (the low 33 bits of
 * {@code monotonically_increasing_id()}, which are a per-partition counter). A tiny table of blocks,
 * (file, partition) -> (first position, row count), is computed per partition (one job, no shuffle,
 * see {@link ScanStats}) and collected; the driver adds up, per file, the counts of the file's blocks
 * in lower partitions; the offsets travel with the tasks as a small lookup and
 * {@code row = offset + position - first position + 1} (only for the rows that need it: quarantine).
 *
 * <p>Why this is correct: Spark cuts a file into splits in byte order, each record belongs to the one
 * split where it starts, and a split is read front to back, so within one block a file's rows are
 * contiguous and in file order. Splits are packed into partitions in the order of a stable sort by
 * split length (descending): a file's full-size splits keep their byte order and its shorter last
 * split comes after them, so a file's blocks appear in increasing partition order. Hence the rows of
 * a file in partitions below p are exactly the rows before block p. A second read of the same files
 * in the same session gets the same tags: the splits and their order depend only on the files' sizes
 * and the session's file settings, and ingest fixes the scan parallelism they are planned from
 * ({@code spark.sql.leafNodeDefaultParallelism}) while it runs.
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

  /** The blocks of a tagged frame: one job, no shuffle (see {@link ScanStats}); files x partitions rows. */
  static List<Block> blocks(Dataset<Row> tagged) {
    return ScanStats.of(tagged, lit(null).cast(DataTypes.StringType), lit(false)).blocks();
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

  /** Adds {@link #ROW} to a tagged frame, given its blocks (a lookup in the tiny offset table, no join). */
  static Dataset<Row> withSourceRow(SparkSession spark, Dataset<Row> tagged, List<Block> blocks) {
    return tagged.withColumn(ROW, sourceRow(blocks));
  }

  /** The 1-based source row of a tagged row, as a column: a lookup of its block's offset (shipped with the task). */
  static Column sourceRow(List<Block> blocks) {
    Deltas deltas = new Deltas(offsets(blocks));
    UserDefinedFunction udf = functions.udf(
        (UDF3<String, Integer, Long, Long>) deltas::row, DataTypes.LongType);
    return udf.apply(col(FILE), col(PARTITION), col(POSITION));
  }

  /** Per (file, partition): first row minus first position, so that row = position + delta. */
  static final class Deltas implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Map<Integer, Long>> byFile = new HashMap<>();

    Deltas(List<Offset> offsets) {
      for (Offset o : offsets) {
        byFile.computeIfAbsent(o.file(), f -> new HashMap<>()).put(o.partition(), o.firstRow() - o.firstPosition());
      }
    }

    Long row(String file, Integer partition, Long position) {
      Map<Integer, Long> partitions = byFile.get(file);
      Long delta = partitions == null ? null : partitions.get(partition);
      if (delta == null || position == null) {
        throw new IllegalStateException("no row-number block for a row of partition " + partition);
      }
      return delta + position;
    }
  }

  /** Total rows over all blocks. */
  static long rows(List<Block> blocks) {
    return blocks.stream().mapToLong(Block::rows).sum();
  }
}
