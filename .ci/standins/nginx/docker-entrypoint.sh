#!/bin/sh
# Stand-in for the official nginx image's /docker-entrypoint.sh: before starting nginx, source the
# executable *.envsh and run the executable *.sh of /docker-entrypoint.d in name order.
set -e
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    for script in $(find /docker-entrypoint.d/ -follow -type f -print | sort -V); do
        case "$script" in
            *.envsh) if [ -x "$script" ]; then echo "$0: sourcing $script"; . "$script"; else echo "$0: ignoring $script, not executable"; fi ;;
            *.sh) if [ -x "$script" ]; then echo "$0: launching $script"; "$script"; else echo "$0: ignoring $script, not executable"; fi ;;
            *) echo "$0: ignoring $script" ;;
        esac
    done
    echo "$0: configuration complete; ready for start up"
fi
exec "$@"
