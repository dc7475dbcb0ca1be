#!/usr/bin/env bash
# Builds the benchmark and runs it: tauri-events side by side with a raw Spring WebSocket handler and Spring STOMP.
#   bench/run.sh            full run (~15 min), table in bench/results/<timestamp>.md and bench/results/latest.md
#   bench/run.sh --smoke    seconds-long run for CI; exits non-zero on any drop, reorder or failure
# Other options: --stacks raw,stomp,tauri  --sizes 256,8192,65536  --jfr  (see bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."

# 10,000 windows need 10,000 sockets in the client and in the server
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
	echo "warning: open-file limit $(ulimit -n) is below 12000; the 10,000-window heap scenario will fail" >&2
fi

if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
	case " $* " in
	*" --smoke "*)
		# CI: also the harness's own tests (its drop/reorder bookkeeping), none of the library's
		./mvnw -q -B -Pbench -pl bench -am package -Dtest='io.taurievents.bench.**.*Tests' -Dsurefire.failIfNoSpecifiedTests=false ;;
	*)
		./mvnw -q -B -Pbench -pl bench -am package -Dmaven.test.skip=true ;;
	esac
fi

exec java -Xms2g -Xmx2g -XX:+UseG1GC \
	-cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
	io.taurievents.bench.client.BenchRunner "$@"
