package org.gaitoutcomes.simulate;

import static org.gaitoutcomes.simulate.PatientRandom.clip;
import static org.gaitoutcomes.simulate.PatientRandom.normal;
import static org.gaitoutcomes.simulate.SimulatedPatient.LEFT;
import static org.gaitoutcomes.simulate.SimulatedPatient.RIGHT;

import java.util.SplittableRandom;

/**
 * Plantar-pressure recordings of one patient's baseline walk, generated from the same latent traits as
 * the clinical exam. Pure Java. Coordinates are millimetres in the canonical grid of
 * {@code schemas/gait_scans.json}: x from the grid's medial edge, y from its posterior (heel) edge;
 * cell (row r, column c) is centred at ((c + 0.5) cell, (r + 0.5) cell). Left and right feet are
 * both drawn in this medial-to-lateral frame (the right foot is already mirrored).
 *
 * <p>Foot shape at fraction f = (y - y0) / L of the foot length L: heel width 0.26 L up to f = 0.30,
 * widening linearly to the ball width (about 0.385 L) at f = 0.70, tapering over the toes from
 * f = 0.82. The insole (sensing area) is the foot outline; cells outside it are NaN. The footprint
 * (cells in contact) is the outline minus (a) the medial midfoot between f = 0.30 and 0.62, where
 * only a lateral band of the midfoot contact width touches (wider as the navicular drops, so the arch
 * index rises with pronation), and (b) one sulcus row at f = 0.80 between the ball and the toes, as
 * in an ink footprint, so the toes can be removed before computing the arch index (Cavanagh and
 * Rodgers 1987). Peak pressures are regional (heel, lateral midfoot, forefoot with a medial shift
 * with pronation, hallux, lesser toes), scaled by (weight / 75 kg)^0.4, with per-step gain, per-cell
 * Normal noise and quantisation. The CoP runs heel to toe (smoothstep progression), bowing laterally
 * in midstance by a fraction of the foot width that shrinks as pronation grows (so the centre-of-pressure
 * excursion index, CPEI, falls with pronation: Song 1996), to between the first two toes at toe-off. Force is a
 * double hump of about 1.15 body weight. Stance of the longer leg is longer with anatomic LLD.
 */
public final class GaitScanModel {
  /** Posterior and medial margins of the foot in the grid, mm. */
  static final double Y0 = 5.0;
  static final double X0 = 5.0;
  /** Fraction of foot length of the sulcus (toe crease) row. */
  static final double SULCUS_FRACTION = 0.80;

  private GaitScanModel() {}

  /** One step: contact start and end (s from recording start), peak picture (row-major) and per-frame series. */
  public static final class Step {
    public double startS;
    public double endS;
    public float[] peakKpa;
    public float[] copXmm;
    public float[] copYmm;
    public float[] forceN;
  }

  /** One foot's geometry and recorded steps. */
  public static final class Foot {
    public int side;
    public double lengthMm;
    public double heelWidthMm;
    public double ballWidthMm;
    public double midfootContactMm;
    public double pronation;
    public double weightScale;
    public double bodyWeightN;
    public int rows;
    public int cols;
    public double cellMm;
    public Step[] steps;
    /** Per-foot geometry cached by {@link #prepare}: outline mask, noise-free peak per cell, per-row edges. */
    private boolean[] outline;
    private double[] base;
    private double[] rowFraction;
    private double[] rowLateral;
    private double[] rowStance;

    /** Caches the geometry that does not change between steps (same values as computing it per cell). */
    void prepare(SimulationParams p) {
      outline = new boolean[rows * cols];
      base = new double[rows * cols];
      rowFraction = new double[rows];
      rowLateral = new double[rows];
      for (int row = 0; row < rows; row++) {
        double y = (row + 0.5) * cellMm;
        double f = fraction(y);
        rowFraction[row] = f;
        rowLateral[row] = medialAt(f) + widthAt(f);
        for (int col = 0; col < cols; col++) {
          double x = (col + 0.5) * cellMm;
          int i = row * cols + col;
          outline[i] = inOutline(x, y);
          base[i] = outline[i] ? basePressure(p, row, x, y) : 0;
        }
      }
    }

    double widthAt(double f) {
      if (f < 0 || f > 1) {
        return 0;
      }
      double w;
      if (f < 0.30) {
        w = heelWidthMm;
        if (f < 0.06) {
          double u = (0.06 - f) / 0.06;
          w *= Math.sqrt(Math.max(0, 1 - u * u));
        }
      } else if (f < 0.70) {
        w = heelWidthMm + (ballWidthMm - heelWidthMm) * (f - 0.30) / 0.40;
      } else if (f < 0.82) {
        w = ballWidthMm;
      } else {
        w = ballWidthMm * (1 - 0.45 * (f - 0.82) / 0.18);
        if (f > 0.95) {
          double u = (f - 0.95) / 0.05;
          w *= Math.sqrt(Math.max(0, 1 - u * u));
        }
      }
      return w;
    }

    double medialAt(double f) {
      double heelInset = 0.3 * (ballWidthMm - heelWidthMm);
      if (f < 0.30) {
        return X0 + heelInset;
      }
      if (f < 0.70) {
        return X0 + heelInset * (0.70 - f) / 0.40;
      }
      return X0;
    }

    double fraction(double y) {
      return (y - Y0) / lengthMm;
    }

    int sulcusRow() {
      return (int) Math.floor((Y0 + SULCUS_FRACTION * lengthMm) / cellMm);
    }

    boolean inOutline(double x, double y) {
      double f = fraction(y);
      double m = medialAt(f);
      return f >= 0 && f <= 1 && x >= m && x <= m + widthAt(f);
    }

    /** Width of the midfoot band in contact at f, for a midfoot contact width {@code mid}. */
    double contactWidthAt(double f, double mid) {
      double w = widthAt(f);
      if (f < 0.30 || f >= 0.62) {
        return w;
      }
      double target = Math.min(w, mid);
      if (f < 0.38) {
        return w + (target - w) * (f - 0.30) / 0.08;
      }
      if (f < 0.52) {
        return target;
      }
      return target + (w - target) * (f - 0.52) / 0.10;
    }

    boolean inContact(int row, double x, double y, double mid) {
      if (!inOutline(x, y) || row == sulcusRow()) {
        return false;
      }
      double f = fraction(y);
      double lateral = medialAt(f) + widthAt(f);
      return x >= lateral - contactWidthAt(f, mid);
    }

    /** Noise-free peak pressure (kPa) of a contact point. */
    double basePressure(SimulationParams p, int row, double x, double y) {
      double f = fraction(y);
      double m = medialAt(f);
      double w = Math.max(1, widthAt(f));
      double lateralness = clip((x - m) / w, 0, 1);
      double pressure;
      if (f < 0.30) {
        double dy = (y - (Y0 + 0.12 * lengthMm)) / (0.09 * lengthMm);
        double dx = (x - (m + w / 2)) / (0.35 * heelWidthMm);
        pressure = p.heelPeakKpa * (0.5 + 0.5 * Math.exp(-dy * dy - dx * dx));
      } else if (f < 0.62) {
        pressure = p.midfootPeakKpa * (0.8 + 0.2 * lateralness) + 30 * Math.max(0, pronation) * (1 - lateralness);
      } else if (row < sulcusRow()) {
        double dy = (y - (Y0 + 0.72 * lengthMm)) / (0.07 * lengthMm);
        pressure = p.forefootPeakKpa * (0.55 + 0.45 * Math.exp(-dy * dy)) * (1 + 0.12 * pronation * (1 - 2 * lateralness));
      } else {
        boolean hallux = x < X0 + 0.38 * ballWidthMm;
        pressure = hallux ? p.halluxPeakKpa : p.toesPeakKpa;
      }
      return Math.max(0, pressure) * weightScale;
    }

    /** Centre-of-pressure progression along the foot, 0..1, at stance fraction s (smoothstep). */
    static double progress(double s) {
      double q = clip(s, 0, 1);
      return q * q * (3 - 2 * q);
    }

    double copY(double s) {
      return Y0 + lengthMm * (0.06 + 0.80 * progress(s));
    }

    /** Stance fraction at which the CoP passes y (inverse of {@link #copY}), clamped to [0.08, 0.92]. */
    double stanceFractionAt(double y) {
      double lo = 0;
      double hi = 1;
      for (int i = 0; i < 30; i++) {
        double mid = (lo + hi) / 2;
        if (copY(mid) < y) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return clip((lo + hi) / 2, 0.08, 0.92);
    }

    /**
     * Pressure picture at stance fraction s of {@code step}: each cell's peak times a loading bump
     * centred on the moment the CoP passes the cell's row, so the maximum over a step's frames is
     * (up to frame sampling) its peak picture. Cells outside the insole are NaN.
     */
    public float[] frameAt(Step step, double s) {
      float[] out = new float[rows * cols];
      if (rowStance == null) {
        rowStance = new double[rows];
        for (int r = 0; r < rows; r++) {
          rowStance[r] = stanceFractionAt((r + 0.5) * cellMm);
        }
      }
      for (int r = 0; r < rows; r++) {
        double sy = rowStance[r];
        double u = (s - sy) / 0.2;
        double activation = s < 0 || s > 1 ? 0 : Math.exp(-u * u);
        for (int c = 0; c < cols; c++) {
          float peak = step.peakKpa[r * cols + c];
          out[r * cols + c] = Float.isNaN(peak) ? Float.NaN : (float) (peak * activation);
        }
      }
      return out;
    }

    /** The frame at recording time t (s): the step in contact, or an unloaded insole. */
    public float[] frameAtTime(double t) {
      for (Step step : steps) {
        if (t >= step.startS && t <= step.endS) {
          return frameAt(step, (t - step.startS) / (step.endS - step.startS));
        }
      }
      return frameAt(steps[0], -1);
    }

    public double recordingEndS() {
      return steps[steps.length - 1].endS + 0.3;
    }
  }

  /** Both feet of a patient's baseline recording (index {@link SimulatedPatient#LEFT}, {@link SimulatedPatient#RIGHT}). */
  public static Foot[] generate(SimulationParams p, long seed, SimulatedPatient s) {
    SplittableRandom r = PatientRandom.stream(seed, s.index, PatientRandom.SCANS);
    double stride = clip(p.strideMean + p.strideSd * normal(r), 0.8, 1.6);
    double stanceBase = p.stanceFraction * stride;
    double asym = p.lldStanceAsymmetryPerMm * Math.abs(s.lldAnatomicMm);
    int longer = s.lldAnatomicMm >= 0 ? LEFT : RIGHT;
    double length = clip(p.footLengthHeightRatio * s.heightCm * 10 + 6 * normal(r), 200, p.gridRows * p.cellMm - 15);
    double ballWidth = clip(0.385 * length + 3 * normal(r), 70, p.gridCols * p.cellMm - 10);
    Foot[] feet = new Foot[2];
    for (int side = LEFT; side <= RIGHT; side++) {
      Foot f = new Foot();
      f.side = side;
      f.lengthMm = length;
      f.ballWidthMm = ballWidth;
      f.heelWidthMm = 0.26 * length;
      f.pronation = s.pronation[side];
      f.weightScale = Math.pow(s.weightKg / 75.0, 0.4);
      f.bodyWeightN = s.weightKg * 9.81;
      f.rows = p.gridRows;
      f.cols = p.gridCols;
      f.cellMm = p.cellMm;
      f.midfootContactMm = clip(p.midfootContactBaseFraction * length + p.midfootContactPerDropMm * (s.navicularDropMm(side) - 7) + 3 * normal(r),
          5, f.heelWidthMm);
      double stance = stanceBase * (side == longer ? 1 + asym : 1 - asym);
      double firstContact = 0.5 + (side == LEFT ? 0 : stride / 2);
      f.prepare(p);
      f.steps = new Step[p.stepsPerSide];
      for (int k = 0; k < p.stepsPerSide; k++) {
        f.steps[k] = step(p, r, f, firstContact + k * stride + 0.01 * normal(r), stance * (1 + 0.02 * normal(r)));
      }
      feet[side] = f;
    }
    return feet;
  }

  static Step step(SimulationParams p, SplittableRandom r, Foot f, double start, double stance) {
    Step step = new Step();
    step.startS = round3(start);
    step.endS = round3(start + stance);
    double gain = 1 + 0.05 * normal(r);
    double mid = f.midfootContactMm + 1.5 * normal(r);
    step.peakKpa = new float[f.rows * f.cols];
    int sulcus = f.sulcusRow();
    for (int row = 0; row < f.rows; row++) {
      // contact test of inContact(): in the outline, not the sulcus row, lateral of the arch
      double contactEdge = f.rowLateral[row] - f.contactWidthAt(f.rowFraction[row], mid);
      for (int col = 0; col < f.cols; col++) {
        double x = (col + 0.5) * f.cellMm;
        double noise = p.pressureNoiseSdKpa * normal(r);
        int i = row * f.cols + col;
        float v;
        if (!f.outline[i]) {
          v = Float.NaN;
        } else if (row == sulcus || x < contactEdge) {
          v = 0f;
        } else {
          double kpa = Math.max(4 * p.pressureQuantumKpa, f.base[i] * gain + noise);
          v = (float) (Math.round(kpa / p.pressureQuantumKpa) * p.pressureQuantumKpa);
        }
        step.peakKpa[i] = v;
      }
    }
    int n = Math.max(5, (int) Math.round((step.endS - step.startS) * p.samplingHz));
    step.copXmm = new float[n];
    step.copYmm = new float[n];
    step.forceN = new float[n];
    double offset = 1.5 * normal(r);
    // lateral bow of the path, shrinking as pronation grows (lower CPEI = more pronated; Song 1996)
    double bow = p.copLateralBowFraction * (1 - p.copBowLossPerSd * f.pronation);
    for (int k = 0; k < n; k++) {
      double s = (k + 0.5) / n;
      double y = f.copY(s);
      double fr = f.fraction(y);
      double m = f.medialAt(fr);
      double w = f.widthAt(fr);
      double centre = m + w / 2 + bow * w * Math.sin(Math.PI * s);
      double lambda = s > 0.6 ? Foot.progress((s - 0.6) / 0.4) : 0;
      double target = X0 + 0.25 * f.ballWidthMm;
      double x = (1 - lambda) * centre + lambda * target + offset + 0.8 * normal(r);
      double force = f.bodyWeightN * 1.3 * (Math.sin(Math.PI * s) + 0.25 * Math.sin(3 * Math.PI * s)) * gain + 5 * normal(r);
      step.copXmm[k] = (float) (Math.round(x * 10) / 10.0);
      step.copYmm[k] = (float) (Math.round((y + 0.8 * normal(r)) * 10) / 10.0);
      step.forceN[k] = (float) Math.max(0, Math.round(force));
    }
    return step;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
