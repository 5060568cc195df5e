#!/usr/bin/env bash
# bench-sign.sh: sign a large scanned PDF with Sealdesk and with Poppler's
# `pdfsig -add-signature`, in the same run, and print the ratios.
#
#   bench/bench-sign.sh BUILDDIR [SIZE_MB]      (default 60)
#
# pdfsig 22.12 can only add adbe.pkcs7.detached signatures (no -etsi with
# -add-signature); the work is the same: hash the file, sign, write.
#
# Goals (issue "PAdES signing engine"): Sealdesk at most 1/4 of pdfsig's
# time and within 2× the floor (`sha256sum` of the file); peak RSS under
# 64 MB whatever the file size. Needs: pdfsig (poppler-utils), certutil and
# pk12util (libnss3-tools), openssl, GNU time.
set -euo pipefail

build=$(realpath "${1:?usage: bench-sign.sh BUILDDIR [SIZE_MB]}")
size_mb=${2:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
cli="$build/src/cli/sealdesk-cli"
gen="$build/bench/make-scanned-pdf"
for tool in pdfsig certutil pk12util openssl /usr/bin/time "$cli" "$gen"; do
  command -v "$tool" >/dev/null || { echo "bench-sign: missing $tool" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pki="$work/pki"
sh "$src/tests/pki/make-pki.sh" "$pki" >/dev/null

echo "Generating a ${size_mb} MB scanned PDF…"
"$gen" "$work/scan.pdf" "$size_mb" >/dev/null
in_size=$(stat -c %s "$work/scan.pdf")

# pdfsig signs with a key in an NSS database.
mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
pk12util -i "$pki/rsa2048.p12" -d "sql:$work/nss" -W sealdesk-test >/dev/null
nick=$(certutil -L -d "sql:$work/nss" | awk '/u,u,u/ { $NF=""; sub(/ +$/, ""); print; exit }')

# best of N runs: wall seconds and max RSS (KB) of the fastest one
measure () {
  local best_t="" best_rss=""
  for _ in 1 2 3; do
    rm -f "$work/out.pdf"
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r t rss < "$work/time"
    if [ -z "$best_t" ] || awk "BEGIN { exit !($t < $best_t) }"; then best_t=$t; best_rss=$rss; fi
  done
  echo "$best_t $best_rss"
}

export SD_BENCH_PIN=sealdesk-test
read -r floor_t floor_rss < <(measure sha256sum "$work/scan.pdf")
read -r sd_t sd_rss < <(measure env SD_BENCH_PIN=sealdesk-test "$cli" sign "$work/scan.pdf" -o "$work/out.pdf" \
  --p12 "$pki/rsa2048.p12" --pin-env SD_BENCH_PIN --reason Benchmark)
pdfsig "$work/out.pdf" | grep -q "Signature is Valid" || { echo "bench-sign: Sealdesk's output does not verify" >&2; exit 1; }
read -r ps_t ps_rss < <(measure pdfsig -add-signature -nssdir "sql:$work/nss" -nick "$nick" \
  -reason Benchmark "$work/scan.pdf" "$work/out.pdf")

ratio () { awk "BEGIN { if ($2 == 0) print \"n/a\"; else printf \"%.2f\", $1 / $2 }"; }
printf 'input: %d bytes\n' "$in_size"
printf '%-22s %8s s  %8s KB RSS\n' "sha256sum (floor)" "$floor_t" "$floor_rss"
printf '%-22s %8s s  %8s KB RSS\n' "sealdesk-cli sign" "$sd_t" "$sd_rss"
printf '%-22s %8s s  %8s KB RSS\n' "pdfsig -add-signature" "$ps_t" "$ps_rss"
printf 'sealdesk / pdfsig: %s (goal <= 0.25)\n' "$(ratio "$sd_t" "$ps_t")"
printf 'sealdesk / floor:  %s (goal <= 2)\n' "$(ratio "$sd_t" "$floor_t")"
printf 'sealdesk peak RSS: %d MB (goal < 64)\n' $(( sd_rss / 1024 ))
