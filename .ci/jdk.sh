#!/usr/bin/env bash
# Hosted CI (Travis, GitHub Actions) runs .ci/run in a Debian 12 container, and Debian 12 packages no JDK 25:
# copy the one of the official Temurin image into .ci/jdk/, which .ci/run then uses (TEMURIN_JDK).
set -euo pipefail
cd "$(dirname "$0")"
[[ -x jdk/bin/javac ]] && exit 0
mkdir -p jdk
docker run --rm -v "$PWD/jdk:/out" eclipse-temurin:25-jdk cp -a /opt/java/openjdk/. /out/
