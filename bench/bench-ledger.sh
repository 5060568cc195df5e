#!/usr/bin/env bash
# bench-ledger.sh: the seal-use ledger at 100,000 entries.
#
#   bench/bench-ledger.sh BUILDDIR [N]        (default 100000)
#
# Fills a fresh workspace with N entries (bench/make-ledger), then times
# `sealdesk-cli ledger verify` (recompute every leaf and node, check every
# signed head), `ledger prove` of entries spread over the tree, `ledger
# check-proof`, and appending one entry with its signed head (file ledger
# key). Targets (issue 14): verify < 2 s, a proof < 10 ms, an append < 5 ms.
# The process start of sealdesk-cli is measured too (`--version`), so the
# proof time can be read without it.
set -euo pipefail

build=$(realpath "${1:?usage: bench-ledger.sh BUILDDIR [N]}")
n=${2:-100000}
cli="$build/src/cli/sealdesk-cli"
gen="$build/bench/make-ledger"
for tool in "$cli" "$gen" /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench-ledger: missing $tool" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SEALDESK_HOME="$work/home"
export SEALDESK_LEDGER_KEY_STORE=file

echo "Filling a ledger of $n entries…"
append_ms=$("$gen" "$SEALDESK_HOME" "$n" | awk '/append_ms/ { print $2 }')

# best of 3, milliseconds
best_ms ()
{
  local best="" t
  for _ in 1 2 3; do
    t=$(python3 - "$@" <<'PY'
import subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
d = (time.perf_counter() - t) * 1000
sys.exit(f"exit {r.returncode}") if r.returncode else print(f"{d:.1f}")
PY
)
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
  done
  echo "$best"
}

start_ms=$(best_ms "$cli" --version)
verify_ms=$(best_ms "$cli" ledger verify)
rss_kb=$( { /usr/bin/time -f '%M' "$cli" ledger verify >/dev/null; } 2>&1 | tail -1)
prove_ms=0
for seq in 1 $((n / 3)) $((n / 2 + 7)) "$n"; do
  t=$(best_ms "$cli" ledger prove "$seq" -o "$work/proof.json")
  prove_ms=$(python3 -c "print(max($prove_ms, $t))")
done
check_ms=$(best_ms "$cli" ledger check-proof "$work/proof.json")

printf '\n%-44s %10s\n' "ledger of $n entries" "ms"
printf '%-44s %10s\n' "sealdesk-cli start (--version)" "$start_ms"
printf '%-44s %10s   (target < 2000)\n' "ledger verify" "$verify_ms"
printf '%-44s %10s   (target < 10 + start)\n' "ledger prove (slowest of 4 entries)" "$prove_ms"
printf '%-44s %10s\n' "ledger check-proof" "$check_ms"
printf '%-44s %10s   (target < 5)\n' "append one entry + signed head (in process)" "$append_ms"
printf '%-44s %10s\n' "ledger verify peak RSS (KiB)" "$rss_kb"
