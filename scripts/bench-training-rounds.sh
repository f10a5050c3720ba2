#!/usr/bin/env bash
# Side-by-side training-speed rounds for docs/BENCHMARKS.md (issue 3): per round the PyTorch anchor, then the engine's
# MLP (1 thread), CNN (1 thread) and CNN (2 threads), back to back. Usage: scripts/bench-training-rounds.sh [ROUNDS]
# Needs the anchor installed (../shared/bench/install-anchor.sh) and MNIST in data/mnist (scripts/fetch-mnist.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
anchor=${ANCHOR:-../shared/bench/run-anchor.sh}
dotnet build src/Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
bin=src/Cli/bin/Release/net10.0/orleansfed
for r in $(seq 1 "$rounds"); do
  echo "=== round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
  "$anchor" data/mnist --threads 1 2>&1 | tail -20
  for spec in "mlp 1" "cnn 1" "cnn 2"; do
    set -- $spec
    echo "--- engine $1 threads $2"
    /usr/bin/time -f "wall=%e user=%U sys=%S cpu=%P" "$bin" bench train --model "$1" --data data/mnist --threads "$2" 2>&1 \
      | grep -E "samples_per|accuracy|wall"
  done
done
