#!/usr/bin/env bash
# Makes the JDK's ahead-of-time cache (JDK 25) of a service image at build time:
#   aot-cache.sh <jar> <http port> <cache>
# The classes a start loads, parsed, verified and linked, and the profiles of the methods it ran, are kept in the
# cache instead of being redone at every start: measured natively, start to ready 3.1 s against 5.0 s with a
# class-data archive alone, and 30 MiB less anonymous memory (the cache's pages are the file's).
#
# A training run, with the flags of the ENTRYPOINT, has the JVM write the cache when it stops
# (-XX:AOTCacheOutput). A build has no PostgreSQL or Redis, so the run points at ports where none can be
# (not even with docker build --network host), starts as it does while they are down, answers liveness and one
# readiness probe (503) and stops on SIGTERM: the classes of talking to the stores are not in the cache and
# load from the jars as before. The cache is valid only for this JVM, these jars at these paths and these
# flags, hence made in the final stage; -XX:AOTMode=on fails the build if that JVM would not use it.
set -euo pipefail
jar=$1 port=$2 cache=$3
options=@$(dirname "$jar")/jvm.options

# Writing the cache needs more class space than the 64 MiB metaspace of jvm.options gives; using it does not.
PGHOST=127.0.0.1 PGPORT=1 REDIS_HOST=127.0.0.1 REDIS_PORT=1 \
    java "$options" -XX:MaxMetaspaceSize=128m -XX:AOTCacheOutput="$cache" -Xlog:aot=error -jar "$jar" &
pid=$!
get() { (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET %s HTTP/1.0\r\n\r\n' "$1" >&3 && head -n1 <&3) 2>/dev/null; }
until get /health/liveness | grep -q ' 200 '; do
    kill -0 "$pid" || { echo "training run exited before it was live" >&2; exit 1; }
    ((SECONDS < 180)) || { echo "training run not live within 180 s" >&2; exit 1; }
    sleep 0.1
done
get /health/readiness
kill -TERM "$pid"
wait "$pid" || (($? == 143))

java "$options" -XX:AOTMode=on -XX:AOTCache="$cache" -cp "$jar" -version
