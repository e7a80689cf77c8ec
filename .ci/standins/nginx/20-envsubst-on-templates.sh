#!/bin/sh
# Stand-in for the official image's script of the same name: renders /etc/nginx/templates/*.template into
# /etc/nginx/conf.d/, substituting only variables that are defined in the environment.
set -e
template_dir=/etc/nginx/templates
output_dir=/etc/nginx/conf.d
[ -d "$template_dir" ] || exit 0
if [ ! -w "$output_dir" ]; then
    echo "$0: ERROR: $output_dir is not writable" >&2
    exit 0
fi
defined_envs=$(printf '${%s} ' $(env | cut -d= -f1))
for template in "$template_dir"/*.template; do
    [ -f "$template" ] || continue
    output="$output_dir/$(basename "$template" .template)"
    echo "$0: Running envsubst on $template to $output"
    envsubst "$defined_envs" < "$template" > "$output"
done
