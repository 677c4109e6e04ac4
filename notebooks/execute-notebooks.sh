#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with `jupyter nbconvert --execute` and fails on the
# first cell error. Executed copies (with outputs) go to target/notebooks/executed/, the data the
# notebooks write to target/notebooks/work/; notebooks/ itself is never written.
#   notebooks/execute-notebooks.sh [NAME.ipynb ...]     (default: all notebooks)
# Needs the built project (mvn -B -DskipTests package) and jupyter-nbconvert + python3-ipykernel.
# Exit codes: 0 all executed, 1 a notebook failed, 3 jupyter nbconvert is not installed.
# Run by NotebooksIT (mvn -B verify).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/notebooks"
# A start of the Java kernel occasionally never answers Jupyter's first request, or exits before it
# (rapaio-jupyter-kernel 3.0.1, a few starts in 10 on a heavily loaded machine): such a start is
# retried, nothing else is (a failing cell fails at once).
ATTEMPTS=5

if ! command -v jupyter >/dev/null || ! jupyter nbconvert --version >/dev/null 2>&1; then
  echo "execute-notebooks: jupyter nbconvert is not installed (Debian: apt-get install --no-install-recommends jupyter-nbconvert python3-ipykernel)" >&2
  exit 3
fi
if [ ! -f "$ROOT/jobs/target/gait-outcomes.jar" ] || [ ! -d "$ROOT/jobs/target/spark-home/jars" ]; then
  echo "execute-notebooks: the project is not built; run: mvn -B -DskipTests package" >&2
  exit 1
fi

"$ROOT/notebooks/setup-kernel.sh"
export JUPYTER_PATH="$ROOT/target/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

if [ $# -gt 0 ]; then
  notebooks=()
  for name in "$@"; do notebooks+=("$ROOT/notebooks/$(basename "$name")"); done
else
  notebooks=("$ROOT"/notebooks/*.ipynb)
fi

mkdir -p "$OUT/executed" "$OUT/work" "$OUT/logs"
total_start=$SECONDS
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  log="$OUT/logs/$name.log"
  [ -f "$nb" ] || { echo "execute-notebooks: no notebook $nb" >&2; exit 1; }
  # A fresh start: no executed copy or work data of an earlier run.
  rm -rf "$OUT/executed/$name.ipynb" "$OUT/work/$name" "$log"
  for attempt in $(seq 1 $ATTEMPTS); do
    start=$SECONDS
    if jupyter nbconvert --to notebook --execute \
        --ExecutePreprocessor.kernel_name=gait-java \
        --ExecutePreprocessor.startup_timeout=30 \
        --ExecutePreprocessor.timeout=480 \
        --output-dir "$OUT/executed" "$nb" >"$log" 2>&1; then
      echo "execute-notebooks: $name.ipynb executed in $((SECONDS - start)) s -> target/notebooks/executed/$name.ipynb" >&2
      break
    elif grep -q "Kernel didn't respond\|Kernel died before replying to kernel_info" "$log" && [ "$attempt" -lt $ATTEMPTS ]; then
      echo "execute-notebooks: $name.ipynb: the kernel did not start (attempt $attempt of $ATTEMPTS), retrying" >&2
    else
      echo "execute-notebooks: $name.ipynb FAILED after $((SECONDS - start)) s; the error (full log: $log):" >&2
      # nbconvert's own traceback is noise; keep the failing cell and the kernel's error message.
      sed -n '/CellExecutionError\|RuntimeError\|Error:/,$p' "$log" | sed 's/\x1b\[[0-9;]*m//g' | head -60 >&2
      exit 1
    fi
  done
done
echo "execute-notebooks: ${#notebooks[@]} notebook(s) executed in $((SECONDS - total_start)) s" >&2
