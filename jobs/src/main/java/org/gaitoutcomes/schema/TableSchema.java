package org.gaitoutcomes.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A versioned data contract for one table, loaded from {@code schemas/NAME.json}: the single source
 * of truth for readers, validators, {@code transformSchema} checks and the data dictionary.
 *
 * @param name table name (also the file name)
 * @param version contract version, incremented on any incompatible change
 * @param role {@code input} for tables the project reads, {@code output} for tables it writes
 * @param description what one row is
 * @param primaryKey columns that identify a row, possibly empty
 * @param foreignKeys references to other tables
 * @param formats file formats accepted for an input table (csv, jsonl, parquet)
 * @param columns the columns in order
 */
public record TableSchema(
    String name,
    int version,
    String role,
    String description,
    List<String> primaryKey,
    List<ForeignKey> foreignKeys,
    List<String> formats,
    List<ColumnSpec> columns) {

  /** A reference from {@code columns} of this table to the primary key of {@code references}. */
  public record ForeignKey(List<String> columns, String references) {}

  public TableSchema {
    Objects.requireNonNull(name, "table name");
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
    formats = formats == null || formats.isEmpty() ? List.of("csv", "jsonl", "parquet") : List.copyOf(formats);
    if (columns == null) {
      throw new IllegalArgumentException("table " + name + " declares no columns");
    }
    columns = List.copyOf(columns);
    for (String key : primaryKey) {
      if (columns.stream().noneMatch(c -> c.name().equals(key))) {
        throw new IllegalArgumentException("table " + name + ": primary key column " + key + " is not declared");
      }
    }
  }

  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  public List<ColumnSpec> requiredColumns() {
    return columns.stream().filter(ColumnSpec::required).toList();
  }

  /**
   * The Spark schema. Every field is nullable at the Spark level (required-ness is enforced by the
   * validator, which can then quarantine the record instead of failing the read); the description
   * and unit travel as field metadata.
   */
  public StructType structType() {
    StructField[] fields = columns.stream()
        .map(c -> new StructField(c.name(), c.dataType(), true, metadata(c)))
        .toArray(StructField[]::new);
    return new StructType(fields);
  }

  /** The same columns, all read as strings: how CSV and JSON lines are read before validation. */
  public StructType rawStringStructType() {
    StructField[] fields = columns.stream()
        .map(c -> new StructField(c.name(), c.isScalar() ? org.apache.spark.sql.types.DataTypes.StringType : c.dataType(), true, Metadata.empty()))
        .toArray(StructField[]::new);
    return new StructType(fields);
  }

  private static Metadata metadata(ColumnSpec c) {
    MetadataBuilder b = new MetadataBuilder();
    if (c.description() != null) {
      b.putString("comment", c.description());
    }
    if (c.unit() != null) {
      b.putString("unit", c.unit());
    }
    return b.build();
  }
}
