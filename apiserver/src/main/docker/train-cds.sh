#!/bin/sh
# Trains the apiserver image's class-data sharing archive (AppCDS): starts the server once, in standalone mode on
# throw-away certificates and data, waits until it serves, and stops it with SIGTERM; the JVM then archives every
# class it loaded on the way (docs/benchmarks.md, "Start to /readyz": start to ready in 0.6–0.7 of the time).
# Run in the image's final stage: the archive is valid only for the JVM build and jar it was made with.
# usage: train-cds.sh <jar> <archive> <jvm.options>
set -eu
jar=$1
archive=$2
options=$3
work=$(mktemp -d)
java -XX:ArchiveClassesAtExit="$archive" "@$options" -jar "$jar" --standalone --bind-address=127.0.0.1 --secure-port="$((20000 + $$ % 20000))" \
  --cert-dir="$work/certs" --data-dir="$work/data" >"$work/log" 2>&1 &
pid=$!
waited=0
until grep -q "serving securely" "$work/log"; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 120 ]; then
    cat "$work/log" >&2
    echo "train-aot: the apiserver did not start" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
kill -TERM "$pid"
wait "$pid" || true # 143 after SIGTERM; the archive is written on the way out
rm -rf "$work"
test -s "$archive"
