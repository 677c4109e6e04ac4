package org.gaitoutcomes.provenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.io.HadoopFiles;

/**
 * How an output was made, written as {@code run.json} beside it: command and options, the resolved
 * configuration, a checksum of every input file, seeds, software versions, the source commit and the
 * Spark master, plus per-stage timings. Fields named in {@link #VOLATILE_FIELDS} change from run to
 * run; everything else is a function of inputs, configuration and code.
 */
public final class RunManifest {
  /** Fields that differ between otherwise identical runs (masked by golden tests). */
  public static final List<String> VOLATILE_FIELDS = List.of("started_at", "finished_at", "stages", "spark", "java", "commit", "output");

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

  /** Adds a checksum of every data file below {@code uri} under the logical name {@code table}. */
  public RunManifest input(Configuration conf, String table, String uri) {
    for (FileStatus f : HadoopFiles.listDataFiles(conf, uri)) {
      ObjectNode n = inputs.addObject();
      n.put("table", table);
      n.put("file", f.getPath().getName());
      n.put("bytes", f.getLen());
      n.put("checksum", HadoopFiles.checksum(conf, f));
    }
    return this;
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
