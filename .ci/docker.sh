#!/usr/bin/env bash
# Prepares this machine for the container tests: a Docker engine, docker-compose, and offline stand-ins for
# the official base images (Docker Hub is not reachable in CI; see .ci/standins/README.md).
# Idempotent: installs only what is missing, starts dockerd only if it is not answering, rebuilds a stand-in
# only when its Dockerfile changed.
set -euo pipefail

standins_dir=$(cd "$(dirname "$0")/standins" && pwd)
# Every stand-in starts from a Debian root file system made by debootstrap from the mirror apt is configured
# with on this machine, so no registry or mirror is named here.
base_image=multidocker-standin/debian:bookworm
# Debian 12 has no Java 25: the stand-ins of the Temurin images get this machine's Temurin 25 JDK.
temurin_jdk=${TEMURIN_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}

log() { echo "docker.sh: $*"; }

install_missing_packages() {
    local missing=()
    command -v dockerd >/dev/null || missing+=(docker.io)
    command -v docker-compose >/dev/null || missing+=(docker-compose)
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

start_docker_engine() {
    if docker info >/dev/null 2>&1; then
        return
    fi
    log "starting dockerd (log: /tmp/dockerd.log)"
    nohup dockerd >/tmp/dockerd.log 2>&1 &
    for _ in $(seq 60); do
        docker info >/dev/null 2>&1 && return
        sleep 1
    done
    log "dockerd did not answer within 60 s; last lines of /tmp/dockerd.log:"
    tail -20 /tmp/dockerd.log
    exit 1
}

apt_mirror() {
    # The first Debian archive apt uses here (deb822 or one-line format).
    sed -n -e 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p' \
        /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -v security | head -1 || true
}

build_base_image() {
    if docker image inspect "$base_image" >/dev/null 2>&1; then
        return
    fi
    local root mirror
    root=$(mktemp -d)
    mirror=$(apt_mirror)
    log "debootstrap bookworm from ${mirror:-the default mirror of debootstrap} into $root"
    debootstrap --variant=minbase bookworm "$root" ${mirror:+"$mirror"} >/tmp/debootstrap.log 2>&1 \
        || { tail -20 /tmp/debootstrap.log; exit 1; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$base_image" >/dev/null
    rm -rf "$root"
}

build_standin() {
    local tag=$2 context digest built_digest
    # The build context is the stand-in's folder plus the extra CA certificates this machine trusts: where
    # outbound HTTPS passes an intercepting proxy, Maven in the stand-in must trust its CA like the host does.
    context=$(mktemp -d)
    cp -r "$standins_dir/$1/." "$context/"
    mkdir "$context/host-ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$context/host-ca-certificates/" 2>/dev/null || true
    if grep -q '^COPY jdk/' "$context/Dockerfile"; then
        [ -x "$temurin_jdk/bin/java" ] || { log "no Temurin 25 JDK at $temurin_jdk (set TEMURIN_JDK)"; exit 1; }
        # Dereferenced: the JDK's cacerts is a link into the host's /etc; the copy holds the file itself.
        cp -rL "$temurin_jdk" "$context/jdk"
    fi
    digest=$(cd "$context" && find . -type f | sort | xargs cat | sha256sum | cut -c1-16)
    built_digest=$(docker image inspect -f '{{index .Config.Labels "standin.digest"}}' "$tag" 2>/dev/null || true)
    if [ "$built_digest" != "$digest" ]; then
        log "building stand-in $tag"
        docker build -q --build-arg BASE_IMAGE="$base_image" --label standin.digest="$digest" -t "$tag" "$context" >/dev/null
    fi
    rm -rf "$context"
}

install_missing_packages
start_docker_engine
build_base_image
while read -r name tag; do
    build_standin "$name" "$tag"
done < "$standins_dir/images.txt"
log "ready: $(docker version -f '{{.Server.Version}}') engine, docker-compose $(docker-compose version --short), stand-ins built"
