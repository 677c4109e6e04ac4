package org.gaitoutcomes.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;

/**
 * Every model a compare run fitted, with its provenance, as {@code results/model/models.json} beside
 * the propensity pipeline ({@code results/model/propensity/}, a Spark PipelineModel that encodes the
 * covariates): the propensity coefficients and truncation bounds, and per outcome the missing-outcome
 * model, the per-arm outcome models (g-computation and aipw_linear) and the flexible learner's forests
 * (aipw_flexible), and the effect-modifier model. With them and the analysis table every estimate can
 * be recomputed without refitting ({@code StudyModelsReloadTest}). Internal, like all of results/.
 */
public record StudyModels(Provenance provenance, Propensity propensity, List<OutcomeModels> outcomes, EffectModifierModel effectModifiers) {

  /** The file name inside {@code results/model/}. */
  public static final String FILE = "models.json";

  /** What the models were fitted from: the spec (its SHA-256), the seeds, the version and the input files. */
  public record Provenance(String specSha256, long seed, long bootstrapSeed, String version, List<InputFile> inputs) {}

  /** One input file of the analysis table, named as run.json names it. */
  public record InputFile(String file, long bytes, String checksum) {}

  /**
   * The propensity model on the design row {@code [1, terms...]} (the encoded covariates of the
   * pipeline), the truncation bounds of the weights (null: none) and the trimming bound.
   */
  public record Propensity(List<String> terms, double[] coefficients, Estimators.Truncation truncation, double trim, String pipeline) {}

  /**
   * One outcome's models. {@code observation}: logistic coefficients on {@code [1, t, terms...]} of
   * P(observed), null when no outcome is missing, {@code observationRidge} its penalty (0: maximum
   * likelihood). {@code regression}: the per-arm outcome models, null when no method used them.
   * {@code forests}: per cross-fitting repetition the flexible learner's forests (forest 2k treated and
   * 2k+1 comparator predict fold k of that repetition's split), empty when not fitted or when the
   * learner is MLlib's ({@code flexibleLearner} says which).
   */
  public record OutcomeModels(String outcome, String kind, double[] observation, double observationRidge, Estimators.OutcomeFit regression,
      String flexibleLearner, List<HistogramForest.Trees> forests) {}

  /** The DR-learner of the primary outcome: its features, forest and least-squares coefficients (intercept first). */
  public record EffectModifierModel(String outcome, List<String> features, HistogramForest.Trees forest, double[] coefficients) {}

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public void write(Configuration conf, String modelFolderUri) {
    try {
      HadoopFiles.writeString(conf, modelFolderUri + "/" + FILE, MAPPER.writeValueAsString(this));
    } catch (IOException e) {
      throw new GaitException("cannot write " + modelFolderUri + "/" + FILE + ": " + e.getMessage(), e);
    }
  }

  public static StudyModels read(Configuration conf, String modelFolderUri) {
    String uri = modelFolderUri + "/" + FILE;
    try {
      return MAPPER.readValue(HadoopFiles.readString(conf, uri), StudyModels.class);
    } catch (IOException e) {
      throw new GaitException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  /** SHA-256 of a spec's text form (every setting the analysis used, in record order). */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
