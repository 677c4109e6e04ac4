/**
 * The command line: {@link org.gaitoutcomes.cli.Main} and one picocli command per job. Commands are
 * thin (parse options and config, get the session, call a job, report); the work lives in the job
 * packages. May depend on every other package; nothing depends on it.
 */
package org.gaitoutcomes.cli;
