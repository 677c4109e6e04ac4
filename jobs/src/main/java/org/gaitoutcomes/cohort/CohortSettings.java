package org.gaitoutcomes.cohort;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gaitoutcomes.GaitException;

/**
 * The {@code gait.cohort} section of the study spec, checked: every value documented with its default
 * in {@code gait/cohort.conf}. A bad value fails before any data is read, naming the key and value.
 *
 * @param treatment device_type of the treatment arm (treated = 1)
 * @param comparator device_type of the comparator arm (treated = 0)
 * @param baselineFrom first day of the baseline window relative to the index day, inclusive
 * @param baselineTo last day of the baseline window relative to the index day, inclusive
 * @param followUps follow-up time points in ascending order
 * @param odiMaxMissing Oswestry sections that may be unanswered for a score
 * @param responderMinPercent NRS responder: minimum improvement in percent of baseline
 * @param responderMinPoints NRS responder: minimum improvement in points
 * @param odiImportantChange Oswestry important improvement, points
 * @param rmdqImportantChange Roland-Morris important improvement, points
 * @param eligibility eligibility rules in order (without the appended {@code required_values} rule)
 */
public record CohortSettings(
    String treatment,
    String comparator,
    int baselineFrom,
    int baselineTo,
    List<FollowUp> followUps,
    int odiMaxMissing,
    double responderMinPercent,
    double responderMinPoints,
    double odiImportantChange,
    double rmdqImportantChange,
    List<EligibilityRule> eligibility) {

  /** Path of the section in the resolved configuration. */
  public static final String PATH = "gait.cohort";

  private static final Pattern RULE_ID = Pattern.compile("^[a-z][a-z0-9_]*$");

  /**
   * One follow-up time point: target {@code day} after the index day and the inclusive window
   * {@code day - halfWidth .. day + halfWidth}.
   */
  public record FollowUp(int day, int halfWidth) {
    public int from() {
      return day - halfWidth;
    }

    public int to() {
      return day + halfWidth;
    }
  }

  /** An eligibility rule: a Spark SQL boolean {@code condition} over the candidate columns. */
  public record EligibilityRule(String id, String description, String condition) {}

  public CohortSettings {
    followUps = List.copyOf(followUps);
    eligibility = List.copyOf(eligibility);
  }

  /** Reads and checks {@code gait.cohort} from a configuration resolved by {@code Settings.load}. */
  public static CohortSettings from(Config config) {
    try {
      Config c = config.getConfig(PATH);
      CohortSettings s = new CohortSettings(
          c.getString("treatment").trim(),
          c.getString("comparator").trim(),
          c.getInt("baseline-window.from"),
          c.getInt("baseline-window.to"),
          followUps(c.getConfigList("follow-up")),
          c.getInt("scoring.odi-max-missing"),
          c.getDouble("scoring.responder-min-percent"),
          c.getDouble("scoring.responder-min-points"),
          c.getDouble("scoring.odi-important-change"),
          c.getDouble("scoring.rmdq-important-change"),
          rules(c.getConfigList("eligibility")));
      s.validate();
      return s;
    } catch (ConfigException e) {
      throw new GaitException("study spec section " + PATH + " is invalid: " + e.getMessage(), e);
    }
  }

  /** The end of the last follow-up window: assessments after it are outside the study. */
  public int horizon() {
    return followUps.get(followUps.size() - 1).to();
  }

  private void validate() {
    require(!treatment.isEmpty(), "treatment", "'" + treatment + "'", "must not be empty");
    require(!comparator.isEmpty(), "comparator", "'" + comparator + "'", "must not be empty");
    require(!treatment.equals(comparator), "comparator", "'" + comparator + "'", "must differ from treatment");
    require(baselineFrom <= baselineTo, "baseline-window.from", baselineFrom, "must not be after baseline-window.to (" + baselineTo + ")");
    require(!followUps.isEmpty(), "follow-up", "[]", "needs at least one time point");
    int previousEnd = baselineTo;
    String previous = "the baseline window";
    for (FollowUp f : followUps) {
      require(f.halfWidth() >= 0, "follow-up half-width", f.halfWidth(), "must be >= 0");
      require(f.from() > previousEnd, "follow-up day", f.day(),
          "its window " + f.from() + ".." + f.to() + " must start after " + previous + " (ends on day " + previousEnd + ")");
      previousEnd = f.to();
      previous = "the window of day " + f.day();
    }
    require(odiMaxMissing >= 0 && odiMaxMissing < OutcomeScoring.ODI_SECTIONS, "scoring.odi-max-missing", odiMaxMissing, "must be 0..9");
    require(responderMinPercent > 0 && responderMinPercent <= 100, "scoring.responder-min-percent", responderMinPercent, "must be in (0, 100]");
    require(responderMinPoints > 0, "scoring.responder-min-points", responderMinPoints, "must be > 0");
    require(odiImportantChange > 0, "scoring.odi-important-change", odiImportantChange, "must be > 0");
    require(rmdqImportantChange > 0, "scoring.rmdq-important-change", rmdqImportantChange, "must be > 0");
    Set<String> ids = new HashSet<>();
    for (EligibilityRule r : eligibility) {
      require(RULE_ID.matcher(r.id()).matches(), "eligibility id", "'" + r.id() + "'", "must be lower_snake_case");
      require(!r.id().equals(CohortStage.REQUIRED_VALUES_RULE), "eligibility id", "'" + r.id() + "'", "is reserved for the rule appended last");
      require(ids.add(r.id()), "eligibility id", "'" + r.id() + "'", "is used twice");
      require(!r.description().isBlank(), "eligibility description of rule", r.id(), "must not be empty");
      require(!r.condition().isBlank(), "eligibility condition of rule", r.id(), "must not be empty");
    }
  }

  private static List<FollowUp> followUps(List<? extends Config> list) {
    List<FollowUp> out = new ArrayList<>();
    for (Config f : list) {
      onlyKeys(f, "follow-up", Set.of("day", "half-width"));
      out.add(new FollowUp(f.getInt("day"), f.getInt("half-width")));
    }
    return out;
  }

  private static List<EligibilityRule> rules(List<? extends Config> list) {
    List<EligibilityRule> out = new ArrayList<>();
    for (Config r : list) {
      onlyKeys(r, "eligibility", Set.of("id", "description", "condition"));
      out.add(new EligibilityRule(r.getString("id").trim(), r.getString("description").trim(), r.getString("condition").trim()));
    }
    return out;
  }

  private static void onlyKeys(Config element, String list, Set<String> allowed) {
    for (String key : element.root().keySet()) {
      if (!allowed.contains(key)) {
        throw new GaitException("unknown setting '" + key + "' in an element of " + PATH + "." + list + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private static void require(boolean ok, String key, Object value, String why) {
    if (!ok) {
      throw new GaitException("study spec: " + PATH + "." + key + " = " + value + ": " + why);
    }
  }
}
