package org.gaitoutcomes.provenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.spark.Progress;

/**
 * How an output was made, written as {@code run.json} beside it: command and options, the resolved
 * configuration, a checksum of every input file, seeds, software versions, the source commit and the
 * Spark master, plus per-stage timings. Fields named in {@link #VOLATILE_FIELDS} change from run to
 * run; everything else is a function of inputs, configuration and code.
 */
public final class RunManifest {
  /** Fields that differ between otherwise identical runs (masked by golden tests). */
  public static final List<String> VOLATILE_FIELDS = List.of("started_at", "finished_at", "stages", "spark", "java", "commit", "output");

  /** Names that carry only structure: the table's own name, the scan manifest, Spark's part files. */
  private static final java.util.regex.Pattern PART_FILE = java.util.regex.Pattern.compile("part-\\d{5}(-[0-9a-f-]{36})?(-c\\d{3})?(\\.[a-z0-9]{1,8})*");
  private static final java.util.regex.Pattern EXTENSIONS = java.util.regex.Pattern.compile("(\\.[A-Za-z0-9]{1,8})+");


  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root = MAPPER.createObjectNode();
  private final ArrayNode inputs = MAPPER.createArrayNode();
  private final ArrayNode stages = MAPPER.createArrayNode();

  public RunManifest(String command, Map<String, ?> options) {
    root.put("tool", "gait-outcomes");
    root.put("version", projectVersion());
    root.put("command", command);
    root.set("options", MAPPER.valueToTree(options));
    root.put("started_at", Instant.now().toString());
    root.put("commit", sourceCommit());
    ObjectNode java = root.putObject("java");
    java.put("version", System.getProperty("java.version"));
    java.put("vendor", System.getProperty("java.vendor"));
  }

  /** The version in the jar's manifest, or {@code dev} when running from classes. */
  public static String projectVersion() {
    String v = RunManifest.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The source commit, passed by the launcher or the build as {@code -Dgait.commit} or {@code GAIT_COMMIT}. */
  public static String sourceCommit() {
    String c = System.getProperty("gait.commit");
    if (c == null || c.isBlank()) {
      c = System.getenv("GAIT_COMMIT");
    }
    return c == null || c.isBlank() ? "unknown" : c;
  }

  public RunManifest spark(SparkSession spark) {
    ObjectNode s = root.putObject("spark");
    s.put("version", spark.version());
    s.put("master", spark.sparkContext().master());
    s.put("default_parallelism", spark.sparkContext().defaultParallelism());
    return this;
  }

  /** Records the resolved configuration (as JSON text produced by {@code Settings.toJson}). */
  public RunManifest config(String configJson) {
    try {
      root.set("config", MAPPER.readTree(configJson));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("config is not JSON", e);
    }
    return this;
  }

  public RunManifest seed(String name, long seed) {
    ObjectNode seeds = root.has("seeds") ? (ObjectNode) root.get("seeds") : root.putObject("seeds");
    seeds.put(name, seed);
    return this;
  }

  /**
   * Adds a checksum of every data file below {@code uri} under the logical name {@code table}. File
   * names are recorded only when they carry nothing but structure (see {@link #shownFileName}); any
   * other name, such as a vendor export named after a patient ({@code DOE_JANE_MRN1234567_L.asf}),
   * is recorded as {@code withheld-K.EXT}, K its place in the sorted listing of the table's files.
   */
  public RunManifest input(Configuration conf, String table, String uri) {
    int k = 0;
    for (FileStatus f : HadoopFiles.listDataFiles(conf, uri)) {
      k++;
      ObjectNode n = inputs.addObject();
      n.put("table", table);
      n.put("file", shownFileName(table, f.getPath().getName(), k));
      n.put("bytes", f.getLen());
      n.put("checksum", HadoopFiles.checksum(conf, f));
    }
    return this;
  }

  /**
   * The file name as run.json records it: {@code name} itself when it is the table's own name with
   * an extension ({@code patients.csv}, {@code gait_scans.parquet}), {@code manifest.csv} or a Spark
   * part file ({@code part-00000-<uuid>-c000.snappy.parquet}); otherwise {@code withheld-K} plus the
   * name's extensions. Names chosen by a data provider or a device may carry a person's name or a
   * record number, and cannot be told apart by their shape.
   */
  public static String shownFileName(String table, String name, int k) {
    int dot = name.indexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot);
    boolean plainExt = ext.isEmpty() || EXTENSIONS.matcher(ext).matches();
    if (plainExt && (stem.equals(table) || name.equals("manifest.csv") || PART_FILE.matcher(name).matches())) {
      return name;
    }
    String last = name.substring(Math.max(0, name.lastIndexOf('.')));
    return "withheld-" + k + (dot >= 0 && EXTENSIONS.matcher(last).matches() ? last.toLowerCase(java.util.Locale.ROOT) : "");
  }

  /**
   * Runs one stage, logging its start and its one-line description ({@link Progress#stage}), and records
   * its duration and counts: the one way every command and the pipeline time a stage.
   */
  public <T> T timed(String stage, Supplier<T> work, Function<T, String> describe, Function<T, Map<String, ?>> counts) {
    long start = System.nanoTime();
    T result = Progress.stage(stage, work, describe);
    stage(stage, (System.nanoTime() - start) / 1e9, counts.apply(result));
    return result;
  }

  public RunManifest stage(String name, double seconds, Map<String, ?> counts) {
    ObjectNode n = stages.addObject();
    n.put("stage", name);
    n.put("seconds", Math.round(seconds * 1000) / 1000.0);
    n.set("counts", MAPPER.valueToTree(counts));
    return this;
  }

  /** Adds or replaces a top-level section (e.g. a stage's summary). */
  public RunManifest section(String name, Object value) {
    root.set(name, MAPPER.valueToTree(value));
    return this;
  }

  public String toJson() {
    ObjectNode copy = root.deepCopy();
    copy.set("inputs", inputs);
    copy.set("stages", stages);
    copy.put("finished_at", Instant.now().toString());
    try {
      return MAPPER.writeValueAsString(copy);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code run.json} into {@code folderUri}. */
  public void write(Configuration conf, String folderUri) {
    HadoopFiles.writeString(conf, folderUri + "/run.json", toJson());
  }
}
