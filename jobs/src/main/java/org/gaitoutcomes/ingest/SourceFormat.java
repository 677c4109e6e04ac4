package org.gaitoutcomes.ingest;

import java.util.Locale;
import java.util.Optional;

/** The file formats ingest reads, recognised by file-name extension. */
public enum SourceFormat {
  CSV("csv"),
  JSONL("jsonl"),
  PARQUET("parquet");

  private final String contractName;

  SourceFormat(String contractName) {
    this.contractName = contractName;
  }

  /** The name used in a contract's {@code formats} list. */
  public String contractName() {
    return contractName;
  }

  /**
   * The format of a file by its name: {@code .csv}, {@code .jsonl} or {@code .json} (Spark's JSON part
   * files), {@code .parquet}; each optionally followed by a compression suffix for text formats
   * ({@code .gz}, {@code .bz2}, {@code .deflate}).
   */
  public static Optional<SourceFormat> ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|bz2|deflate)$", "");
    if (n.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (n.endsWith(".jsonl") || n.endsWith(".json")) {
      return Optional.of(JSONL);
    }
    if (n.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }
}
