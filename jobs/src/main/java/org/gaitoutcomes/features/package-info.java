/**
 * Biomechanical features: plain-Java formulas ({@link org.gaitoutcomes.features.FootprintIndices},
 * {@link org.gaitoutcomes.features.CopIndices}, {@link org.gaitoutcomes.features.ExamMeasures}), the MLlib
 * stages that apply them ({@link org.gaitoutcomes.features.StepSegmenter},
 * {@link org.gaitoutcomes.features.PressureFeatures}, {@link org.gaitoutcomes.features.ExamFeatures}), the
 * per-patient baseline assembly ({@link org.gaitoutcomes.features.BaselineAssembly}) and the stage that
 * runs them ({@link org.gaitoutcomes.features.FeaturesStage}). Depends on {@code scans} (segmentation and
 * timing), {@code schema}, {@code io} and {@code spark}.
 */
package org.gaitoutcomes.features;
