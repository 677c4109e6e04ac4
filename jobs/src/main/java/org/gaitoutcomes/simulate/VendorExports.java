package org.gaitoutcomes.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Which patients' baseline recordings are also written as native vendor exports, under what names,
 * and their {@code scans/manifest.csv} rows (schema scan_manifest). A patient is chosen when a draw of
 * its own VENDOR stream is below the vendor share; a second draw picks pedar (both feet in one
 * {@code .asc}) or F-Scan (one {@code .asf} per foot).
 */
public final class VendorExports {
  public static final String FOLDER = "scans";
  public static final String MANIFEST = "manifest.csv";

  /** One export file: its name relative to the scans folder and its text. */
  public record VendorFile(String name, String content) {}

  private VendorExports() {}

  /** The device of patient {@code index}'s vendor export, or null when it has none. */
  public static String device(SimulationParams p, long seed, long index) {
    if (p.vendorShare <= 0) {
      return null;
    }
    SplittableRandom r = PatientRandom.stream(seed, index, PatientRandom.VENDOR);
    boolean chosen = r.nextDouble() < p.vendorShare;
    boolean pedar = r.nextDouble() < p.pedarShare;
    return chosen ? (pedar ? "pedar" : "fscan") : null;
  }

  /** Key of the imported vendor recording (distinct from the canonical one). */
  public static String scanId(SimulatedPatient s) {
    return "V" + s.id.substring(1);
  }

  /** Manifest rows (all strings, scan_manifest column order) of patient {@code s} exported on {@code device}. */
  public static List<Row> manifestRows(SimulatedPatient s, String device) {
    List<Row> rows = new ArrayList<>(2);
    String visit = Integer.toString(SimulationRows.BASELINE_VISIT_DAY);
    if ("pedar".equals(device)) {
      rows.add(RowFactory.create(scanId(s) + ".asc", scanId(s), s.id, visit, "pedar", null));
    } else {
      for (String side : SimulationRows.SIDES) {
        rows.add(RowFactory.create(scanId(s) + "_" + side + ".asf", scanId(s), s.id, visit, "fscan", side));
      }
    }
    return rows;
  }

  /** The export files of patient {@code s} (whose recording is {@code feet}) on {@code device}. */
  public static List<VendorFile> files(SimulationParams p, SimulatedPatient s, GaitScanModel.Foot[] feet, String device) {
    List<VendorFile> files = new ArrayList<>(2);
    if ("pedar".equals(device)) {
      files.add(new VendorFile(scanId(s) + ".asc", PedarAscWriter.write(feet, p.pedarHz, scanId(s))));
    } else {
      for (int side = SimulatedPatient.LEFT; side <= SimulatedPatient.RIGHT; side++) {
        files.add(new VendorFile(scanId(s) + "_" + SimulationRows.SIDES[side] + ".asf",
            FscanAsfWriter.write(feet[side], p.fscanSecondsPerFrame, scanId(s))));
      }
    }
    return files;
  }
}
