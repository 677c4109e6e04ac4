package org.gaitoutcomes.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.gaitoutcomes.compare.LearnerEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gait-outcomes bench-learners}: the flexible outcome learners of aipw_flexible against known truth. */
@Command(name = "bench-learners", mixinStandardHelpOptions = true,
    description = "Evaluate the flexible outcome learners of aipw_flexible (linear reference, our random forest, XGBoost) on "
        + "simulated cohorts with a known ATE: bias, RMSE, SE calibration, coverage and fit time. Runs in memory, no Spark. "
        + "XGBoost needs target/bench-jars (the launcher adds it). See bench/README.md.")
public final class BenchLearnersCommand implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", defaultValue = "2000,20000", paramLabel = "N,N", description = "Cohort sizes. Default: ${DEFAULT-VALUE}.")
  List<Integer> sizes;

  @Option(names = "--replicates", defaultValue = "20", paramLabel = "R", description = "Cohorts per size. Default: ${DEFAULT-VALUE}.")
  int replicates;

  @Option(names = "--learners", split = ",", defaultValue = "linear,random_forest,xgboost", paramLabel = "L,L",
      description = "Learners to evaluate; random_forest:N grows each forest on at most about N rows (0: every row; "
          + "random_forest alone: gait.study.aipw.rows-per-forest). Default: ${DEFAULT-VALUE}.")
  List<String> learners;

  @Option(names = "--seed", defaultValue = "20241202", description = "Seed of the simulated cohorts. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--output", paramLabel = "FILE", description = "Also write the table to this text file. Default: none.")
  Path output;

  @Override
  public Integer call() throws Exception {
    String table = LearnerEvaluation.text(LearnerEvaluation.run(sizes, replicates, learners, seed));
    System.out.print(table);
    if (output != null) {
      Files.writeString(output, table, StandardCharsets.UTF_8);
    }
    return 0;
  }
}
