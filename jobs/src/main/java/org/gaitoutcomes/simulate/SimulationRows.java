package org.gaitoutcomes.simulate;

import static org.gaitoutcomes.simulate.SimulatedPatient.CUSTOM;
import static org.gaitoutcomes.simulate.SimulatedPatient.LEFT;
import static org.gaitoutcomes.simulate.SimulatedPatient.OTC;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns one simulated patient into the rows of each table, in the column order of its contract.
 * Flat tables become all-string rows (as the CSV files hold them, so injected errors can put any text
 * anywhere); gait scans and truth rows are typed. Pure functions of the patient.
 */
public final class SimulationRows {
  public static final String[] SIDES = {"L", "R"};
  public static final int BASELINE_VISIT_DAY = 0;

  private SimulationRows() {}

  public static List<Row> patients(SimulatedPatient s, SimulationParams p, InjectedErrors.Injection error) {
    String[] v = {
        s.id, s.female ? "F" : "M", Integer.toString(s.age), fmt(s.heightCm, 1), fmt(s.weightKg, 1), p.sites[s.site],
        fmt(s.standingHours, 1), fmt(s.painDurationMonths, 1), Boolean.toString(s.priorOrthotic)};
    if (error != null) {
      switch (error.kind()) {
        case NON_NUMERIC_AGE -> v[2] = error.writtenValue();
        case EMAIL_IN_STRING -> v[5] = error.writtenValue();
        case MISSING_REQUIRED -> v[1] = null;
        default -> throw new IllegalStateException(error.toString());
      }
    }
    return List.of(RowFactory.create((Object[]) v));
  }

  public static List<Row> footExams(SimulatedPatient s, InjectedErrors.Injection error) {
    List<Row> rows = new ArrayList<>(3);
    for (int side = LEFT; side <= SimulatedPatient.RIGHT; side++) {
      int[] fpi = s.fpiItems[side];
      rows.add(RowFactory.create(
          s.id, Integer.toString(BASELINE_VISIT_DAY), SIDES[side], fmt(s.navicularSeatedMm[side], 1), fmt(s.navicularStandingMm[side], 1),
          Integer.toString(fpi[0]), Integer.toString(fpi[1]), Integer.toString(fpi[2]), Integer.toString(fpi[3]), Integer.toString(fpi[4]),
          Integer.toString(fpi[5]), fmt(s.rcspDeg[side], 1), fmt(s.legLengthMm[side], 1), fmt(s.qAngleDeg[side], 1),
          fmt(s.dorsiflexionDeg[side], 1), Integer.toString(s.beighton)));
    }
    if (error != null && error.kind() == InjectedErrors.Kind.DUPLICATE_KEY) {
      rows.add(rows.get(0));
    }
    return rows;
  }

  public static List<Row> treatments(SimulatedPatient s, InjectedErrors.Injection error) {
    String[] v = {
        s.id, s.treated ? "custom" : "otc", Integer.toString(s.startDay), s.posting, fmt(s.heelLiftMm, 1),
        fmt(Math.round(s.adherence[s.arm()] * 20) / 20.0, 2)};
    if (error != null) {
      switch (error.kind()) {
        case CALENDAR_DATE -> v[3] = error.writtenValue();
        case TREATMENT_BEFORE_BASELINE -> v[2] = error.writtenValue();
        default -> throw new IllegalStateException(error.toString());
      }
    }
    return List.of(RowFactory.create((Object[]) v));
  }

  /** Observed assessments only (baseline, then follow-ups until dropout), under the received device. */
  public static List<Row> outcomes(SimulatedPatient s, InjectedErrors.Injection error) {
    List<Row> rows = new ArrayList<>(s.observedAssessments + 1);
    int arm = s.arm();
    for (int k = 0; k < s.observedAssessments; k++) {
      rows.add(RowFactory.create((Object[]) outcomeValues(s, arm, k, s.id)));
    }
    if (error != null) {
      switch (error.kind()) {
        case OUT_OF_RANGE_NRS -> {
          String[] v = outcomeValues(s, arm, 0, s.id);
          v[2] = error.writtenValue();
          rows.set(0, RowFactory.create((Object[]) v));
        }
        case UNKNOWN_PATIENT -> rows.add(RowFactory.create((Object[]) outcomeValues(s, arm, 0, error.writtenValue())));
        default -> throw new IllegalStateException(error.toString());
      }
    }
    return rows;
  }

  private static String[] outcomeValues(SimulatedPatient s, int arm, int k, String id) {
    String[] v = new String[3 + SimulatedPatient.ODI_SECTIONS];
    v[0] = id;
    v[1] = Integer.toString(s.days[k]);
    v[2] = Integer.toString(s.nrs[arm][k]);
    Integer[] sections = s.odiSections[arm][k];
    for (int j = 0; j < sections.length; j++) {
      v[3 + j] = sections[j] == null ? null : sections[j].toString();
    }
    String[] all = Arrays.copyOf(v, v.length + 1);
    all[v.length] = Integer.toString(s.rmdq[arm][k]);
    return all;
  }

  /** Key of the patient's baseline recording. */
  public static String scanId(SimulatedPatient s) {
    return "G" + s.id.substring(1);
  }

  /** The canonical gait_scans rows (one per side) of the baseline recording. */
  public static List<Row> gaitScans(SimulatedPatient s, SimulationParams p, GaitScanModel.Foot[] feet) {
    List<Row> rows = new ArrayList<>(2);
    for (int side = LEFT; side <= SimulatedPatient.RIGHT; side++) {
      GaitScanModel.Foot foot = feet[side];
      List<Row> steps = new ArrayList<>(foot.steps.length);
      for (GaitScanModel.Step st : foot.steps) {
        steps.add(RowFactory.create(st.startS, st.endS, boxed(st.peakKpa), boxed(st.copXmm), boxed(st.copYmm), boxed(st.forceN)));
      }
      rows.add(RowFactory.create(scanId(s), s.id, BASELINE_VISIT_DAY, SIDES[side], "simulated", p.samplingHz, p.gridRows, p.gridCols,
          p.cellMm, p.cellMm, null, seq(steps)));
    }
    return rows;
  }

  /**
   * The same gait_scans rows as {@link #gaitScans}, built directly in Spark's internal form: the float
   * arrays become {@code UnsafeArrayData} by one memory copy each, instead of the row encoder boxing and
   * type-checking every one of the ~3,600 values of a patient. Same column order and values.
   */
  public static List<InternalRow> gaitScansInternal(SimulatedPatient s, SimulationParams p, GaitScanModel.Foot[] feet) {
    List<InternalRow> rows = new ArrayList<>(2);
    UTF8String scanId = UTF8String.fromString(scanId(s));
    UTF8String patientId = UTF8String.fromString(s.id);
    UTF8String device = UTF8String.fromString("simulated");
    for (int side = LEFT; side <= SimulatedPatient.RIGHT; side++) {
      GaitScanModel.Foot foot = feet[side];
      Object[] steps = new Object[foot.steps.length];
      for (int k = 0; k < steps.length; k++) {
        GaitScanModel.Step st = foot.steps[k];
        steps[k] = new GenericInternalRow(new Object[] {st.startS, st.endS, UnsafeArrayData.fromPrimitiveArray(st.peakKpa),
            UnsafeArrayData.fromPrimitiveArray(st.copXmm), UnsafeArrayData.fromPrimitiveArray(st.copYmm),
            UnsafeArrayData.fromPrimitiveArray(st.forceN)});
      }
      rows.add(new GenericInternalRow(new Object[] {scanId, patientId, BASELINE_VISIT_DAY, UTF8String.fromString(SIDES[side]), device,
          p.samplingHz, p.gridRows, p.gridCols, p.cellMm, p.cellMm, null, new GenericArrayData(steps)}));
    }
    return rows;
  }

  /** Baseline NRS band used for subgroups: 0-2, 3-4, 5-6, 7-10. */
  public static String nrsBand(int nrs) {
    return nrs <= 2 ? "0-2" : nrs <= 4 ? "3-4" : nrs <= 6 ? "5-6" : "7-10";
  }

  /** truth_outcomes rows: baseline and every follow-up, both potential outcomes, observed or not. */
  public static List<Row> truthOutcomes(SimulatedPatient s) {
    List<Row> rows = new ArrayList<>(s.days.length);
    int baseline = s.baselineNrs();
    boolean lld6 = Math.abs(s.lldMeasuredMm()) >= 6;
    for (int k = 0; k < s.days.length; k++) {
      Boolean respOtc = k == 0 ? null : PatientGenerator.responder(baseline, s.nrs[OTC][k]);
      Boolean respCustom = k == 0 ? null : PatientGenerator.responder(baseline, s.nrs[CUSTOM][k]);
      rows.add(RowFactory.create(s.id, s.nominalDays[k], s.days[k], s.treated ? 1 : 0, k < s.observedAssessments,
          s.pronated(), lld6, nrsBand(baseline),
          s.nrs[OTC][k], s.nrs[CUSTOM][k], s.odiPercent[OTC][k], s.odiPercent[CUSTOM][k], s.rmdq[OTC][k], s.rmdq[CUSTOM][k],
          respOtc, respCustom, s.pronation[SimulatedPatient.LEFT], s.pronation[SimulatedPatient.RIGHT], s.lldAnatomicMm));
    }
    return rows;
  }

  /**
   * {@code String.format(Locale.ROOT, "%.<decimals>f", v)}, the same text, without the Formatter: Java's
   * {@code %f} rounds the shortest decimal that identifies the double ({@link Double#toString}) half-up,
   * which is what this does with BigDecimal, and keeps the minus sign of a negative value rounded to zero.
   * About 30 times faster (String.format looked up the locale's symbols on every call: a few per cent of
   * simulate's time in the profile; SimulationRowsTest compares the two on millions of values).
   */
  static String fmt(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
    BigDecimal rounded = new BigDecimal(Double.toString(v)).setScale(decimals, RoundingMode.HALF_UP);
    String text = rounded.toPlainString();
    return rounded.signum() == 0 && Double.doubleToRawLongBits(v) < 0 ? "-" + text : text;
  }

  /** Spark's row encoder takes arrays as Scala sequences; this wraps the float array without copying. */
  static scala.collection.Seq<Object> boxed(float[] values) {
    return scala.Predef.wrapFloatArray(values);
  }

  static <T> scala.collection.Seq<T> seq(List<T> values) {
    return scala.collection.JavaConverters.asScalaBuffer(values);
  }
}
