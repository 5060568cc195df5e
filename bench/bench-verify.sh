#!/usr/bin/env bash
# bench-verify.sh: verify the signature of a large scanned PDF with Sealdesk
# and with Poppler's pdfsig, in the same run, and print the ratio.
#
#   bench/bench-verify.sh BUILDDIR [SIZE_MB]      (default 60)
#
# The file is made by bench/make-scanned-pdf and signed with
# `sealdesk-cli sign` (the test PKI's RSA-2048 key). Both verifiers hash
# the whole signed range; Sealdesk also hashes the whole file (its SHA-256
# is in the report) in the same single pass, builds the chain and looks at
# the revisions. The floor is `sha256sum` of the file.
# Needs: pdfsig (poppler-utils), openssl, GNU time.
set -euo pipefail

build=$(realpath "${1:?usage: bench-verify.sh BUILDDIR [SIZE_MB]}")
size_mb=${2:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
cli="$build/src/cli/sealdesk-cli"
gen="$build/bench/make-scanned-pdf"
for tool in pdfsig openssl sha256sum /usr/bin/time "$cli" "$gen"; do
  command -v "$tool" >/dev/null || { echo "bench-verify: missing $tool" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pki="$work/pki"
sh "$src/tests/pki/make-pki.sh" "$pki" >/dev/null
export SEALDESK_HOME="$work/home"          # an empty trust list

echo "Generating a ${size_mb} MB scanned PDF…"
"$gen" "$work/scan.pdf" "$size_mb" >/dev/null
SD_BENCH_PIN=sealdesk-test "$cli" sign "$work/scan.pdf" -o "$work/signed.pdf" \
  --p12 "$pki/rsa2048.p12" --pin-env SD_BENCH_PIN --reason Benchmark >/dev/null
size=$(stat -c %s "$work/signed.pdf")

# Both must agree that the signature is good before anything is timed.
"$cli" verify "$work/signed.pdf" --trust "$pki/ca.pem" >/dev/null \
  || { echo "bench-verify: Sealdesk does not accept its own signature" >&2; exit 1; }
pdfsig "$work/signed.pdf" | grep -q "Signature is Valid" \
  || { echo "bench-verify: pdfsig does not accept the signature" >&2; exit 1; }

# best of N runs: wall seconds and max RSS (KB) of the fastest one
measure () {
  local best_t="" best_rss=""
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
      # pdfsig and verify exit non-zero only on real failures here
      cat "$work/err" >&2; exit 1; }
    read -r t rss < "$work/time"
    if [ -z "$best_t" ] || awk "BEGIN { exit !($t < $best_t) }"; then best_t=$t; best_rss=$rss; fi
  done
  echo "$best_t $best_rss"
}

read -r floor_t floor_rss < <(measure sha256sum "$work/signed.pdf")
read -r sd_t sd_rss < <(measure "$cli" verify "$work/signed.pdf" --trust "$pki/ca.pem")
read -r sdj_t sdj_rss < <(measure "$cli" verify "$work/signed.pdf" --trust "$pki/ca.pem" --json)
read -r ps_t ps_rss < <(measure pdfsig "$work/signed.pdf")

ratio () { awk "BEGIN { if ($2 == 0) print \"n/a\"; else printf \"%.2f\", $1 / $2 }"; }
printf 'input: %d bytes (signed)\n' "$size"
printf '%-26s %8s s  %8s KB RSS\n' "sha256sum (floor)" "$floor_t" "$floor_rss"
printf '%-26s %8s s  %8s KB RSS\n' "sealdesk-cli verify" "$sd_t" "$sd_rss"
printf '%-26s %8s s  %8s KB RSS\n' "sealdesk-cli verify --json" "$sdj_t" "$sdj_rss"
printf '%-26s %8s s  %8s KB RSS\n' "pdfsig" "$ps_t" "$ps_rss"
printf 'sealdesk / pdfsig: %s\n' "$(ratio "$sd_t" "$ps_t")"
printf 'sealdesk / floor:  %s\n' "$(ratio "$sd_t" "$floor_t")"
printf 'sealdesk peak RSS: %d MB\n' $(( sd_rss / 1024 ))
