#!/usr/bin/env bash
# Measures kill -> `left` with the default membership settings: a cluster of three WebFront processes on a
# redis-server of its own; N times, a WebFront holding one user is SIGKILLed and a client of another WebFront waits
# for that user's `left` (a new WebFront takes the dead one's place before the next kill). Prints each kill and
# min / median / max, as seen by the client and as committed (the event's `at`).
#
#   scripts/measure-failover.sh [kills]          default 20; co-hosted WebFronts, declared dead by Orleans' membership
#   scripts/measure-failover.sh split [kills]    client WebFronts of two headless silos, dropped when their lease runs out
#
# It runs RedisClusterTests.SiloKilled_DefaultMembershipTiming_OtherFrontEndsClientSeesLeftWithinTenSeconds (or, for
# split, SplitTierTests.ClientWebFrontKilled_UserInRoomWithUserOnOtherFrontEnd_OtherSeesLeftWithinTenSecondsOnce; CI
# runs them with 3 and 5 kills) with CHAT_FAILOVER_KILLS=<kills>, so the measurement and the test are one code path;
# the test also fails if any kill took longer than 10 s.
#
# Environment (optional): CONFIGURATION=Release (the build measured), and any Membership__... setting to measure
# other failure-detection settings (the child processes inherit it).
set -Eeuo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
test=OrleansChat.Tests.Redis.RedisClusterTests.SiloKilled_DefaultMembershipTiming_OtherFrontEndsClientSeesLeftWithinTenSeconds
if [[ ${1:-} == split ]]; then
  test=OrleansChat.Tests.Redis.SplitTierTests.ClientWebFrontKilled_UserInRoomWithUserOnOtherFrontEnd_OtherSeesLeftWithinTenSecondsOnce
  shift
fi
kills=${1:-20}
configuration=${CONFIGURATION:-Release}

command -v redis-server >/dev/null || { echo "redis-server is not installed" >&2; exit 1; }
log=$(mktemp --suffix=.measure-failover.log)
echo "kill -> left over $kills SIGKILLs ($configuration build, $(nproc) cores); this takes about $((kills * 8 / 60 + 1)) min..."
status=0
CHAT_FAILOVER_KILLS=$kills dotnet test "$root/Tests/Tests.csproj" -c "$configuration" -nologo \
  --filter "FullyQualifiedName=$test" --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
grep -E '^ +kill ' "$log" | sed -E 's/^ +//' || true
if ((status != 0)); then
  echo "the measurement failed (exit $status):" >&2
  grep -E 'Failed|Error Message|Assert|Exception' "$log" | head -20 >&2
  echo "test output: $log; process logs: Tests/bin/$configuration/net10.0/process-logs/" >&2
  exit "$status"
fi
rm -f "$log"
