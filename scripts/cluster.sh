#!/usr/bin/env bash
# The scale-out topology on one machine, without Docker: redis-server, three WebFronts (each a silo) on
# 127.0.0.1 ports, and Caddy in front (deploy/Caddyfile, round robin, WebSocket aware).
#
#   scripts/cluster.sh [start]   build (Release) once, start everything, print the URL
#   scripts/cluster.sh stop      stop exactly the processes that start started (their pids are in .cluster/)
#   scripts/cluster.sh status    list them
#
# Environment (all optional):
#   CLUSTER_PORT=8080                  Caddy's port, the one to open
#   CLUSTER_REDIS_PORT=6380            redis-server's port
#   CLUSTER_WEBFRONT_PORTS="5101 5102 5103"
#   CLUSTER_DIR=.cluster               pids, logs and Redis data
#   CLUSTER_BUILD=1                    0 skips the build and runs CLUSTER_WEBFRONT_DLL as it is
#   CLUSTER_WEBFRONT_DLL=WebFront/bin/Release/net10.0/OrleansChat.WebFront.dll
# Anything else in the environment (Membership__DeadAfter=..., Logging__...) reaches the WebFronts.
set -Eeuo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state=${CLUSTER_DIR:-$root/.cluster}
port=${CLUSTER_PORT:-8080}
redis_port=${CLUSTER_REDIS_PORT:-6380}
webfront_ports=${CLUSTER_WEBFRONT_PORTS:-"5101 5102 5103"}
dll=${CLUSTER_WEBFRONT_DLL:-$root/WebFront/bin/Release/net10.0/OrleansChat.WebFront.dll}
pids="$state/pids"

# Waits until a command succeeds, for at most $1 seconds.
wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      return 1
    fi
    sleep 0.2
  done
}

# Whether pid $1 is alive and still runs the program named $2 (a recycled pid is not ours).
is_ours() {
  [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q -- "$2"
}

start() {
  if [ -s "$pids" ]; then
    echo "already started (see $pids); run: $0 stop" >&2
    exit 1
  fi
  for tool in redis-server redis-cli caddy curl dotnet; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
  done
  mkdir -p "$state"
  if [ "${CLUSTER_BUILD:-1}" = 1 ]; then
    echo "building (Release)..."
    dotnet build "$root/OrleansChat.sln" -c Release -nologo -v quiet
  fi
  [ -f "$dll" ] || { echo "no WebFront build at $dll" >&2; exit 1; }
  # Started processes are recorded as they start, so that stop can clean up after a failed start too.
  trap 'echo "start failed; stopping what started" >&2; stop' ERR

  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$state" --save "" \
    --appendonly yes --appendfsync everysec --daemonize no >"$state/redis.log" 2>&1 &
  echo "$! redis-server redis" >>"$pids"
  wait_for 10 redis-cli -p "$redis_port" ping

  local upstreams=""
  for p in $webfront_ports; do
    # exec: the recorded pid is the WebFront itself; its content root is WebFront/ (wwwroot, appsettings).
    (cd "$root/WebFront" && Cluster__Provider=Redis ConnectionStrings__Redis="127.0.0.1:$redis_port" \
      exec dotnet "$dll" --urls "http://127.0.0.1:$p") >"$state/webfront-$p.log" 2>&1 &
    echo "$! OrleansChat.WebFront webfront-$p" >>"$pids"
    upstreams="$upstreams 127.0.0.1:$p"
  done
  for p in $webfront_ports; do
    wait_for 60 curl -fsS "http://127.0.0.1:$p/readyz" || { echo "webfront on $p did not get ready; see $state/webfront-$p.log" >&2; false; }
  done

  CHAT_PORT="$port" CHAT_BIND=127.0.0.1 CHAT_UPSTREAMS="${upstreams# }" \
    caddy run --config "$root/deploy/Caddyfile" --adapter caddyfile >"$state/caddy.log" 2>&1 &
  echo "$! caddy caddy" >>"$pids"
  wait_for 20 curl -fsS "http://127.0.0.1:$port/readyz" || { echo "caddy did not answer; see $state/caddy.log" >&2; false; }
  trap - ERR
  echo "OrleansChat cluster: http://127.0.0.1:$port (WebFronts:$upstreams; Redis 127.0.0.1:$redis_port; logs in $state)"
}

stop() {
  if [ ! -s "$pids" ]; then
    echo "nothing started (no $pids)"
    return 0
  fi
  # Caddy first, then the WebFronts (SIGTERM: they close sockets with 1001 and commit their leaves), Redis last.
  local order
  order=$(grep ' caddy$' "$pids" || true; grep ' webfront-' "$pids" || true; grep ' redis$' "$pids" || true)
  while read -r pid program name; do
    [ -n "$pid" ] || continue
    if is_ours "$pid" "$program"; then
      kill -TERM "$pid" 2>/dev/null || true
      if ! wait_for 15 bash -c "! kill -0 $pid"; then
        echo "$name ($pid) did not stop; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
      echo "stopped $name ($pid)"
    fi
  done <<<"$order"
  rm -f "$pids"
}

status() {
  [ -s "$pids" ] || { echo "not started"; return 0; }
  while read -r pid program name; do
    if is_ours "$pid" "$program"; then echo "$name: running ($pid)"; else echo "$name: gone ($pid)"; fi
  done <"$pids"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
