#!/bin/sh
# check-display-groups.sh TEST-APP GROUP...: fails when a test of TEST-APP
# (its -l listing) is in none of the GROUPs (/app/GROUP/...), which meson
# runs one process each (tests/app/meson.build): such a test would never
# run; or when a GROUP has no test (a display-GROUP that passes by running
# nothing).
set -eu
exe="$1"
shift
list="$("$exe" -l)"
missing=0
for path in $(printf '%s\n' "$list" | grep '^/app/'); do
  group="$(printf '%s' "$path" | cut -d/ -f3)"
  found=0
  for g in "$@"; do
    [ "$g" = "$group" ] && found=1
  done
  if [ "$found" = 0 ]; then
    echo "$path is in no display group: add \"$group\" to display_groups in tests/app/meson.build" >&2
    missing=1
  fi
done
for g in "$@"; do
  if ! printf '%s\n' "$list" | grep -qE "^/app/$g(/|$)"; then
    echo "display group \"$g\" has no test (/app/$g or /app/$g/...): remove it from display_groups in tests/app/meson.build" >&2
    missing=1
  fi
done
exit "$missing"
