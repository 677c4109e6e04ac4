package org.gaitoutcomes.scans;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads one native export by device name (the manifest's {@code device}). */
public final class ScanParsers {
  private ScanParsers() {}

  /**
   * Parses {@code in} (read as Latin-1, which every byte decodes in; the exports are ASCII or, for emed,
   * Latin-1) into one ParsedScan per foot. {@code side} is required for single-foot exports (fscan, emed)
   * and ignored for pedar, which holds both insoles. Throws {@link ScanParseException} for a malformed or
   * truncated file; an I/O failure is reported the same way, naming the file only.
   */
  public static List<ParsedScan> parse(String device, String fileName, InputStream in, String side) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
    try {
      return switch (device) {
        case "pedar" -> PedarAscParser.parse(fileName, reader);
        case "fscan" -> List.of(FscanAsfParser.parse(fileName, reader, side));
        case "emed" -> List.of(EmedLstParser.parse(fileName, reader, side));
        default -> throw new ScanParseException(fileName, 0, "expected device pedar, fscan or emed, found " + ScanParseException.show(device));
      };
    } catch (UncheckedIOException e) {
      throw new ScanParseException(fileName, 0, "cannot be read: " + e.getCause().getClass().getSimpleName());
    }
  }
}
