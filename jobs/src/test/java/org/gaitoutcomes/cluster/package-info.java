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
 *   <li>{@code S3ClusterIT}: the same command with input, spec and output in an S3 bucket served by s3proxy in
 *       its own JVM ({@link org.gaitoutcomes.cluster.S3Server}), {@code hadoop-aws} and the AWS SDK bundle added
 *       to the submitted JVM, compared with the local run; a rerun that fails after staging began (a corrupt
 *       input) leaves the previous output in place and committed.</li>
 *   <li>{@code YarnClusterIT}: {@code spark-submit --master yarn} to a real YARN in the test JVM
 *       ({@link org.gaitoutcomes.cluster.MiniYarn}, over {@code MiniDfs}): {@code cluster-check} in client
 *       deploy mode and the command in cluster deploy mode, compared with the local run, each reported
 *       FINISHED/SUCCEEDED by the ResourceManager; a failing command in cluster mode makes the application FAILED.</li>
 *   <li>{@code ShadedJarIT}: the spark-submit jar holds only our classes (dependencies relocated
 *       under {@code org.gaitoutcomes.shaded}) and no Spark, Scala, Hadoop, Jackson or Guava.</li>
 *   <li>{@code DriverCollectCheckTest}: every call that brings rows to the driver in
 *       {@code jobs/src/main/java} carries a {@code // driver-safe: <why>} justification
 *       ({@link org.gaitoutcomes.cluster.DriverCollectCheck}).</li>
 * </ul>
 *
 * The command the cluster tests run is the one constant {@link org.gaitoutcomes.cluster.ClusterTestCommand#COMMAND}.
 * Processes are started and stopped only through {@link org.gaitoutcomes.cluster.SparkProcesses},
 * by their own handles (the S3 server's JVM and the submits included; YARN's containers are the NodeManager's,
 * stopped with it). The {@code *IT} classes run in {@code mvn verify} (failsafe, after the jar is
 * packaged); see {@code docs/cluster.md}.
 */
package org.gaitoutcomes.cluster;
