package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.provenance.RunManifest;

/**
 * The run manifest every stage command starts the same way: the command name, its folder options as
 * folder names only (full paths of source data may identify the provider), the settings file's name,
 * the Spark session and the resolved settings.
 */
final class CommandManifest {
  private CommandManifest() {}

  /** {@code folders} are option name and path pairs; a path not given (null) is recorded as null. */
  static RunManifest start(String command, SparkSession spark, Config settings, SettingsOption spec, String... folders) {
    if (folders.length % 2 != 0) {
      throw new IllegalArgumentException("folder options come in name, path pairs: " + folders.length + " values given");
    }
    Map<String, Object> options = new LinkedHashMap<>();
    for (int i = 0; i < folders.length; i += 2) {
      options.put(folders[i], folders[i + 1] == null ? null : HadoopFiles.fileName(folders[i + 1]));
    }
    options.put("spec", spec.name());
    return new RunManifest(command, options).spark(spark).config(Settings.toJson(settings));
  }
}
