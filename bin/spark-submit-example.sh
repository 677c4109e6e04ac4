#!/usr/bin/env bash
# Submits the spark-submit jar exactly as on a cluster: spark-submit --class org.gaitoutcomes.cli.Main
# gait-outcomes.jar <command> [args]. Uses $SPARK_HOME/bin/spark-submit when SPARK_HOME points to a
# Spark 3.5 (Scala 2.12) installation; otherwise the Spark jars Maven resolved into
# jobs/target/spark-home, launched through Spark's own launcher (what spark-submit does), so no Spark
# download is needed. See docs/cluster.md for the lines to use on standalone, YARN and Kubernetes.
#
#   bin/spark-submit-example.sh                       # cluster-check on local[2] into ./out-cluster-check
#   bin/spark-submit-example.sh 'local[4]' run --input data-samples --output out
#   SUBMIT_OPTS="--executor-memory 8g --total-executor-cores 16" \
#     bin/spark-submit-example.sh spark://master:7077 cluster-check --output hdfs:///tmp/gait-check
#
# Environment: SPARK_HOME (a Spark installation, optional), SUBMIT_OPTS (extra spark-submit options).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/jobs/target/gait-outcomes.jar"
MASTER="${1:-local[2]}"
[ $# -gt 0 ] && shift
if [ $# -eq 0 ]; then
  set -- cluster-check --output "file://$PWD/out-cluster-check"
fi

if [ ! -f "$JAR" ] || [ ! -d "$ROOT/jobs/target/spark-home/jars" ]; then
  echo "spark-submit-example: building the jar (mvn -B -q -DskipTests package)..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package >&2)
fi

# shellcheck disable=SC2206
SUBMIT_ARGS=(--master "$MASTER" ${SUBMIT_OPTS:-} --conf spark.ui.showConsoleProgress=false
  --class org.gaitoutcomes.cli.Main "$JAR" "$@")

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${SUBMIT_ARGS[@]}"
fi

# No Spark installation: ask Spark's launcher for the driver JVM command spark-submit would run
# (classpath, Java 17 module flags), as $SPARK_HOME/bin/spark-class does, and run it.
export SPARK_HOME="$ROOT/jobs/target/spark-home"
export SPARK_SCALA_VERSION=2.12
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
CMD=()
while IFS= read -r -d '' ARG; do
  ARG="${ARG#$'\n'}"  # the launcher's output starts with a NUL and a line break
  if [ -n "$ARG" ]; then CMD+=("$ARG"); fi
done < <(java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "${SUBMIT_ARGS[@]}")
[ ${#CMD[@]} -gt 0 ] || { echo "spark-submit-example: Spark's launcher produced no command" >&2; exit 1; }
exec "${CMD[@]}"
