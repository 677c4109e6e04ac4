package org.gaitoutcomes.scans;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;

/**
 * One data row of a scan manifest (schemas/scan_manifest.json), checked against the contract. The
 * manifest is a simple CSV: its contract patterns exclude commas and quotes, so a line splits on commas
 * (surrounding double quotes are removed).
 *
 * @param row 1-based data row (the header is row 0)
 * @param error null when valid, else the first problem: {field, value, message}
 */
public record ManifestEntry(long row, String file, String scanId, String patientId, Integer visitDay, String device,
    String side, String[] error) implements Serializable {

  /** Column positions by contract name, from the header line; fails naming a missing required column. */
  public static int[] columnPositions(String headerLine, String manifestName) {
    List<String> header = new ArrayList<>();
    for (String h : headerLine.split(",", -1)) {
      header.add(unquote(h).toLowerCase(Locale.ROOT));
    }
    TableSchema contract = Schemas.get(Schemas.SCAN_MANIFEST);
    int[] pos = new int[contract.columns().size()];
    for (int i = 0; i < pos.length; i++) {
      ColumnSpec c = contract.columns().get(i);
      pos[i] = header.indexOf(c.name());
      if (pos[i] < 0 && c.required()) {
        throw new GaitException("scan manifest " + manifestName + ": header has no column '" + c.name()
            + "' (expected " + String.join(",", contract.columnNames()) + ")");
      }
    }
    return pos;
  }

  /** Parses and checks one data line against the contract. */
  public static ManifestEntry parse(long row, String line, int[] positions) {
    TableSchema contract = Schemas.get(Schemas.SCAN_MANIFEST);
    String[] tok = line.split(",", -1);
    String[] v = new String[positions.length];
    for (int i = 0; i < positions.length; i++) {
      v[i] = positions[i] >= 0 && positions[i] < tok.length ? unquote(tok[positions[i]]) : "";
    }
    Map<String, String> byName = new java.util.HashMap<>();
    for (int i = 0; i < positions.length; i++) {
      byName.put(contract.columns().get(i).name(), v[i]);
    }
    String[] error = null;
    for (ColumnSpec c : contract.columns()) {
      error = check(c, byName.get(c.name()));
      if (error != null) {
        break;
      }
    }
    String file = byName.get("file");
    String device = byName.get("device");
    String side = byName.get("side").isEmpty() ? null : byName.get("side");
    if (error == null && (file.startsWith("/") || ("/" + file + "/").contains("/../"))) {
      error = new String[] {"file", name(file), "file must be a path inside the manifest's folder"};
    }
    ScanFormat format = ScanFormat.byDeviceName(device);
    if (error == null && format != null && !format.holdsBothFeet() && side == null) {
      error = new String[] {"side", null, "side (L or R) is required for a single-foot " + device + " export"};
    }
    Integer day = null;
    if (error == null) {
      day = Integer.parseInt(byName.get("visit_day"));
    }
    return new ManifestEntry(row, file, byName.get("scan_id"), byName.get("patient_id"), day, device, side, error);
  }

  private static String[] check(ColumnSpec c, String value) {
    String shown = c.name().equals("file") ? name(value) : c.name().endsWith("_id") ? "***" : value;
    if (value.isEmpty()) {
      return c.required() ? new String[] {c.name(), null, c.name() + " is required"} : null;
    }
    if (c.pattern() != null && !value.matches(c.pattern())) {
      return new String[] {c.name(), shown, c.name() + " does not match " + c.pattern()};
    }
    if (!c.allowed().isEmpty() && !c.allowed().contains(value)) {
      return new String[] {c.name(), shown, c.name() + " must be one of " + String.join(", ", c.allowed())};
    }
    if (c.type().equals("int")) {
      try {
        int n = Integer.parseInt(value);
        if ((c.min() != null && n < c.min()) || (c.max() != null && n > c.max())) {
          return new String[] {c.name(), value, c.name() + " must be between " + c.min().intValue() + " and " + c.max().intValue()};
        }
      } catch (NumberFormatException e) {
        return new String[] {c.name(), shown, c.name() + " must be a whole number"};
      }
    }
    return null;
  }

  /** The last path component (never a folder, which may carry a person's name). */
  public static String name(String path) {
    if (path == null) {
      return null;
    }
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }

  private static String unquote(String s) {
    String t = s.strip();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }
}
