#!/usr/bin/env bash
# Creates or updates connectors from their config files (PUT /connectors/<name>/config, idempotent), named after
# the file. Without arguments: every *.json in connect-configs/.
# Usage: CONNECT_URL=http://localhost:8083 connect-configs/deploy.sh [config.json...]
set -euo pipefail
source "$(dirname "$0")/common.sh"

while read -r file; do
  name="$(connector_name "$file")"
  curl_json PUT "/connectors/$name/config" "$file" >/dev/null
  case "$HTTP_STATUS" in
    201) echo "created $name" ;;
    *) echo "updated $name" ;;
  esac
done < <(config_files "$@")
