package org.gaitoutcomes.cli;

/**
 * A usage error found by looking at where the paths lead (an output over an input, a folder that must
 * not be replaced): exit 2 with one line on stderr and no "--help" hint, since the options themselves
 * are well formed.
 */
final class PathUsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PathUsageException(String message) {
    super(message);
  }
}
