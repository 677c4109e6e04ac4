package org.gaitoutcomes.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every Spark command takes: where to run and how loud to be. */
public final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master URL (local[N], spark://host:port, yarn, k8s://...). "
          + "Default: the one spark-submit set, else local[*].")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "Spark configuration property; repeat for more. Default: none beyond the project defaults.")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(names = {"-v", "--verbose"},
      description = "Show Spark's own log and full stack traces on errors. Default: ${DEFAULT-VALUE}.")
  boolean verbose;

  public String master() {
    return master;
  }

  public Map<String, String> conf() {
    return conf;
  }

  public boolean verbose() {
    return verbose;
  }
}
