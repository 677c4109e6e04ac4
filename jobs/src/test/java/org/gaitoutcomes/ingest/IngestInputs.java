package org.gaitoutcomes.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.testing.SparkTestSession;

/** Small hand-made input folders for ingest tests, and readers of what ingest wrote. */
final class IngestInputs {
  static final String PATIENTS_HEADER =
      "patient_id,sex,age_years,height_cm,weight_kg,site,standing_hours_per_day,pain_duration_months,prior_orthotic";
  static final String TREATMENTS_HEADER = "patient_id,device_type,start_day,posting,heel_lift_mm,adherence";
  static final String OUTCOMES_HEADER = "patient_id,day,nrs_pain,odi_1,odi_2,odi_3,odi_4,odi_5,odi_6,odi_7,odi_8,odi_9,odi_10,rmdq";

  private IngestInputs() {}

  static void write(Path dir, String relative, String... lines) {
    try {
      Path file = dir.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid minimal input: patients P0001 and P0002, one treatment and one outcome each. */
  static void writeValid(Path dir) {
    write(dir, "patients.csv", PATIENTS_HEADER,
        "P0001,F,45,165.5,70,S1,6,12,false",
        "P0002,M,52,180,82.5,S2,,24,true");
    write(dir, "treatments.csv", TREATMENTS_HEADER,
        "P0001,custom,0,medial,0,0.8",
        "P0002,otc,3,none,,0.5");
    write(dir, "outcomes.csv", OUTCOMES_HEADER,
        "P0001,0,6,2,1,2,1,2,2,1,,1,1,10",
        "P0002,0,5,1,1,1,1,1,1,1,1,1,1,8");
  }

  static Config defaults() {
    return Settings.defaults();
  }

  /** The defaults with {@code overrides} (full keys, e.g. gait.ingest.checks.enforce). */
  static Config with(Map<String, ?> overrides) {
    return ConfigFactory.parseMap(overrides).withFallback(Settings.defaults());
  }

  static Config rekeyEnabled() {
    return ConfigFactory.parseMap(Map.of("gait.ingest.rekey.enabled", true)).withFallback(Settings.defaults());
  }

  static String uri(Path p) {
    return p.toUri().toString();
  }

  static Dataset<Row> curated(Path out, String table) {
    return SparkTestSession.get().read().parquet(uri(out.resolve("curated").resolve(table)));
  }

  static Dataset<Row> quarantine(Path out) {
    return SparkTestSession.get().read().parquet(uri(out.resolve("quarantine")));
  }

  /** Quarantine rows as "table file row rule field", sorted. */
  static List<String> quarantineKeys(Path out) {
    List<String> keys = new ArrayList<>();
    for (Row r : quarantine(out).collectAsList()) {
      keys.add(r.getAs("table") + " " + r.getAs("source_file") + " " + r.getAs("source_row") + " " + r.getAs("rule") + " " + r.getAs("field"));
    }
    keys.sort(null);
    return keys;
  }
}
