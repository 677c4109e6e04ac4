/**
 * Synthetic population simulator with known ground truth ({@code bin/gait-outcomes simulate}).
 *
 * <p>What lives here: the generative model in plain Java ({@link org.gaitoutcomes.simulate.PatientGenerator},
 * {@link org.gaitoutcomes.simulate.GaitScanModel}), its parameters ({@link org.gaitoutcomes.simulate.SimulationParams},
 * documented with defaults and sources in {@code gait/simulate.conf}), the conversion to table rows, the
 * native vendor writers ({@link org.gaitoutcomes.simulate.PedarAscWriter}, {@link org.gaitoutcomes.simulate.FscanAsfWriter}),
 * the Spark generation and writing ({@link org.gaitoutcomes.simulate.SimulationTables},
 * {@link org.gaitoutcomes.simulate.SimulateStage}) and the true effects ({@link org.gaitoutcomes.simulate.TruthEffects}).
 * Depends on {@code schema}, {@code config}, {@code io}, {@code results}, {@code spark} and, for the pedar
 * sensor layout, {@code scans.PedarLayout}; nothing else in the project depends on it except the command.
 *
 * <p>Determinism: patient i's draws come from {@link org.gaitoutcomes.simulate.PatientRandom} streams
 * seeded by SplitMix64-mixing (seed, i, component), so every row is a function of (parameters, seed, i):
 * identical whatever the partitioning, and no per-patient work runs on the driver.
 *
 * <p>The generative model (every number is a parameter in {@code simulate.conf}):
 * <ol>
 *   <li>Demographics: sex, age, height by sex, BMI (weight = BMI x height^2), site, standing job and
 *       hours standing, pain duration (chronic, >= 3 months), prior orthotic.</li>
 *   <li>Feet: a laxity trait drives the Beighton score and part of a latent pronation trait; each foot's
 *       trait (correlation 0.85 between feet) drives the six FPI-6 items (each -2..+2), the navicular
 *       drop and the resting calcaneal stance angle together, and nudges Q-angle (by sex) and ankle
 *       dorsiflexion. Defaults give about 20% of feet with FPI >= +6. Anatomic LLD ~ Normal(0, 6.5 mm)
 *       (Knutson 2005); both leg lengths are measured with error, so measured |LLD| >= 6 mm in about 45%.</li>
 *   <li>Gait scans ({@link org.gaitoutcomes.simulate.GaitScanModel}): per-step peak-pressure pictures on a
 *       1 cm grid whose midfoot contact widens with the navicular drop (arch index about 0.23 at a 7 mm
 *       drop, >= 0.26 for about a fifth of feet), CoP paths whose lateral midstance bow shrinks as pronation
 *       grows (so CPEI, measured against the first-to-last CoP line, is lower in pronated feet; Song 1996), stance times
 *       asymmetric with anatomic LLD, force curves, sensor noise; optionally also written as pedar and
 *       F-Scan exports with frame sequences synthesised from the same steps.</li>
 *   <li>Treatment: custom vs OTC by a logistic model on OBSERVED baseline covariates (mean FPI, measured
 *       |LLD|, baseline NRS, standing hours, site) scaled by a confounding strength, so the effect is
 *       identified given the observed covariates (no unmeasured confounding). Device start 0-28 days
 *       after baseline; posting, heel lift (likely with LLD on custom devices) and adherence under both devices.</li>
 *   <li>Outcomes: continuous pain = stable trait (+ standing job, pronation, LLD) - natural recovery x
 *       (1 - exp(-t/60 d)) + device term + occasion noise; NRS = clip(round(pain), 0, 10). The occasion
 *       noise of the baseline makes regression to the mean. Custom-minus-OTC term = -(0.45 + 0.6 max(0,
 *       pronation) + 0.5 min(|LLD|/10 mm, 2)) x adherence x g(t), g rising over about 2 weeks, flat to 8
 *       weeks, fading with a 90-day time constant: about -0.7 NRS at 6 weeks, -0.5 at 12, near 0 at 52.
 *       Scenario {@code otc_harm} adds OTC harm for pronated feet and large LLD. Oswestry sections and
 *       Roland-Morris follow the same continuous pain with person and occasion noise; section 8 is often
 *       unanswered. Both potential outcomes use the same draws; the observed one is the received arm's.</li>
 *   <li>Dropout: monotone, before each follow-up with a logistic hazard in baseline NRS and arm (OTC
 *       higher): missing at random given baseline covariates and arm; about 14% lost by 52 weeks.</li>
 * </ol>
 */
package org.gaitoutcomes.simulate;
