package org.gaitoutcomes.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gaitoutcomes.schema.DataDictionary;
import org.gaitoutcomes.schema.Schemas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Regenerates the Markdown data dictionary from the contracts in {@code schemas/}. */
@Command(name = "dictionary", mixinStandardHelpOptions = true,
    description = "Write the data dictionary (Markdown) generated from schemas/.")
public final class DictionaryCommand implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "FILE", defaultValue = "docs/data-dictionary.md",
      description = "Where to write it. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Override
  public Integer call() throws Exception {
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    Files.writeString(output, DataDictionary.render(Schemas.all()), StandardCharsets.UTF_8);
    System.out.println("wrote " + output);
    return 0;
  }
}
