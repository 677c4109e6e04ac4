package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.MISSING;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Words for the codes in the result tables (outcomes, estimands, methods, checks), for readers. */
final class Labels {
  private static final Pattern CHANGE = Pattern.compile("(nrs|odi|rmdq)_change_d(\\d+)");
  private static final Pattern RESPONDER = Pattern.compile("responder_d(\\d+)");

  private Labels() {}

  static String outcomeLabel(String outcome) {
    if (outcome == null) {
      return MISSING;
    }
    Matcher m = CHANGE.matcher(outcome);
    if (m.matches()) {
      return "change in " + PlainLanguage.measure(m.group(1)) + " at " + PlainLanguage.day(m.group(2));
    }
    Matcher resp = RESPONDER.matcher(outcome);
    if (resp.matches()) {
      return "responder at " + PlainLanguage.day(resp.group(1));
    }
    return outcome.replace('_', ' ');
  }

  static String checkLabel(String check) {
    return switch (Objects.toString(check, "")) {
      case "max_abs_smd" -> "Largest |SMD|";
      case "variance_ratio_range" -> "Variance ratios";
      case "ess_treated" -> "Effective sample size, treatment arm";
      case "ess_control" -> "Effective sample size, comparator arm";
      case "propensity_auc" -> "Propensity model AUC";
      case "overlap" -> "Overlap";
      case "equipoise" -> "Equipoise";
      case "separation" -> "Separation";
      case "negative_control" -> "Negative-control outcome";
      case "placebo_treatment" -> "Placebo treatment";
      case "e_value" -> "E-value";
      case "excluded_rows" -> "Patients left out (missing data)";
      case "matched_treated" -> "Treated patients matched";
      case "missing_outcome" -> "Missing outcome";
      default -> Objects.toString(check, MISSING);
    };
  }

  static String measureLabel(String m) {
    return cap(PlainLanguage.measure(m));
  }

  static String estimandLabel(String e) {
    return switch (Objects.toString(e, "")) {
      case "ATE" -> "average effect in the whole study population (ATE)";
      case "ATT" -> "average effect among those who received the treatment device (ATT)";
      case "ATO" -> "average effect in the overlap population (ATO)";
      case "crude" -> "crude difference, no target population (unadjusted)";
      default -> Objects.toString(e, MISSING);
    };
  }

  static String estimandLabelShort(String e) {
    return Objects.toString(e, MISSING);
  }

  static String methodLabel(String m) {
    return switch (Objects.toString(m, "")) {
      case "unadjusted" -> "unadjusted";
      case "g_computation" -> "outcome regression (g-computation)";
      case "iptw" -> "inverse probability weighting";
      case "matching" -> "propensity matching";
      case "aipw_linear" -> "doubly robust (AIPW, linear)";
      case "aipw_flexible" -> "doubly robust (AIPW, flexible)";
      default -> Objects.toString(m, MISSING).replace('_', ' ');
    };
  }

  static String cap(String s) {
    return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

}
