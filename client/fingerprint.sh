#!/bin/sh
# Gives every asset under public/assets a name that changes with its content
# (name.<first 8 hex digits of its SHA-256>.ext) and points index.html at it. The client nginx lets
# browsers cache /assets/ for a year, so a changed file must get a new name to reach them.
# Run it after editing an asset; a test fails while a name and its content disagree.
set -eu
cd "$(dirname "$0")/public"

for asset in assets/*.js assets/*.css; do
  file=${asset#assets/}
  extension=${file##*.}
  name=${file%%.*}
  hash=$(sha256sum "$asset" | cut -c1-8)
  fingerprinted="assets/$name.$hash.$extension"
  if [ "$asset" != "$fingerprinted" ]; then
    mv "$asset" "$fingerprinted"
    echo "$asset -> $fingerprinted"
  fi
  reference="/assets/$name(\\.[0-9a-f]{8})?\\.$extension\""
  if ! grep -Eq "$reference" index.html; then
    echo "index.html does not reference /$asset" >&2
    exit 1
  fi
  sed -E -i "s#$reference#/$fingerprinted\"#" index.html
done
