package org.gaitoutcomes.simulate;

import java.util.SplittableRandom;

/**
 * Per-patient random streams. A stream is seeded by mixing (seed, patient index, component) with the
 * SplitMix64 finaliser (Steele, Lea and Flood 2014), so a patient's draws depend on nothing else:
 * not on the partition it lands in, the number of cores, or the other components (changing the
 * number of scan steps does not change the outcomes).
 */
public final class PatientRandom {
  /** Independent components of one patient. */
  public static final int DEMOGRAPHICS = 1;
  public static final int FEET = 2;
  public static final int TREATMENT = 3;
  public static final int OUTCOMES = 4;
  public static final int SCANS = 5;
  public static final int VENDOR = 6;

  private PatientRandom() {}

  /** The random stream of {@code component} of patient {@code index} under {@code seed}. */
  public static SplittableRandom stream(long seed, long index, int component) {
    return new SplittableRandom(mix64(mix64(seed) ^ mix64(index * 0x9E3779B97F4A7C15L + component)));
  }

  /** SplitMix64 finaliser (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number generators"). */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Standard normal draw. */
  public static double normal(SplittableRandom rng) {
    return rng.nextGaussian();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  public static int uniformInt(SplittableRandom rng, int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  public static double clip(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  public static double logistic(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  public static double logit(double p) {
    return Math.log(p / (1 - p));
  }
}
