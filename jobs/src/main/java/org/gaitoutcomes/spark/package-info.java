/**
 * Spark plumbing shared by every job: building the session from command-line options (keeping the
 * master and properties spark-submit set), logging stage progress, and {@link
 * org.gaitoutcomes.spark.ClusterCheck}, the synthetic job that shows a cluster can run this project,
 * and {@link org.gaitoutcomes.spark.Concurrently} for driver-side work run a few pieces at a time.
 * Jobs receive the session; they never build one.
 *
 * <p>Rule for all main code: no patient-level rows on the driver. Every {@code collect()},
 * {@code collectAsList}, {@code toLocalIterator}, {@code takeAsList}, {@code take}, {@code head},
 * {@code first} or {@code tail} call carries, on its line or alone on the line above, a comment
 * {@code // driver-safe: <why the result is small>}; a static check in the test suite
 * ({@code org.gaitoutcomes.cluster.DriverCollectCheckTest}) fails the build otherwise. See
 * {@code docs/cluster.md}.
 */
package org.gaitoutcomes.spark;
