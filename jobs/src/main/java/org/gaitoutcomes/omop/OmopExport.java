package org.gaitoutcomes.omop;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.ingest.SourceTable;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.simulate.SimulationParams;

/**
 * Writes a simulated population (the CSV tables {@code simulate} wrote) as OMOP CDM v5.4 tables, with
 * the concepts of {@code gait.omop}, so that import-omop gives back the same input tables: person
 * (birth date such that the age at baseline is the simulated age), observation_period (baseline =
 * its start, two years long), care_site (the simulated sites), condition_occurrence (low back pain
 * starting pain_duration_months before baseline), device_exposure (the device by its HCPCS code; a
 * prior orthotic as a prefabricated insert 100 days before baseline), measurement (height, weight,
 * NRS, foot-exam measures) and observation (standing hours, Oswestry sections, Roland-Morris).
 * Calendar dates are synthetic: each person's baseline is a day of 2019 chosen from the person_id.
 * Gait scans have no place in the CDM and are not written.
 */
public final class OmopExport {
  /** Type concept 32817 (EHR) for every record's provenance. */
  public static final long TYPE_EHR = 32817;
  /** Days between baseline and a prior orthotic's start. */
  public static final int PRIOR_ORTHOTIC_DAY = -100;
  /** Length of every observation period, days. */
  public static final int PERIOD_DAYS = 730;
  private static final LocalDate FIRST_BASELINE = LocalDate.of(2019, 1, 1);
  private static final Pattern SIMULATED_ID = Pattern.compile("^P(\\d{1,15})$");

  /** Columns of every table written, in order. */
  public static final Map<String, List<String>> COLUMNS = columns();

  private static final StructType OUTPUT = new StructType()
      .add("table", DataTypes.StringType, false)
      .add("values", DataTypes.createArrayType(DataTypes.StringType, true), false);

  private OmopExport() {}

  private static Map<String, List<String>> columns() {
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("person", List.of("person_id", "gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth", "race_concept_id",
        "ethnicity_concept_id", "care_site_id"));
    c.put("observation_period", List.of("observation_period_id", "person_id", "observation_period_start_date",
        "observation_period_end_date", "period_type_concept_id"));
    c.put("care_site", List.of("care_site_id", "care_site_name", "care_site_source_value"));
    c.put("condition_occurrence", List.of("condition_occurrence_id", "person_id", "condition_concept_id", "condition_start_date",
        "condition_type_concept_id"));
    c.put("device_exposure", List.of("device_exposure_id", "person_id", "device_concept_id", "device_exposure_start_date",
        "device_type_concept_id", "device_source_value"));
    c.put("measurement", List.of("measurement_id", "person_id", "measurement_concept_id", "measurement_date",
        "measurement_type_concept_id", "value_as_number", "unit_concept_id"));
    c.put("observation", List.of("observation_id", "person_id", "observation_concept_id", "observation_date",
        "observation_type_concept_id", "value_as_number", "unit_concept_id"));
    return Map.copyOf(c);
  }

  /** The OMOP person_id of a simulated patient id ({@code P00000042} is person 43). */
  public static long personId(String patientId) {
    Matcher m = patientId == null ? null : SIMULATED_ID.matcher(patientId);
    if (m == null || !m.matches()) {
      throw new GaitException("simulated patient id '" + patientId + "' is not P followed by digits");
    }
    return Long.parseLong(m.group(1)) + 1;
  }

  /** The synthetic baseline date of a person: a day of 2019 chosen from the person_id. */
  public static LocalDate baseline(long personId) {
    return FIRST_BASELINE.plusDays(Math.floorMod(personId * 7919L, 365));
  }

  /**
   * Reads the simulated tables in {@code simulatedUri} and writes the OMOP tables into {@code
   * outputUri} (a CSV folder with a header per table); returns the rows written per table.
   */
  public static Map<String, Long> write(SparkSession spark, Config config, String simulatedUri, String outputUri) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OmopMapping mapping = OmopMapping.from(config);
    String[] sites = SimulationParams.from(config).sites;
    Writer writer = new Writer(mapping, sites);
    Dataset<Row> rows = null;
    for (String table : List.of(Schemas.PATIENTS, Schemas.FOOT_EXAMS, Schemas.TREATMENTS, Schemas.OUTCOMES)) {
      SourceTable source = SourceTable.locate(conf, simulatedUri, Schemas.get(table)).orElseThrow(() ->
          new GaitException("the simulated " + table + " table is missing"));
      Dataset<Row> simulated = spark.read().option("header", "true").schema(Schemas.get(table).rawStringStructType()).csv(source.uri());
      Dataset<Row> omop = simulated.flatMap((FlatMapFunction<Row, Row>) r -> writer.rows(table, r).iterator(), Encoders.row(OUTPUT));
      rows = rows == null ? omop : rows.union(omop);
    }
    List<Row> careSites = new ArrayList<>();
    for (int i = 0; i < sites.length; i++) {
      careSites.add(RowFactory.create("care_site", seq(List.of(Integer.toString(i + 1), sites[i], sites[i]))));
    }
    rows = rows.union(spark.createDataFrame(careSites, OUTPUT)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      for (Map.Entry<String, List<String>> e : new java.util.TreeMap<>(COLUMNS).entrySet()) {
        List<String> names = e.getValue();
        Column[] columns = new Column[names.size()];
        for (int i = 0; i < columns.length; i++) {
          columns[i] = col("values").getItem(i).as(names.get(i));
        }
        rows.filter(col("table").equalTo(e.getKey())).select(columns).orderBy(col(names.get(0)).cast("long"))
            .write().mode(SaveMode.ErrorIfExists).option("header", "true").csv(outputUri + "/" + e.getKey());
      }
      Map<String, Long> written = new java.util.TreeMap<>();
      // driver-safe: one row per OMOP table
      rows.groupBy("table").count().collectAsList().forEach(r -> written.put(r.getString(0), r.getLong(1)));
      return written;
    } finally {
      rows.unpersist();
    }
  }

  /**
   * For {@code simulate --format omop}: converts the simulated tables in {@code simulatedUri} (a folder
   * inside the staged output) into OMOP tables in {@code outputUri}, moves the ground truth ({@code
   * truth/}) beside them and deletes the simulated tables. Returns the OMOP rows written per table.
   */
  public static Map<String, Long> replaceSimulatedTables(SparkSession spark, Config config, String simulatedUri, String outputUri,
      String truthFolder) {
    Map<String, Long> written = write(spark, config, simulatedUri, outputUri);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      org.apache.hadoop.fs.Path simulated = new org.apache.hadoop.fs.Path(simulatedUri);
      org.apache.hadoop.fs.FileSystem fs = simulated.getFileSystem(conf);
      org.apache.hadoop.fs.Path truth = new org.apache.hadoop.fs.Path(simulated, truthFolder);
      if (fs.exists(truth) && !fs.rename(truth, new org.apache.hadoop.fs.Path(outputUri, truthFolder))) {
        throw new java.io.IOException("could not move " + truthFolder + "/");
      }
      fs.delete(simulated, true);
    } catch (java.io.IOException e) {
      throw new GaitException("cannot tidy the simulated OMOP output: " + e.getMessage(), e);
    }
    return written;
  }

  private static scala.collection.Seq<String> seq(List<String> values) {
    return scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(values)).toSeq();
  }

  /** Turns one row of a simulated table into OMOP rows; a pure function of the row. */
  static final class Writer implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final OmopMapping mapping;
    private final String[] sites;
    private final String customCode;
    private final String otcCode;

    Writer(OmopMapping mapping, String[] sites) {
      this.mapping = mapping;
      this.sites = sites.clone();
      if (mapping.customCodes.isEmpty() || mapping.otcCodes.isEmpty()) {
        throw new GaitException("simulate --format omop needs gait.omop.custom-orthosis.hcpcs-codes and otc-orthosis.hcpcs-codes");
      }
      // driver-safe: the first of a configured code list (a TreeSet, not a Dataset)
      this.customCode = new TreeSet<>(mapping.customCodes).first();
      // driver-safe: the first of a configured code list (a TreeSet, not a Dataset)
      this.otcCode = new TreeSet<>(mapping.otcCodes).first();
    }

    List<Row> rows(String table, Row r) {
      long person = personId(r.getString(0));
      LocalDate baseline = baseline(person);
      List<Row> out = new ArrayList<>();
      switch (table) {
        case Schemas.PATIENTS -> patient(r, person, baseline, out);
        case Schemas.FOOT_EXAMS -> footExam(r, person, baseline, out);
        case Schemas.TREATMENTS -> {
          String type = r.getString(1);
          Integer day = integer(r.getString(2));
          if (day != null && type != null) {
            add(out, "device_exposure", person * 10 + 1, person, 0, baseline.plusDays(day), TYPE_EHR,
                type.equals("custom") ? customCode : type.equals("otc") ? otcCode : type);
          }
        }
        default -> outcome(r, person, baseline, out);
      }
      return out;
    }

    private void patient(Row r, long person, LocalDate baseline, List<Row> out) {
      String sex = r.getString(1);
      long gender = "F".equals(sex) ? mapping.femaleConcepts.stream().sorted().findFirst().orElseThrow()
          : "M".equals(sex) ? mapping.maleConcepts.stream().sorted().findFirst().orElseThrow() : 0;
      Integer age = integer(r.getString(2));
      LocalDate birth = age == null ? null : baseline.minusYears(age).minusDays(Math.floorMod(person * 104729L, 365));
      int site = Arrays.asList(sites).indexOf(r.getString(5));
      add(out, "person", person, gender, birth == null ? null : birth.getYear(), birth == null ? null : birth.getMonthValue(),
          birth == null ? null : birth.getDayOfMonth(), 0, 0, site < 0 ? null : site + 1);
      add(out, "observation_period", person, person, baseline, baseline.plusDays(PERIOD_DAYS), TYPE_EHR);
      fact(out, "measurement", person * 10000 + 1, person, Schemas.PATIENTS, "height_cm", null, baseline, r.getString(3));
      fact(out, "measurement", person * 10000 + 2, person, Schemas.PATIENTS, "weight_kg", null, baseline, r.getString(4));
      fact(out, "observation", person * 10000 + 3, person, Schemas.PATIENTS, "standing_hours_per_day", null, baseline, r.getString(6));
      Double months = number(r.getString(7));
      if (months != null) {
        long condition = mapping.conditionConcepts.stream().sorted().findFirst()
            .orElseThrow(() -> new GaitException("simulate --format omop needs gait.omop.chronic-low-back-pain-concepts"));
        add(out, "condition_occurrence", person, person, condition,
            baseline.minusDays(Math.round(months * PersonMapper.DAYS_PER_MONTH)), TYPE_EHR);
      }
      if ("true".equals(r.getString(8))) {
        add(out, "device_exposure", person * 10, person, 0, baseline.plusDays(PRIOR_ORTHOTIC_DAY), TYPE_EHR, otcCode);
      }
    }

    private void footExam(Row r, long person, LocalDate baseline, List<Row> out) {
      Integer day = integer(r.getString(1));
      String side = r.getString(2);
      if (day == null || side == null) {
        return;
      }
      List<String> names = Schemas.get(Schemas.FOOT_EXAMS).columnNames();
      for (int i = 3; i < names.size(); i++) {
        long concept = mapping.conceptOf(Schemas.FOOT_EXAMS, names.get(i), side);
        if (mapping.targets(concept).size() > 1 && !side.equals("L")) {
          continue; // a whole-body measure recorded once, on the left row
        }
        fact(out, "measurement", person * 10000 + 100 + (side.equals("L") ? 0 : 50) + i, person, Schemas.FOOT_EXAMS, names.get(i),
            side, baseline.plusDays(day), r.getString(i));
      }
    }

    private void outcome(Row r, long person, LocalDate baseline, List<Row> out) {
      Integer day = integer(r.getString(1));
      if (day == null) {
        return;
      }
      List<String> names = Schemas.get(Schemas.OUTCOMES).columnNames();
      for (int i = 2; i < names.size(); i++) {
        String table = names.get(i).equals("nrs_pain") ? "measurement" : "observation";
        fact(out, table, person * 10000 + 1000 + day * 16L + i, person, Schemas.OUTCOMES, names.get(i), null, baseline.plusDays(day),
            r.getString(i));
      }
    }

    private void fact(List<Row> out, String table, long id, long person, String ourTable, String column, String side, LocalDate date,
        String value) {
      if (value == null || value.isEmpty()) {
        return;
      }
      long concept = mapping.conceptOf(ourTable, column, side);
      java.util.Set<Long> units = mapping.targets(concept).get(0).units();
      add(out, table, id, person, concept, date, TYPE_EHR, value, units.isEmpty() ? null : units.stream().sorted().findFirst().get());
    }

    private static void add(List<Row> out, String table, Object... values) {
      List<String> text = new ArrayList<>(values.length);
      for (Object v : values) {
        text.add(v == null ? null : v.toString());
      }
      out.add(RowFactory.create(table, seq(text)));
    }

    private static Integer integer(String s) {
      try {
        return s == null ? null : Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }

    private static Double number(String s) {
      try {
        return s == null ? null : Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
