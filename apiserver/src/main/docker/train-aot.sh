#!/bin/sh
# Trains Java 25's AOT cache for the apiserver image: starts the server once, in standalone mode on throw-away
# certificates and data, waits until it serves, and stops it with SIGTERM; the JVM then writes the cache of every
# class it loaded and linked on the way (docs/benchmarks.md, "Start to /readyz": about half the start time).
# Run in the image's final stage: the cache is valid only for the JVM build, flags and jar it was made with.
# usage: train-aot.sh <jar> <cache file> <jvm.options>
set -eu
jar=$1
cache=$2
options=$3
work=$(mktemp -d)
java -XX:AOTCacheOutput="$cache" "@$options" -jar "$jar" --standalone --bind-address=127.0.0.1 --secure-port="$((20000 + $$ % 20000))" \
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
wait "$pid" || true # 143 after SIGTERM; the cache is assembled on the way out
rm -rf "$work"
test -s "$cache"
