#!/usr/bin/env bash
# Asks the worker to validate config files (PUT /connector-plugins/<class>/config/validate) and prints every error
# by field; a file that is not JSON is named with jq's message. Exits 1 when a file has errors.
# Without arguments: every *.json in connect-configs/.
# CONNECT_OVERRIDES=<folder> lays <folder>/<name>.json over each file first, as deploy.sh does.
# Usage: CONNECT_URL=http://localhost:8083 [CONNECT_OVERRIDES=connect-configs/secure] connect-configs/validate.sh [config.json...]
set -euo pipefail
source "$(dirname "$0")/common.sh"

bad=0
while read -r file; do
  name="$(connector_name "$file")"
  if ! config="$(effective_config "$file" "$name")" || ! result="$(validate_file "$config" "$name")"; then
    bad=1
    continue
  fi
  count="$(jq -r '.error_count' <<<"$result")"
  if [ "$count" = 0 ]; then
    echo "$name: valid"
  else
    echo "$name: $count error(s)"
    field_errors "$result"
    bad=1
  fi
done < <(config_files "$@")
exit "$bad"
