package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.io.HadoopFiles;
import picocli.CommandLine.Option;

/**
 * The one settings option of every command that reads settings: a study spec or settings file
 * overriding reference.conf. {@code --spec} and {@code --config} are two names for it.
 */
public final class SettingsOption {
  @Option(names = {"--spec", "--config"}, paramLabel = "FILE",
      description = "Study spec / settings file (HOCON or JSON; any Hadoop path, a scheme-less path is read from the local disk "
          + "when it exists) overriding any gait.* default in reference.conf. Default: none (the documented defaults).")
  String file;

  /** The settings: command-line overrides, then the file, then reference.conf. */
  Config load(Configuration hadoop, Map<String, ?> overrides) {
    return Settings.load(hadoop, file, overrides);
  }

  /** As {@link #load(Configuration, Map)}, with defaults the command derives from its options below the file. */
  Config load(Configuration hadoop, Map<String, ?> overrides, Map<String, ?> commandDefaults) {
    return Settings.load(hadoop, file, overrides, commandDefaults);
  }

  /** The file's name only (null without one), for run.json: full paths may identify the provider. */
  String name() {
    return file == null ? null : HadoopFiles.fileName(file);
  }
}
