package org.gaitoutcomes.scans;

import org.gaitoutcomes.GaitException;

/**
 * A native export that cannot be read: names the file (name only, never its folder), the 1-based line
 * (0 for whole-file problems) and what was expected there. The import stage turns it into a quarantine
 * record instead of failing the job.
 */
public final class ScanParseException extends GaitException {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final long line;
  private final String reason;

  public ScanParseException(String fileName, long line, String reason) {
    super(fileName + (line > 0 ? ": line " + line : "") + ": " + reason);
    this.fileName = fileName;
    this.line = line;
    this.reason = reason;
  }

  public String fileName() {
    return fileName;
  }

  /** 1-based line number, or 0 when the problem concerns the whole file. */
  public long line() {
    return line;
  }

  public String reason() {
    return reason;
  }

  /** A short, non-identifying rendering of an offending data token for messages. */
  static String show(String token) {
    if (token == null) {
      return "nothing";
    }
    String t = token.strip();
    return "'" + (t.length() > 16 ? t.substring(0, 16) + "..." : t) + "'";
  }
}
