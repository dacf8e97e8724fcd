#!/usr/bin/env bash
# Replays a connector: stops it, resets its offsets (a sink reads its topics again from the start, a source its
# endpoints) or sets them from a file, then resumes it and waits until it runs.
# Usage: CONNECT_URL=http://localhost:8083 connect-configs/replay.sh <name> [offsets.json]
#   offsets.json holds what PATCH /connectors/<name>/offsets takes, e.g. for a sink
#   {"offsets":[{"partition":{"kafka_topic":"analytics.sales_per_minute","kafka_partition":0},"offset":{"kafka_offset":0}}]}
set -euo pipefail
source "$(dirname "$0")/common.sh"

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
  echo "Usage: $0 <connector name> [offsets.json]" >&2
  exit 2
fi
name="$1"
echo "stopping $name"
curl_json PUT "/connectors/$name/stop" >/dev/null
await_state "$name" STOPPED
if [ "$#" -eq 2 ]; then
  echo "setting offsets of $name from $2"
  curl_json PATCH "/connectors/$name/offsets" "$2" | jq -r '.message // empty'
else
  echo "resetting offsets of $name"
  curl_json DELETE "/connectors/$name/offsets" | jq -r '.message // empty'
fi
echo "resuming $name"
curl_json PUT "/connectors/$name/resume" >/dev/null
await_state "$name" RUNNING
echo "$name is RUNNING again"
