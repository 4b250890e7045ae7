#!/bin/sh
# Starts the server from the runtime tree this script sits in. Settings come from the
# environment (HOST, PORT, DATA_DIR, DATABASE_URL, ENCRYPTION_KEY, …: docs/install.md).
set -eu
exec node "$(dirname "$0")/server/dist/main.js" "$@"
