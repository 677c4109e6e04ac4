package org.gaitoutcomes.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.gaitoutcomes.GaitException;

/**
 * Optional re-keying of pseudonymous ids ({@code gait.ingest.rekey}): every patient_id and scan_id
 * becomes the first {@value #HEX_CHARS} hex characters of HMAC-SHA256(key, id), so curated outputs
 * cannot be joined back to the provider's ids without the key, yet the same id maps to the same key
 * in every table. The key is read from an environment variable and is never logged or written; it
 * travels to executors only inside the serialized function.
 */
public final class Rekeyer implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Length of a re-keyed id: 128 bits as hex. */
  public static final int HEX_CHARS = 32;

  /** The shortest key accepted, in characters. */
  public static final int MIN_KEY_CHARS = 16;

  private final byte[] key;

  private Rekeyer(byte[] key) {
    this.key = key.clone();
  }

  /**
   * The re-keyer for the key in environment variable {@code keyEnv}; fails naming the variable (never
   * its value) when it is unset or shorter than {@value #MIN_KEY_CHARS} characters.
   */
  public static Rekeyer fromEnvironment(Map<String, String> environment, String keyEnv) {
    String value = environment.get(keyEnv);
    if (value == null || value.isEmpty()) {
      throw new GaitException("re-keying is enabled (gait.ingest.rekey.enabled) but environment variable "
          + keyEnv + " is not set; set it to a secret of at least " + MIN_KEY_CHARS + " characters");
    }
    if (value.length() < MIN_KEY_CHARS) {
      throw new GaitException("environment variable " + keyEnv + " holds a re-keying key shorter than "
          + MIN_KEY_CHARS + " characters; use a longer secret");
    }
    return new Rekeyer(value.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of {@code id} under {@code key}, as lower-case hex truncated to {@code hexChars}. */
  static String hmacHex(byte[] key, String id, int hexChars) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8))).substring(0, hexChars);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** The re-keyed id, for plain Java callers and tests. */
  public String rekey(String id) {
    return id == null ? null : hmacHex(key, id, HEX_CHARS);
  }

  /** The re-keyed string column (null stays null). */
  public Column rekey(Column id) {
    byte[] k = key;
    UserDefinedFunction udf = functions.udf(
        (UDF1<String, String>) v -> v == null ? null : hmacHex(k, v, HEX_CHARS), DataTypes.StringType);
    return udf.apply(id);
  }

  @Override
  public String toString() {
    return "Rekeyer[key hidden]";
  }
}
