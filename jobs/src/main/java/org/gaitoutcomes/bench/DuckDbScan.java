package org.gaitoutcomes.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.ingest.SourceTable;
import org.gaitoutcomes.schema.Schemas;

/**
 * The bench's I/O yardstick: DuckDB (in-process, through JDBC) scans the files ingest reads and counts
 * rows per table and per patient, the least work any reader of those files must do. Ingest's time
 * divided by this scan's says how far ingest is from the cost of reading its input. gait_scans is
 * read with its {@code steps} column (the pressure arrays), not just the keys.
 *
 * <p>DuckDB is an optional dependency, never in the cluster jar: {@link #available()} says whether its
 * driver is on the classpath ({@code jobs/target/bench-jars}, which {@code bin/gait-outcomes} adds). Only
 * local files can be scanned.
 */
public final class DuckDbScan {
  static final String DRIVER = "org.duckdb.DuckDBDriver";

  private DuckDbScan() {}

  /** Rows and distinct patients of one table. */
  public record TableCount(long rows, long patients) {}

  /** Whether DuckDB's JDBC driver can be loaded. */
  public static boolean available() {
    try {
      Class.forName(DRIVER);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Whether {@code inputUri} is on the local file system (the only one DuckDB reads here). */
  public static boolean local(String inputUri) {
    String scheme = URI.create(inputUri).getScheme();
    return scheme == null || scheme.equals("file");
  }

  /**
   * Counts every ingest table present in {@code inputUri} with DuckDB on {@code threads} threads: rows and
   * distinct patients per table, in {@link Schemas#INGEST_TABLES} order.
   */
  public static Map<String, TableCount> scan(Configuration conf, String inputUri, int threads) {
    if (!available()) {
      throw new GaitException("DuckDB is not on the classpath (jobs/target/bench-jars); build with mvn package");
    }
    if (!local(inputUri)) {
      throw new GaitException("DuckDB scans local files only, not " + URI.create(inputUri).getScheme() + ": input");
    }
    Map<String, TableCount> counts = new LinkedHashMap<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      st.execute("SET threads TO " + Math.max(1, threads));
      for (String table : Schemas.INGEST_TABLES) {
        Optional<SourceTable> source = SourceTable.locate(conf, inputUri, Schemas.get(table));
        if (source.isEmpty() || source.get().files().isEmpty()) {
          continue;
        }
        try (ResultSet rs = st.executeQuery(countQuery(source.get()))) {
          rs.next();
          counts.put(table, new TableCount(rs.getLong("rows"), rs.getLong("patients")));
        }
      }
    } catch (SQLException e) {
      throw new GaitException("DuckDB scan of the bench input failed: " + e.getMessage(), e);
    }
    return counts;
  }

  /** Rows per patient, then their sum and count; gait_scans also reads its steps (the arrays). */
  static String countQuery(SourceTable source) {
    String files = source.files().stream().map(DuckDbScan::localPath).map(DuckDbScan::literal)
        .collect(Collectors.joining(", ", "[", "]"));
    String from = switch (source.format()) {
      case CSV -> "read_csv(" + files + ", header = true, all_varchar = true)";
      case PARQUET -> "read_parquet(" + files + ")";
      case JSONL -> "read_json(" + files + ", format = 'newline_delimited')";
    };
    String arrays = source.table().equals(Schemas.GAIT_SCANS) ? ", sum(len(steps)) AS steps" : "";
    return "SELECT count(*) AS patients, sum(n) AS rows FROM (SELECT patient_id, count(*) AS n" + arrays
        + " FROM " + from + " GROUP BY patient_id)";
  }

  static String localPath(String uri) {
    return new org.apache.hadoop.fs.Path(uri).toUri().getPath();
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** Total rows over the tables. */
  public static long totalRows(Map<String, TableCount> counts) {
    return counts.values().stream().mapToLong(TableCount::rows).sum();
  }
}
