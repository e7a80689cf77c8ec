#!/bin/sh
# nginx 1.22 (this stand-in) does not know the upstream `resolve` flag of nginx 1.27.3; drop it so the
# rendered configuration loads. Upstream names are then resolved at start and reload only.
set -e
for conf in /etc/nginx/conf.d/*.conf; do
    if grep -qE '^\s*server\s.*\sresolve;' "$conf" 2>/dev/null; then
        sed -i -E 's/^(\s*server\s.*)\sresolve;/\1;/' "$conf"
        echo "$0: STAND-IN nginx 1.22: removed the upstream resolve flag from $conf"
    fi
done
