package org.gaitoutcomes.simulate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Joins the part files of one write into one file, in the given order, without decoding rows: CSV parts
 * (written without a header) are concatenated after one header line; Parquet parts' row groups are copied
 * as they are ({@link ParquetFileWriter#appendFile}) under the first part's schema and key-value metadata
 * (Spark's row schema included), so Spark and any Parquet reader see the same rows in the same order.
 */
final class PartFiles {
  private PartFiles() {}

  static void concatenateCsv(FileSystem fs, List<Path> parts, String header, Path target) throws IOException {
    byte[] buffer = new byte[1 << 20];
    try (OutputStream out = fs.create(target, true)) {
      out.write(header.getBytes(StandardCharsets.UTF_8));
      for (Path part : parts) {
        try (InputStream in = fs.open(part)) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
          }
        }
      }
    }
  }

  static void appendParquet(Configuration conf, List<Path> parts, Path target) throws IOException {
    FileMetaData first;
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(parts.get(0), conf))) {
      first = reader.getFooter().getFileMetaData();
    }
    Map<String, String> keyValues = first.getKeyValueMetaData();
    ParquetFileWriter writer = new ParquetFileWriter(HadoopOutputFile.fromPath(target, conf), first.getSchema(),
        ParquetFileWriter.Mode.CREATE, org.apache.parquet.hadoop.ParquetWriter.DEFAULT_BLOCK_SIZE, 0);
    writer.start();
    for (Path part : parts) {
      writer.appendFile(HadoopInputFile.fromPath(part, conf));
    }
    writer.end(keyValues);
  }

}
