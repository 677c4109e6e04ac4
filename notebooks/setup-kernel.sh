#!/usr/bin/env bash
# Installs the Java kernel the notebooks run in (rapaio-jupyter-kernel, from Maven Central) as the
# Jupyter kernel "gait-java", with the JVM flags Spark needs on Java 17.
#   notebooks/setup-kernel.sh            -> kernel under target/jupyter (use with JUPYTER_PATH=target/jupyter)
#   notebooks/setup-kernel.sh --user     -> kernel in your own Jupyter data dir (~/.local/share/jupyter)
# Environment: GAIT_NOTEBOOK_MEMORY (default 4g) sets the kernel's heap.
# Idempotent; needs Java 17 and Maven (the jar comes from ~/.m2, or Maven Central when missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL_NAME=gait-java
RJK_VERSION=3.0.1
RJK_JAR="rapaio-jupyter-kernel-$RJK_VERSION.jar"

if [ "${1:-}" = "--user" ]; then
  DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/jupyter"
elif [ -n "${1:-}" ]; then
  echo "usage: $0 [--user]" >&2; exit 2
else
  DATA_DIR="$ROOT/target/jupyter"
fi
KERNEL_DIR="$DATA_DIR/kernels/$KERNEL_NAME"
mkdir -p "$KERNEL_DIR"

if [ ! -f "$KERNEL_DIR/$RJK_JAR" ]; then
  # dependency:copy takes the jar from the local repository, or downloads it from Maven Central.
  (cd "$ROOT" && mvn -B -q -N dependency:copy \
    -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$RJK_VERSION" \
    -DoutputDirectory="$KERNEL_DIR" >/dev/null) || { echo "setup-kernel: could not get io.github.padreati:rapaio-jupyter-kernel:$RJK_VERSION with Maven" >&2; exit 1; }
fi

JAVA_BIN="$(command -v java)" || { echo "setup-kernel: java (17) is not on PATH" >&2; exit 1; }

# The module flags Spark's own launcher adds on Java 17: the spark.jvm.opens property of pom.xml.
OPENS="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$ROOT/pom.xml")"
[ -n "$OPENS" ] || { echo "setup-kernel: spark.jvm.opens not found in $ROOT/pom.xml" >&2; exit 1; }

{
  printf '{\n  "argv": [\n    "%s",\n    "-Xmx%s",\n' "$JAVA_BIN" "${GAIT_NOTEBOOK_MEMORY:-4g}"
  for flag in $OPENS; do printf '    "%s",\n' "$flag"; done
  printf '    "-Dlog4j2.configurationFile=%s",\n' "$ROOT/bin/log4j2.properties"
  printf '    "-jar",\n    "%s",\n    "{connection_file}"\n  ],\n' "$KERNEL_DIR/$RJK_JAR"
  printf '  "display_name": "Java 17 (gait-outcomes, Spark)",\n  "language": "java",\n'
  printf '  "env": {\n    "SPARK_LOCAL_IP": "127.0.0.1",\n    "RJK_TIMEOUT_MILLIS": "-1"\n  }\n}\n'
} > "$KERNEL_DIR/kernel.json.tmp"
mv "$KERNEL_DIR/kernel.json.tmp" "$KERNEL_DIR/kernel.json"

echo "setup-kernel: kernel '$KERNEL_NAME' written to $KERNEL_DIR" >&2
if [ "$DATA_DIR" = "$ROOT/target/jupyter" ]; then
  echo "setup-kernel: start Jupyter with  JUPYTER_PATH=$DATA_DIR jupyter notebook $ROOT/notebooks" >&2
fi
