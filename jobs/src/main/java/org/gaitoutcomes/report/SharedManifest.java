package org.gaitoutcomes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.gaitoutcomes.report.privacy.SuppressedCounts;

/**
 * The run manifest as the report ships it ({@code report/run.json}): how the results were made,
 * without what may only stay inside the run output. Kept: tool, version, command, options (paths
 * already cut to their last component, identifier-like values masked), times, commit, software
 * versions, the resolved configuration (the key column's name masked), seeds, one row per input
 * table (files counted, file names only when they are a table's own name or a Spark part file,
 * otherwise a pseudonym such as {@code scans-file3.asf}; bytes; one checksum, of the file or of the
 * table's file checksums) and the stage timings with every count as the report's registry prints it
 * ({@code <11}, {@code hidden}). Dropped: the per-stage summaries ({@code ingest}, {@code cohort},
 * {@code compare}: exact counts, dropped-column names, warnings) and anything this class does not
 * know. The exact manifest stays in the run output's own {@code run.json} (internal).
 */
final class SharedManifest {
  /** Top-level fields copied as they are (after path shortening). */
  static final List<String> KEPT = List.of("tool", "version", "command", "options", "started_at", "finished_at", "commit", "java", "spark", "seeds");
  /** Values of options that look like direct identifiers (e-mail, long digit runs, record-number labels). */
  private static final Pattern IDENTIFIER_LIKE = Pattern.compile("(?i)@|\\d{7,}|(?<![a-z])(mrn|nhs|ssn)[ #:_-]*\\d");
  private static final Pattern ID_COLUMN = Pattern.compile("(\"id-column\"\\s*:\\s*)\"[^\"]*\"");

  /** One input table as shared: files counted, one pseudonymous name or none, bytes and one checksum. */
  record Input(String table, long files, String file, long bytes, String checksum) {}

  private SharedManifest() {}

  static JsonNode of(JsonNode manifest, ReportCounts rc) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode out = f.objectNode();
    out.put("shared_copy", "Copy of the run manifest for sharing: counts as the report prints them, input file names pseudonymous,"
        + " stage summaries left out. The exact manifest is run.json in the run output (internal, not for sharing).");
    SuppressedCounts counts = rc.counts();
    for (String k : KEPT) {
      JsonNode v = manifest.get(k);
      if (v != null) {
        out.set(k, k.equals("options") ? maskedOptions(v) : v.deepCopy());
      }
    }
    if (manifest.get("config") != null) {
      out.set("config", config(manifest.get("config")));
    }
    List<Input> inputs = inputs(manifest);
    if (!inputs.isEmpty()) {
      ArrayNode a = out.putArray("inputs");
      for (Input in : inputs) {
        ObjectNode n = a.addObject();
        n.put("table", in.table());
        String id = rc.stageCountId("inputs", in.table() + ".files");
        n.set("files", id == null ? f.numberNode(in.files()) : value(counts, id));
        if (in.file() != null) {
          n.put("file", in.file());
        }
        n.put("bytes", in.bytes());
        n.put("checksum", in.checksum());
      }
    }
    JsonNode stages = manifest.get("stages");
    if (stages != null) {
      ArrayNode a = out.putArray("stages");
      for (JsonNode st : stages) {
        ObjectNode n = a.addObject();
        String stage = st.path("stage").asText();
        n.put("stage", stage);
        n.set("seconds", st.path("seconds").deepCopy());
        ObjectNode c = n.putObject("counts");
        st.path("counts").fields().forEachRemaining(e -> {
          String id = e.getValue().isIntegralNumber() ? rc.stageCountId(stage, e.getKey()) : null;
          // A count the registry does not know is not shipped (unknown meaning, unknown protection).
          c.set(e.getKey(), id != null ? value(counts, id) : e.getValue().isIntegralNumber() ? TextNode.valueOf(SuppressedCounts.HIDDEN) : e.getValue().deepCopy());
        });
      }
    }
    return out;
  }

  private static JsonNode value(SuppressedCounts counts, String id) {
    Object v = counts.value(id);
    return v instanceof Long l ? JsonNodeFactory.instance.numberNode(l) : TextNode.valueOf(v.toString());
  }

  /** The command's options with identifier-like values (an e-mail, a record number) masked. */
  static JsonNode maskedOptions(JsonNode options) {
    ObjectNode o = options.deepCopy();
    options.fields().forEachRemaining(e -> {
      if (e.getValue().isTextual() && IDENTIFIER_LIKE.matcher(e.getValue().asText()).find()) {
        o.put(e.getKey(), "<masked>");
      }
    });
    return o;
  }

  /** The resolved configuration with the key column's name masked (shared outputs never name patient-level columns). */
  static JsonNode config(JsonNode config) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(configText(config));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String configText(JsonNode config) {
    return ID_COLUMN.matcher(config.toPrettyString()).replaceAll("$1\"(key column)\"");
  }

  /** The manifest's input files grouped by table, in first-seen order, as shared. */
  static List<Input> inputs(JsonNode manifest) {
    Map<String, List<JsonNode>> byTable = new LinkedHashMap<>();
    if (manifest != null && manifest.get("inputs") != null) {
      manifest.get("inputs").forEach(n -> byTable.computeIfAbsent(n.path("table").asText("?"), k -> new ArrayList<>()).add(n));
    }
    List<Input> out = new ArrayList<>();
    for (Map.Entry<String, List<JsonNode>> e : byTable.entrySet()) {
      List<JsonNode> files = e.getValue();
      long bytes = files.stream().mapToLong(n -> n.path("bytes").asLong()).sum();
      if (files.size() == 1) {
        out.add(new Input(e.getKey(), 1, pseudonym(e.getKey(), files.get(0).path("file").asText(), 1), bytes, files.get(0).path("checksum").asText()));
      } else {
        StringBuilder all = new StringBuilder();
        files.forEach(n -> all.append(n.path("checksum").asText()).append('\n'));
        out.add(new Input(e.getKey(), files.size(), null, bytes, "sha256:" + sha256(all.toString()) + " (of the files' checksums, in listed order)"));
      }
    }
    return out;
  }

  /**
   * A file name as shared: the table's own name or a Spark part file as it is, anything else (a
   * vendor export named after a patient, a scan id) replaced by {@code TABLE-fileK.EXT}.
   */
  static String pseudonym(String table, String file, int k) {
    String lower = file.toLowerCase(Locale.ROOT);
    String t = Pattern.quote(table.toLowerCase(Locale.ROOT));
    if (lower.matches("(" + t + "|part-\\d{5}(-[0-9a-f-]{36})?(\\.c\\d{3})?)(\\.[a-z0-9]{1,8})*")) {
      return file;
    }
    String ext = lower.matches(".*\\.[a-z0-9]{1,8}") ? lower.substring(lower.lastIndexOf('.')) : "";
    return table + "-file" + k + ext;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
