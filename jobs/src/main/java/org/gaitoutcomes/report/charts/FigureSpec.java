package org.gaitoutcomes.report.charts;

import java.util.List;
import java.util.Map;

/**
 * What a figure shows, as data: the chart kind and the values it draws, already privacy-safe. The report
 * document carries these; {@link FigureRenderer} turns one into SVG and PNG. Adding a chart kind: one
 * record here and one case in {@link FigureRenderer#drawable}.
 */
public sealed interface FigureSpec {
  /** The CONSORT-style attrition flow: one box per cohort rule with the patients it kept and excluded. */
  record Flow(List<Step> steps, String treatedLabel, String controlLabel) implements FigureSpec {
    /** One cohort rule, its counts already printed as the report prints them. */
    public record Step(String description, String remaining, String treated, String control, String excluded) {}

    public Flow {
      steps = List.copyOf(steps);
    }

    /** The figure height that fits {@code steps} boxes. */
    public static int heightFor(int steps) {
      return FlowDiagram.heightFor(steps);
    }
  }

  /** Absolute standardized mean differences per covariate under each adjustment. */
  record LovePlot(List<String> covariates, Map<String, double[]> absSmdByAdjustment) implements FigureSpec {}

  /** Propensity-score histograms, treated above the axis and control below. */
  record MirroredHistogram(List<Charts.Bin> treated, List<Charts.Bin> control, String treatedLabel, String controlLabel, String suppressedLabel)
      implements FigureSpec {}

  /** A forest plot of intervals around a reference line. */
  record Forest(List<Charts.Interval> rows, String xLabel, double reference, String leftLabel, String rightLabel) implements FigureSpec {}

  /** Means by arm and day, with confidence bands. */
  record Trajectories(Map<String, List<Charts.Point>> byArm, String yLabel) implements FigureSpec {}

  /** Kaplan-Meier step curves by arm, with confidence bounds. */
  record KaplanMeier(Map<String, List<Charts.Point>> byArm, String yLabel) implements FigureSpec {}

  /** Feature importances coloured by the direction of the effect change. */
  record Importance(List<String> features, double[] importance, double[] direction, String moreBenefitLabel, String lessBenefitLabel)
      implements FigureSpec {}
}
