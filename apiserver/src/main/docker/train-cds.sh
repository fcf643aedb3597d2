#!/bin/sh
# Trains the apiserver image's class-data sharing archive (AppCDS): starts the server once, in standalone mode on
# throw-away certificates and data, waits until it serves, makes the requests a client's first minute makes (TLS,
# authentication, create, get, list as a Table: the classes of the first connection and of the REST engine) when the
# image has curl, and stops it with SIGTERM; the JVM then archives every class it loaded on the way, as the bench's
# training run does (docs/benchmarks.md, "Start to /readyz").
# Run in the image's final stage: the archive is valid only for the JVM build and jar it was made with.
# usage: train-cds.sh <jar> <archive> <jvm.options>
set -eu
jar=$1
archive=$2
options=$3
work=$(mktemp -d)
port=$((20000 + $$ % 20000))
token=training-$$
echo "$token,training,training-uid,\"system:masters\"" >"$work/tokens.csv"
java -XX:ArchiveClassesAtExit="$archive" "@$options" -jar "$jar" --standalone --bind-address=127.0.0.1 --secure-port="$port" \
  --cert-dir="$work/certs" --data-dir="$work/data" --token-auth-file="$work/tokens.csv" >"$work/log" 2>&1 &
pid=$!
waited=0
until grep -q "serving securely" "$work/log"; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 120 ]; then
    cat "$work/log" >&2
    echo "train-cds: the apiserver did not start" >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
if command -v curl >/dev/null 2>&1; then
  base=https://127.0.0.1:$port/apis/wardle.example.com/v1beta1/namespaces/training/flunders
  for i in 1 2 3 4 5 6 7 8 9 10; do
    curl -sfk -o /dev/null -H "Authorization: Bearer $token" -H "Content-Type: application/json" -X POST "$base" \
      -d "{\"apiVersion\":\"wardle.example.com/v1beta1\",\"kind\":\"Flunder\",\"metadata\":{\"name\":\"t$i\"},\"spec\":{\"flunderReference\":\"other\",\"referenceType\":\"Flunder\"}}"
    curl -sfk -o /dev/null -H "Authorization: Bearer $token" "$base/t$i"
  done
  curl -sfk -o /dev/null -H "Authorization: Bearer $token" -H "Accept: application/json;as=Table;v=v1;g=meta.k8s.io" "$base"
else
  echo "train-cds: no curl in the image: the archive holds the start-up classes only" >&2
fi
kill -TERM "$pid"
wait "$pid" || true # 143 after SIGTERM; the archive is written on the way out
rm -rf "$work"
test -s "$archive"
