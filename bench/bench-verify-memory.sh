#!/usr/bin/env bash
# bench-verify-memory.sh: peak RSS of `sealdesk-cli verify` on a large file
# signed twice (two revisions to compare).
#
#   bench/bench-verify-memory.sh BUILDDIR [SIZE_MB] [LIMIT_MB]   (60, 64)
#
# The file is made by bench/make-scanned-pdf and signed twice with
# `sealdesk-cli sign` (the test PKI's RSA-2048 key), each a new revision.
# Peak RSS is what GNU time reports (%M, KB). Exits 1 when it is over
# LIMIT_MB (the verifier compares revisions by the objects each one
# writes and streams stream data through a hash, so its memory does not
# grow with the file).
# Needs: openssl, GNU time.
set -euo pipefail

build=$(realpath "${1:?usage: bench-verify-memory.sh BUILDDIR [SIZE_MB] [LIMIT_MB]}")
size_mb=${2:-60}
limit_mb=${3:-64}
src=$(cd "$(dirname "$0")/.." && pwd)
cli="$build/src/cli/sealdesk-cli"
gen="$build/bench/make-scanned-pdf"
for tool in openssl /usr/bin/time "$cli" "$gen"; do
  command -v "$tool" >/dev/null || { echo "bench-verify-memory: missing $tool" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pki="$work/pki"
sh "$src/tests/pki/make-pki.sh" "$pki" >/dev/null
export SEALDESK_HOME="$work/home"          # an empty trust list
export SD_BENCH_PIN=sealdesk-test

echo "Generating a ${size_mb} MB scanned PDF, signed twice…"
"$gen" "$work/scan.pdf" "$size_mb" >/dev/null
"$cli" sign "$work/scan.pdf" -o "$work/once.pdf" --p12 "$pki/rsa2048.p12" \
  --pin-env SD_BENCH_PIN --reason "First" >/dev/null
"$cli" sign "$work/once.pdf" -o "$work/twice.pdf" --p12 "$pki/rsa2048.p12" \
  --pin-env SD_BENCH_PIN --reason "Second" >/dev/null
size=$(stat -c %s "$work/twice.pdf")

/usr/bin/time -f '%e %M' -o "$work/time" \
  "$cli" verify "$work/twice.pdf" --trust "$pki/ca.pem" --json >"$work/report.json" \
  || { echo "bench-verify-memory: the twice-signed file does not verify" >&2;
       head -c 2000 "$work/report.json" >&2; exit 1; }
read -r seconds rss < "$work/time"
printf 'input: %d bytes, 2 signatures\n' "$size"
printf 'sealdesk-cli verify: %s s, %d KB peak RSS (%d MB)\n' "$seconds" "$rss" $(( rss / 1024 ))
if [ $(( rss / 1024 )) -ge "$limit_mb" ]; then
  echo "bench-verify-memory: over ${limit_mb} MB" >&2
  exit 1
fi
