/**
 * Hadoop FileSystem helpers: staged, atomically committed output folders
 * ({@link org.gaitoutcomes.io.StagedOutput}: where staging folders live, how stale ones are removed,
 * which inputs count as committed), the output-versus-input overlap check
 * ({@link org.gaitoutcomes.io.PathOverlap}) and small driver-side reads and writes (configuration,
 * manifests, JSON summaries). Never used for patient-level data, which Spark reads and writes on the
 * executors. Depends only on Hadoop, SLF4J (one log line when stale staging folders are removed) and
 * {@code GaitException}.
 */
package org.gaitoutcomes.io;
