#!/usr/bin/env bash
# Runs the whole OrleansFed test suite. MNIST-dependent tests run when data/mnist is present
# (scripts/fetch-mnist.sh); everything else uses synthetic data.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build OrleansFed.sln -c Release -nologo -clp:ErrorsOnly
results=$(mktemp -d)
set +e
dotnet test OrleansFed.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" "$@"
code=$?
set -e
# One plain closing line, summed over every test project's TRX file.
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $code
