#!/bin/bash
# The development images' command (api-server/Dockerfile.dev, worker/Dockerfile.dev): polls the sources mounted at
# /src, builds $SERVICE_MODULE in a copy of them and swaps the running service for the new build.
set -u
sources_fingerprint() {
  find /src -name target -prune -o -type f \( -name pom.xml -o -path "*/src/main/*" \) -printf "%p %T@ %s\n" | sort | cksum
}
sync_sources() {
  for pom in /src/pom.xml /src/*/pom.xml; do
    mkdir -p "$(dirname "/home/dev/build/${pom#/src/}")" && cp "$pom" "/home/dev/build/${pom#/src/}"
  done
  cp /src/jvm.options /home/dev/build/jvm.options
  for module in values-contract service-base embedded "$SERVICE_MODULE"; do
    rm -rf "/home/dev/build/$module/src" && cp -r "/src/$module/src" "/home/dev/build/$module/src"
  done
}
service_pid=""
trap '[ -n "$service_pid" ] && kill "$service_pid"; exit 0' TERM INT
built=""
while true; do
  current=$(sources_fingerprint)
  if [ "$current" != "$built" ]; then
    built=$current
    sync_sources
    echo "dev-run: building $SERVICE_MODULE"
    if (cd /home/dev/build && mvn -B -q -pl "$SERVICE_MODULE" -am package -Dmaven.test.skip=true); then
      if [ -n "$service_pid" ]; then kill "$service_pid"; wait "$service_pid"; fi
      MALLOC_ARENA_MAX=2 java @"/home/dev/build/$SERVICE_MODULE/target/jvm.options" \
        -jar "/home/dev/build/$SERVICE_MODULE/target/$SERVICE_MODULE.jar" &
      service_pid=$!
    else
      echo "dev-run: build failed; the previous version keeps running"
    fi
  fi
  sleep 2
done
