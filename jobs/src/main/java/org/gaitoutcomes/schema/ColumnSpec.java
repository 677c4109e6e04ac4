package org.gaitoutcomes.schema;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.types.DataType;

/**
 * One column of a data contract: its Spark SQL type (DDL syntax), whether it is required, its unit,
 * allowed range or values, an optional regular expression for strings, and a description.
 *
 * @param name column name, snake_case
 * @param type Spark SQL DDL type, e.g. {@code int}, {@code double}, {@code array<float>}
 * @param required true when a null or empty value is rejected
 * @param unit unit of measurement, or null
 * @param min inclusive lower bound for numbers, or null
 * @param max inclusive upper bound for numbers, or null
 * @param allowed allowed values for strings, or an empty list
 * @param pattern regular expression a string value must match in full, or null
 * @param description what the column holds
 * @param freeText true for a string column that may carry free text (such as a site name): ingest
 *     checks its values against the configured name and identifier patterns; null means false
 */
public record ColumnSpec(
    String name,
    String type,
    boolean required,
    String unit,
    Double min,
    Double max,
    List<String> allowed,
    String pattern,
    String description,
    Boolean freeText) {

  public ColumnSpec {
    Objects.requireNonNull(name, "column name");
    Objects.requireNonNull(type, "type of column " + name);
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException("column " + name + ": min " + min + " > max " + max);
    }
  }

  /** The Spark type of this column, parsed from {@link #type()}. */
  public DataType dataType() {
    return DataType.fromDDL(type);
  }

  /** True when the contract declares that the column may carry free text. */
  public boolean isFreeText() {
    return Boolean.TRUE.equals(freeText);
  }

  /** True for scalar columns (not arrays, structs or maps). */
  public boolean isScalar() {
    return !type.contains("<");
  }
}
