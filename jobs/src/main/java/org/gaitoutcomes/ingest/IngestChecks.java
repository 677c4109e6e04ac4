package org.gaitoutcomes.ingest;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gaitoutcomes.GaitException;

/**
 * Whole-run checks after every table is written ({@code gait.ingest.checks}): a required table with
 * no accepted record, or a table that lost more than {@code max-quarantined-share} of its records to
 * quarantine, makes the run invalid. With {@code enforce = true} (the default) ingest then fails with
 * one line ({@link Rejected}): its outputs are written for inspection but the run is not committed.
 * With {@code enforce = false} the problems become warnings in the summary.
 */
public final class IngestChecks {
  static final String MAX_SHARE = "gait.ingest.checks.max-quarantined-share";
  static final String ENFORCE = "gait.ingest.checks.enforce";

  private IngestChecks() {}

  /** Ingest finished writing, but the run is invalid; the summary (with the problems as warnings) was written. */
  public static final class Rejected extends GaitException {
    private static final long serialVersionUID = 1L;
    private final transient IngestSummary summary;

    Rejected(String message, IngestSummary summary) {
      super(message);
      this.summary = summary;
    }

    /** What ingest wrote, problems included. */
    public IngestSummary summary() {
      return summary;
    }
  }

  /** The problems of a finished ingest, one line each, in table order. */
  static List<String> problems(IngestSummary summary, Config config) {
    double maxShare = config.getDouble(MAX_SHARE);
    if (!(maxShare >= 0 && maxShare <= 1)) {
      throw new GaitException(MAX_SHARE + " must be between 0 and 1, got " + maxShare);
    }
    List<String> problems = new ArrayList<>();
    for (IngestSummary.TableSummary t : summary.tables()) {
      if (IngestStage.REQUIRED_TABLES.contains(t.table()) && t.rowsAccepted() == 0) {
        problems.add("required table " + t.table() + " has no accepted records (" + t.rowsRead() + " read, "
            + t.rowsQuarantined() + " quarantined)");
      } else if (t.rowsRead() > 0 && t.rowsQuarantined() > maxShare * t.rowsRead()) {
        problems.add(String.format(Locale.ROOT, "table %s lost %.1f%% of its %d records to quarantine (more than %s = %s)",
            t.table(), 100.0 * t.rowsQuarantined() / t.rowsRead(), t.rowsRead(), MAX_SHARE, maxShare));
      }
    }
    return problems;
  }

  /**
   * Applies the checks: returns the summary with the problems as warnings; when they are enforced and
   * there are any, {@code write} is called with that summary and {@link Rejected} is thrown.
   */
  static IngestSummary apply(IngestSummary summary, Config config, java.util.function.Consumer<IngestSummary> write) {
    List<String> problems = problems(summary, config);
    IngestSummary checked = summary.withWarnings(problems);
    write.accept(checked);
    if (!problems.isEmpty() && config.getBoolean(ENFORCE)) {
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more, see ingest-summary.json)" : "";
      throw new Rejected("ingest rejected the input: " + problems.get(0) + more
          + "; outputs are written for inspection but not committed (set " + ENFORCE + " = false to accept such a run)",
          checked);
    }
    return checked;
  }
}
