/**
 * Hadoop FileSystem helpers: staged, atomically committed output folders and small driver-side
 * reads and writes (configuration, manifests, JSON summaries). Never used for patient-level data,
 * which Spark reads and writes on the executors. Depends only on Hadoop.
 */
package org.gaitoutcomes.io;
