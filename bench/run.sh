#!/usr/bin/env bash
# Builds the benchmark and runs it: tauri-events side by side with a raw Spring WebSocket handler and Spring STOMP.
#   bench/run.sh            full run (~15 min), table in bench/results/<timestamp>.md and bench/results/latest.md
#   bench/run.sh --smoke    seconds-long run for CI; exits non-zero on any drop, reorder or failure
# Other options: --stacks raw,stomp,tauri  --sizes 256,8192,65536  --scenarios heap,emit,fanout,invoke,stream,browser
#   --jfr  (see bench/README.md)
#   bench/run.sh --stacks tauri,tauri-cluster --scenarios fanout    fan-out over two nodes on a redis-server it starts
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
	# the browser scenarios' pages (bench/pages -> bench/target/pages); without npm that group is skipped (smoke)
	# or fails (other runs), see bench/README.md
	case " $* " in
	*" --scenarios "*) case "$*" in *browser*) pages=1 ;; *) pages=0 ;; esac ;;
	*) pages=1 ;;
	esac
	if [ "$pages" = 1 ]; then
		if command -v npm >/dev/null 2>&1; then
			(cd bench/pages && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
		else
			echo "warning: npm not found; the browser scenarios cannot run" >&2
		fi
	fi
fi

exec java -Xms2g -Xmx2g -XX:+UseG1GC \
	-cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
	io.taurievents.bench.client.BenchRunner "$@"
