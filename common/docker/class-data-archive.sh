#!/usr/bin/env bash
# Makes the class-data sharing (AppCDS) archive of a service image at build time:
#   class-data-archive.sh <jar> <http port> <archive>
# The classes a start loads are parsed and verified here once instead of at every start: about half the time to
# ready, and several MiB of metaspace kept out of the container's 128 MiB.
#
# A training run, with the flags of the ENTRYPOINT, has the JVM write the archive when it stops
# (-XX:ArchiveClassesAtExit). A build has no PostgreSQL or Redis, so the run points at ports where none can be
# (not even with docker build --network host), starts as it does while they are down, answers liveness and one
# readiness probe (503) and stops on SIGTERM: the classes of talking to the stores are not in the archive and
# load from the jars as before. The archive is valid only for this JVM, these jars at these paths and these
# flags, hence made in the final stage; -Xshare:on fails the build if that JVM would not map it.
set -euo pipefail
jar=$1 port=$2 archive=$3
options=@$(dirname "$jar")/jvm.options

PGHOST=127.0.0.1 PGPORT=1 REDIS_HOST=127.0.0.1 REDIS_PORT=1 \
    java "$options" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=error -jar "$jar" &
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

java "$options" -Xshare:on -XX:SharedArchiveFile="$archive" -cp "$jar" -version
