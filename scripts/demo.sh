#!/usr/bin/env bash
# The MNIST demo: fetches MNIST if needed, then runs a 10-participant, 5-round FedAvg simulation
# (one silo with embedded SQLite and 10 participants in one process, talking HTTP over loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/fetch-mnist.sh
dotnet run --project src/Cli -c Release -- simulate --protocol fedavg --dataset mnist --model mlp \
  --clients 10 --rounds 5 --data data/mnist --report out/demo-report.json "$@"
