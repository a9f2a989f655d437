#!/usr/bin/env bash
# The co-hosted cluster on one machine, without Docker: redis-server, three WebFronts (each an Orleans silo, forming
# one cluster through Redis clustering) on 127.0.0.1 ports, and Caddy in front (deploy/Caddyfile, round robin,
# WebSocket aware).
#
#   scripts/cluster.sh [start]   build (Release) once, start everything, print the URL
#   scripts/cluster.sh split     the split tier instead: redis-server, two headless silos holding the grains, two
#                                WebFronts as Orleans clients of them (Orleans__Role=Client), Caddy in front
#   scripts/cluster.sh stop      stop exactly the processes that start (or split) started (their pids are in .cluster/)
#   scripts/cluster.sh status    list them
#
# Environment (all optional):
#   CLUSTER_PORT=8080                  Caddy's port, the one to open
#   CLUSTER_REDIS_PORT=6380            redis-server's port
#   CLUSTER_WEBFRONT_PORTS="5101 5102 5103"
#                                      the WebFronts' HTTP ports, one WebFront per port
#   CLUSTER_SILO_PORTS="11112 11113 11114"
#                                      their Orleans silo ports (Orleans__SiloPort), one per WebFront, in the same
#                                      order; default 11111+i for the i-th WebFront (1-based)
#   CLUSTER_GATEWAY_PORTS="30001 30002 30003"
#                                      their Orleans gateway ports (Orleans__GatewayPort); default 30000+i
#   CLUSTER_ID=orleanschat             the Orleans cluster id (Cluster__ClusterId)
#   CLUSTER_DIR=.cluster               pids, logs and Redis data
#   CLUSTER_BUILD=1                    0 skips the build and runs CLUSTER_WEBFRONT_DLL as it is
#   CLUSTER_WEBFRONT_DLL=WebFront/bin/Release/net10.0/OrleansChat.WebFront.dll
#   split only:
#   CLUSTER_CLIENT_PORTS="5101 5102"   the client WebFronts' HTTP ports
#   CLUSTER_SPLIT_SILO_PORTS="11121 11122" / CLUSTER_SPLIT_GATEWAY_PORTS="30011 30012"
#                                      the headless silos' silo and gateway ports, one silo per pair
#   CLUSTER_SILO_DLL=Silo/bin/Release/net10.0/OrleansChat.Silo.dll
# Every silo on one host needs ports of its own (two silos given the same ports both start silently), so start
# refuses ports that are already in use. Each WebFront gets Cluster__Provider=Redis,
# ConnectionStrings__Redis=127.0.0.1:<CLUSTER_REDIS_PORT>, Cluster__ClusterId, Orleans__SiloPort,
# Orleans__GatewayPort and Orleans__AdvertisedAddress=127.0.0.1. Anything else in the environment
# (Redis__KeyPrefix=..., Membership__ProbeTimeout=..., Streams__PullingPeriod=..., Logging__...) reaches the WebFronts.
set -Eeuo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state=${CLUSTER_DIR:-$root/.cluster}
port=${CLUSTER_PORT:-8080}
redis_port=${CLUSTER_REDIS_PORT:-6380}
webfront_ports=${CLUSTER_WEBFRONT_PORTS:-"5101 5102 5103"}
cluster_id=${CLUSTER_ID:-orleanschat}
dll=${CLUSTER_WEBFRONT_DLL:-$root/WebFront/bin/Release/net10.0/OrleansChat.WebFront.dll}
silo_dll=${CLUSTER_SILO_DLL:-$root/Silo/bin/Release/net10.0/OrleansChat.Silo.dll}
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

# Prints $1+i for i = 1..the number of WebFronts: the default silo (11111+i) and gateway (30000+i) ports.
default_ports() {
  local base=$1 i=0 p ports=""
  for p in $webfront_ports; do
    i=$((i + 1))
    ports="$ports $((base + i))"
  done
  echo "${ports# }"
}

silo_ports=${CLUSTER_SILO_PORTS:-$(default_ports 11111)}
gateway_ports=${CLUSTER_GATEWAY_PORTS:-$(default_ports 30000)}

# Whether something already accepts connections on 127.0.0.1:$1.
in_use() {
  timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Whether pid $1 is alive and still runs the program named $2 (a recycled pid is not ours).
is_ours() {
  [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q -- "$2"
}

# start [cohosted|split]
start() {
  local topology=${1:-cohosted}
  if [ "$topology" = split ]; then
    webfront_ports=${CLUSTER_CLIENT_PORTS:-"5101 5102"}
    silo_ports=${CLUSTER_SPLIT_SILO_PORTS:-"11121 11122"}
    gateway_ports=${CLUSTER_SPLIT_GATEWAY_PORTS:-"30011 30012"}
  fi
  if [ -s "$pids" ]; then
    echo "already started (see $pids); run: $0 stop" >&2
    exit 1
  fi
  for tool in redis-server redis-cli caddy curl dotnet; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
  done
  read -ra http <<<"$webfront_ports"
  read -ra silo <<<"$silo_ports"
  read -ra gateway <<<"$gateway_ports"
  if ((${#gateway[@]} != ${#silo[@]})) || { [ "$topology" = cohosted ] && ((${#silo[@]} != ${#http[@]})); }; then
    echo "the silo and gateway port lists need one port per silo (co-hosted: one silo per WebFront)" >&2
    exit 1
  fi
  local used=() p
  for p in "$port" "$redis_port" "${http[@]}" "${silo[@]}" "${gateway[@]}"; do
    if in_use "$p"; then used+=("$p"); fi
  done
  if ((${#used[@]})); then
    echo "ports already in use: ${used[*]} (see the CLUSTER_*PORT* settings in $0)" >&2
    exit 1
  fi
  mkdir -p "$state"
  if [ "${CLUSTER_BUILD:-1}" = 1 ]; then
    echo "building (Release)..."
    dotnet build "$root/OrleansChat.sln" -c Release -nologo -v quiet
  fi
  [ -f "$dll" ] || { echo "no WebFront build at $dll" >&2; exit 1; }
  [ "$topology" = cohosted ] || [ -f "$silo_dll" ] || { echo "no Silo build at $silo_dll" >&2; exit 1; }
  # Started processes are recorded as they start, so that stop can clean up after a failed start too.
  trap 'echo "start failed; stopping what started" >&2; stop' ERR

  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$state" --save "" \
    --appendonly yes --appendfsync everysec --daemonize no >"$state/redis.log" 2>&1 &
  echo "$! redis-server redis" >>"$pids"
  wait_for 10 redis-cli -p "$redis_port" ping

  # Every process of the cluster gets the same cluster id and Redis, and reaches the others on loopback.
  export Cluster__Provider=Redis Cluster__ClusterId="$cluster_id" ConnectionStrings__Redis="127.0.0.1:$redis_port" \
    Orleans__AdvertisedAddress=127.0.0.1
  local upstreams="" i
  if [ "$topology" = split ]; then
    for i in "${!silo[@]}"; do
      # exec: the recorded pid is the silo itself. Headless silos hold the grains; no sockets.
      (cd "$(dirname "$silo_dll")" && Orleans__SiloPort="${silo[$i]}" Orleans__GatewayPort="${gateway[$i]}" \
        exec dotnet "$silo_dll") >"$state/silo-${silo[$i]}.log" 2>&1 &
      echo "$! OrleansChat.Silo silo-${silo[$i]}" >>"$pids"
    done
  fi
  for i in "${!http[@]}"; do
    p=${http[$i]}
    # exec: the recorded pid is the WebFront itself; its content root is WebFront/ (wwwroot, appsettings).
    # Co-hosted: each one is a silo with ports of its own. Split: each one is an Orleans client, finding the
    # silos' gateways through Redis.
    if [ "$topology" = split ]; then
      (cd "$root/WebFront" && Orleans__Role=Client exec dotnet "$dll" --urls "http://127.0.0.1:$p") >"$state/webfront-$p.log" 2>&1 &
    else
      (cd "$root/WebFront" && Orleans__SiloPort="${silo[$i]}" Orleans__GatewayPort="${gateway[$i]}" \
        exec dotnet "$dll" --urls "http://127.0.0.1:$p") >"$state/webfront-$p.log" 2>&1 &
    fi
    echo "$! OrleansChat.WebFront webfront-$p" >>"$pids"
    upstreams="$upstreams 127.0.0.1:$p"
  done
  for p in "${http[@]}"; do
    wait_for 60 curl -fsS "http://127.0.0.1:$p/readyz" || { echo "webfront on $p did not get ready; see $state/webfront-$p.log" >&2; false; }
  done
  # Every silo active in the membership (a client WebFront is ready with one gateway; the others may still be joining).
  wait_for 60 bash -c "[ \$(curl -fsS http://127.0.0.1:${http[0]}/api/cluster | grep -oE '\"status\":\"active\",\"heartbeat\":\"[^\"]*\",\"startedAt' | wc -l) -ge ${#silo[@]} ]" ||
    { echo "the silos did not all become active; see $state" >&2; false; }

  CHAT_PORT="$port" CHAT_BIND=127.0.0.1 CHAT_UPSTREAMS="${upstreams# }" \
    caddy run --config "$root/deploy/Caddyfile" --adapter caddyfile >"$state/caddy.log" 2>&1 &
  echo "$! caddy caddy" >>"$pids"
  wait_for 20 curl -fsS "http://127.0.0.1:$port/readyz" || { echo "caddy did not answer; see $state/caddy.log" >&2; false; }
  trap - ERR
  echo "OrleansChat cluster ($topology): http://127.0.0.1:$port (WebFronts:$upstreams; silo ports ${silo[*]}; gateway ports ${gateway[*]};" \
    "cluster id $cluster_id; Redis 127.0.0.1:$redis_port; logs in $state)"
}

stop() {
  if [ ! -s "$pids" ]; then
    echo "nothing started (no $pids)"
    return 0
  fi
  # Caddy first, then the WebFronts (SIGTERM: they close sockets with 1001 and commit their leaves), then the
  # headless silos, Redis last.
  local order
  order=$(grep ' caddy$' "$pids" || true; grep ' webfront-' "$pids" || true; grep ' silo-' "$pids" || true; grep ' redis$' "$pids" || true)
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
  start) start cohosted ;;
  split) start split ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 [start|split|stop|status]" >&2; exit 2 ;;
esac
