package org.gaitoutcomes.scans;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The registry of native scan export formats: the one place that knows each vendor format's name (the
 * manifest's {@code device}), its parser, whether one file holds both feet and whether the device is a
 * platform (walked over barefoot) rather than an in-shoe insole.
 *
 * <p>Adding a format (say Zebris) is one parser class, one constant here and a fixture file for its test;
 * {@code ScanFormatTest} then checks that the schemas' device lists name it.
 */
public enum ScanFormat {
  /** Novel pedar insoles: one .asc export holds both feet. */
  PEDAR("pedar", true, false, (fileName, in, side) -> PedarAscParser.parse(fileName, in)),
  /** Tekscan F-Scan insole: one .asf export per foot. */
  FSCAN("fscan", false, false, (fileName, in, side) -> List.of(FscanAsfParser.parse(fileName, in, side))),
  /** Novel emed pressure platform: one .lst export per foot contact. */
  EMED("emed", false, true, (fileName, in, side) -> List.of(EmedLstParser.parse(fileName, in, side)));

  /** The device name the simulator writes; not a native export format (it has no parser). */
  public static final String SIMULATED = "simulated";

  /** Reads one export file into one ParsedScan per foot. */
  @FunctionalInterface
  interface Parser {
    List<ParsedScan> parse(String fileName, BufferedReader in, String side);
  }

  private final String deviceName;
  private final boolean bothFeet;
  private final boolean platform;
  private final Parser parser;

  ScanFormat(String deviceName, boolean bothFeet, boolean platform, Parser parser) {
    this.deviceName = deviceName;
    this.bothFeet = bothFeet;
    this.platform = platform;
    this.parser = parser;
  }

  /** The name used in manifests and in the {@code device} column. */
  public String deviceName() {
    return deviceName;
  }

  /** True when one export holds both feet (the manifest's {@code side} is then ignored). */
  public boolean holdsBothFeet() {
    return bothFeet;
  }

  /** True for a platform, where contacts at the sensor edge are real steps and are kept. */
  public boolean isPlatform() {
    return platform;
  }

  /** Every format's device name, in declaration order. */
  public static List<String> deviceNames() {
    return Arrays.stream(values()).map(ScanFormat::deviceName).toList();
  }

  /** The device names of formats whose export holds both feet. */
  public static List<String> bothFeetDeviceNames() {
    return Arrays.stream(values()).filter(ScanFormat::holdsBothFeet).map(ScanFormat::deviceName).toList();
  }

  /** The format named {@code device}, or null when no native format has that name (such as "simulated"). */
  public static ScanFormat byDeviceName(String device) {
    for (ScanFormat f : values()) {
      if (f.deviceName.equals(device)) {
        return f;
      }
    }
    return null;
  }

  /** True when {@code device} names a platform format; false for insoles, the simulator and unknown names. */
  public static boolean isPlatform(String device) {
    ScanFormat f = byDeviceName(device);
    return f != null && f.platform;
  }

  /**
   * Parses {@code in} (read as Latin-1, which every byte decodes in; the exports are ASCII or, for emed,
   * Latin-1) into one ParsedScan per foot. {@code side} is required for single-foot exports and ignored for
   * formats that hold both feet. Throws {@link ScanParseException} for an unknown device or a malformed or
   * truncated file; an I/O failure is reported the same way, naming the file only.
   */
  public static List<ParsedScan> parse(String device, String fileName, InputStream in, String side) {
    ScanFormat format = byDeviceName(device);
    if (format == null) {
      throw new ScanParseException(fileName, 0, "expected device " + String.join(", ", deviceNames())
          + ", found " + ScanParseException.show(device));
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
    try {
      return format.parser.parse(fileName, reader, side);
    } catch (UncheckedIOException e) {
      throw new ScanParseException(fileName, 0, "cannot be read: " + e.getCause().getClass().getSimpleName());
    }
  }
}
