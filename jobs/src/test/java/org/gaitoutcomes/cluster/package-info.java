/**
 * Tests that the project runs unchanged on a real cluster and survives failing executors.
 *
 * <ul>
 *   <li>{@code StandaloneClusterIT}: starts a Spark standalone master and worker on 127.0.0.1 from
 *       {@code jobs/target/spark-home/jars}, submits the shaded jar with SparkSubmit, and checks the
 *       output equals a {@code local[2]} run's ({@link org.gaitoutcomes.cluster.OutputComparison}).</li>
 *   <li>{@code TaskFailureIT}: the same command on {@code local[2,4]} with
 *       {@link org.gaitoutcomes.cluster.FailFirstAttempts} failing the first attempt of some tasks.</li>
 *   <li>{@code HdfsClusterIT}: the same command with input, spec and output on a real HDFS started in the
 *       test JVM ({@link org.gaitoutcomes.cluster.MiniDfs}), compared with the local run; a rerun that
 *       fails half-way leaves the previous output in place.</li>
 *   <li>{@code ShadedJarIT}: the spark-submit jar holds only our classes (dependencies relocated
 *       under {@code org.gaitoutcomes.shaded}) and no Spark, Scala, Hadoop, Jackson or Guava.</li>
 *   <li>{@code DriverCollectCheckTest}: every call that brings rows to the driver in
 *       {@code jobs/src/main/java} carries a {@code // driver-safe: <why>} justification
 *       ({@link org.gaitoutcomes.cluster.DriverCollectCheck}).</li>
 * </ul>
 *
 * The command the cluster tests run is the one constant {@link org.gaitoutcomes.cluster.ClusterTestCommand#COMMAND}.
 * Processes are started and stopped only through {@link org.gaitoutcomes.cluster.SparkProcesses},
 * by their own handles. The {@code *IT} classes run in {@code mvn verify} (failsafe, after the jar is
 * packaged); see {@code docs/cluster.md}.
 */
package org.gaitoutcomes.cluster;
