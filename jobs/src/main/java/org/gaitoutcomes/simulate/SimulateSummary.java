package org.gaitoutcomes.simulate;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a simulation wrote: aggregate counts only (rows per table, vendor files), the injected errors
 * and timing. Recorded in run.json and the output's README.
 *
 * @param patients simulated patients
 * @param seed master seed
 * @param scenario simulate.scenario
 * @param partitions Spark partitions used for generation
 * @param singleFiles true when each table is one file with a stable name, false for folders of part files
 * @param rows rows written per table (input tables, manifest, truth tables)
 * @param tableSeconds wall time per table written (generation, write and the read-back count)
 * @param vendorFiles native vendor export files written
 * @param injectedErrors the deliberately bad records
 * @param seconds wall time
 */
public record SimulateSummary(
    long patients,
    long seed,
    String scenario,
    int partitions,
    boolean singleFiles,
    Map<String, Long> rows,
    Map<String, Double> tableSeconds,
    long vendorFiles,
    List<InjectedErrors.Injection> injectedErrors,
    double seconds) {

  public String describe() {
    return String.format(Locale.ROOT, "%d patients, %s, %d vendor files, %d injected errors",
        patients, rows, vendorFiles, injectedErrors.size());
  }
}
