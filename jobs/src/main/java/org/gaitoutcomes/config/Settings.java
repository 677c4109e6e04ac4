package org.gaitoutcomes.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;

/**
 * The one place configuration is resolved, with this precedence (highest first):
 * <ol>
 *   <li>command-line options of the command (passed as {@code overrides}, HOCON paths);</li>
 *   <li>the study spec or config file given with {@code --spec}/{@code --config} (HOCON or JSON,
 *       read through Hadoop FileSystem so it may live on HDFS or S3);</li>
 *   <li>the documented defaults in {@code reference.conf} (shipped in the jar).</li>
 * </ol>
 * Every key a user may set is in {@code reference.conf} with a comment; an unknown key in a user
 * file is an error that names it, so a typo never silently falls back to a default.
 */
public final class Settings {
  /** Root of every project key. */
  public static final String ROOT = "gait";

  private Settings() {}

  /** The defaults alone. */
  public static Config defaults() {
    ConfigFactory.invalidateCaches();
    return ConfigFactory.defaultReference(Settings.class.getClassLoader()).getConfig(ROOT).atPath(ROOT);
  }

  /** Resolves the configuration from an optional user file and command-line overrides. */
  public static Config load(Configuration hadoop, String fileUri, Map<String, ?> overrides) {
    return load(hadoop, fileUri, overrides, Map.of());
  }

  /**
   * Resolves the configuration; the one place of precedence, highest first: command-line
   * {@code overrides}, the user file, {@code commandDefaults} (defaults a command derives from its
   * options, e.g. no subgroups for a table of one's own), then reference.conf.
   */
  public static Config load(Configuration hadoop, String fileUri, Map<String, ?> overrides, Map<String, ?> commandDefaults) {
    Config defaults = defaults();
    Config user = ConfigFactory.empty();
    if (fileUri != null) {
      String text = HadoopFiles.readString(hadoop, localIfPresent(fileUri));
      try {
        user = ConfigFactory.parseString(text, ConfigParseOptions.defaults()
            .setSyntax(fileUri.endsWith(".json") ? ConfigSyntax.JSON : ConfigSyntax.CONF)
            .setOriginDescription(HadoopFiles.fileName(fileUri)));
      } catch (ConfigException e) {
        throw new GaitException("config file " + fileUri + " is malformed: " + e.getMessage(), e);
      }
      user = renamed(user, defaults, HadoopFiles.fileName(fileUri));
      rejectUnknownKeys(user, defaults, fileUri);
    }
    Config cli = renamed(ConfigFactory.parseMap(overrides, "command line"), defaults, "the command line");
    rejectUnknownKeys(cli, defaults, "the command line");
    try {
      return cli.withFallback(user).withFallback(ConfigFactory.parseMap(commandDefaults, "command defaults")).withFallback(defaults).resolve();
    } catch (ConfigException e) {
      throw new GaitException("configuration is invalid: " + e.getMessage(), e);
    }
  }

  /**
   * A path without a scheme that names an existing local file is read from the local disk: a path
   * typed on the command line, or a spec shipped with {@code spark-submit --files}, which lands in
   * the driver's working directory in YARN cluster mode. Otherwise Hadoop resolves it against
   * {@code fs.defaultFS} (on a YARN client that is HDFS, where a bare path would miss a local file).
   */
  static String localIfPresent(String uri) {
    if (new org.apache.hadoop.fs.Path(uri).toUri().getScheme() == null) {
      java.nio.file.Path local = java.nio.file.Path.of(uri);
      if (java.nio.file.Files.isRegularFile(local)) {
        return local.toAbsolutePath().normalize().toUri().toString();
      }
    }
    return uri;
  }

  /** The resolved configuration as JSON, for the run manifest. */
  public static String toJson(Config config) {
    return config.root().render(ConfigRenderOptions.concise().setFormatted(true));
  }

  /**
   * Keys that were renamed, old path to new path. Every key is kebab-case; a snake_case spelling of any
   * key (the report and simulate sections used it) is also read as the kebab-case key. Either way the
   * old spelling still works, with one warning naming the new key; giving both is an error.
   */
  public static final Map<String, String> RENAMED = Map.of(
      "gait.report.small_count_threshold", "gait.report.disclosure-threshold",
      "gait.report.treatment_label", "gait.study.treatment-label",
      "gait.report.comparator_label", "gait.study.comparator-label",
      "gait.study.small-count", "gait.study.min-cell-count");

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("gait-outcomes");

  /** {@code user} with every renamed or snake_case key moved to its current name (see {@link #RENAMED}). */
  static Config renamed(Config user, Config defaults, String origin) {
    Config out = user;
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (defaults.hasPathOrNull(key)) {
        continue;
      }
      String current = currentName(key, defaults);
      if (current == null) {
        continue;
      }
      if (user.hasPathOrNull(current)) {
        throw new GaitException("setting '" + key + "' in " + origin + " is the old name of '" + current + "', which is set too: keep '" + current + "'");
      }
      LOG.warn("setting '{}' in {} is deprecated: it is read as '{}', the name to use", key, origin, current);
      out = out.withoutPath(key).withValue(current, e.getValue());
    }
    return out;
  }

  /** The current name of an old key: its rename, or its kebab-case spelling, when the defaults have it; else null. */
  private static String currentName(String key, Config defaults) {
    for (Map.Entry<String, String> r : RENAMED.entrySet()) {
      if (key.equals(r.getKey()) || key.startsWith(r.getKey() + ".")) {
        return r.getValue() + key.substring(r.getKey().length());
      }
    }
    String kebab = key.replace('_', '-');
    return !kebab.equals(key) && defaults.hasPathOrNull(kebab) ? kebab : null;
  }

  private static void rejectUnknownKeys(Config user, Config defaults, String origin) {
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (!defaults.hasPathOrNull(key) && !underOpenSection(defaults, key)) {
        throw new GaitException("unknown setting '" + key + "' in " + origin
            + " (see reference.conf in the README's configuration section for every key)");
      }
    }
  }

  /** Sections whose keys are user-defined (maps), declared in reference.conf with {@code open = true}. */
  private static boolean underOpenSection(Config defaults, String key) {
    String path = key;
    while (path.contains(".")) {
      path = path.substring(0, path.lastIndexOf('.'));
      if (defaults.hasPath(path + ".open") && defaults.getValue(path + ".open").unwrapped() == Boolean.TRUE) {
        return true;
      }
    }
    return false;
  }
}
