package org.gaitoutcomes;

/**
 * A failure the user can act on: bad input, bad configuration, a missing file. The message is one
 * line that names what went wrong and where (file, table, column, value); the launcher prints it
 * without a stack trace and exits with code 1.
 */
public class GaitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GaitException(String message) {
    super(message);
  }

  public GaitException(String message, Throwable cause) {
    super(message, cause);
  }
}
