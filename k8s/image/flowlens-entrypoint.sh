#!/bin/sh
# flowlens image entrypoint. A TaskManager captures with BPF and must keep the capabilities its pod adds (BPF,
# NET_ADMIN, PERFMON, SYS_RESOURCE): Flink's entrypoint would switch to the unprivileged flink user, and Kubernetes
# sets no ambient capabilities, so that user's JVM would have none. With FLOWLENS_KEEP_ROOT=true (the TaskManager pod
# template sets it) a TaskManager started as root stays root; everything else goes through Flink's own entrypoint.
set -e
if [ "${FLOWLENS_KEEP_ROOT:-}" = "true" ] && [ "$(id -u)" = "0" ] && [ "${1:-}" = "taskmanager" ]; then
  shift
  exec "$FLINK_HOME/bin/taskmanager.sh" start-foreground "$@"
fi
exec /docker-entrypoint.sh "$@"
