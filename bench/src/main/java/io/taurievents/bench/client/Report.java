package io.taurievents.bench.client;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.taurievents.bench.client.Results.Figure;
import io.taurievents.bench.client.Results.Row;
import org.jspecify.annotations.Nullable;

/**
 * The Markdown table: each figure for the three stacks, the ratios tauri/raw and tauri/STOMP against their
 * targets, and the machine it ran on.
 */
final class Report {

	/** The tauri server with metrics on, compared with the plain tauri server rather than with raw and STOMP. */
	static final String METERED = "tauri-metrics";

	private static final double METRICS_BUDGET = 0.03;

	private Report() {
	}

	static String markdown(Results results, Plan plan, String startedAt, long elapsedSeconds) {
		StringBuilder out = new StringBuilder();
		out.append("# tauri-events benchmark (").append(plan.name()).append(" run, ").append(startedAt).append(")\n\n");
		out.append("Machine: ").append(results.machine()).append("  \n");
		out.append("Servers: one JVM each, `").append(String.join(" ", ServerProcess.JVM_FLAGS))
			.append("`, Tomcat, loopback; load client: one separate JVM (Netty, 2 event-loop threads).  \n");
		out.append("Duration: ").append(elapsedSeconds).append(" s. Every figure counts what arrived at the clients ")
			.append("and checks order by sequence number; a run that dropped, reordered or timed out shows FAILED.\n\n");
		boolean metered = results.figures().values().stream().anyMatch((byStack) -> byStack.containsKey(METERED));
		boolean clustered = results.figures().values().stream().anyMatch((byStack) -> byStack.containsKey(Servers.CLUSTER));
		out.append("| Scenario | Payload | Unit | raw | STOMP | tauri | tauri/raw | tauri/STOMP |");
		out.append(metered ? " tauri+metrics | metrics cost |" : "");
		out.append(clustered ? " tauri, " + Servers.NODES + " nodes on Redis | " + Servers.NODES + " nodes ÷ 1 node |\n" : "\n");
		out.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |").append(metered ? " ---: | ---: |" : "");
		out.append(clustered ? " ---: | ---: |\n" : "\n");
		List<String> failures = new ArrayList<>();
		for (Map.Entry<Row, Map<String, Figure>> entry : results.figures().entrySet()) {
			Row row = entry.getKey();
			Map<String, Figure> byStack = entry.getValue();
			out.append("| ").append(row.scenario()).append(" | ").append(row.payload()).append(" | ").append(row.unit());
			for (String stack : Results.STACKS) {
				out.append(" | ").append(cell(byStack.get(stack), stack, row, failures));
			}
			out.append(" | ").append(ratio(byStack.get("tauri"), byStack.get("raw"), row, row.rawTarget()));
			out.append(" | ").append(ratio(byStack.get("tauri"), byStack.get("stomp"), row, row.stompTarget()));
			if (metered) {
				out.append(" | ").append(cell(byStack.get(METERED), METERED, row, failures));
				out.append(" | ").append(ratio(byStack.get(METERED), byStack.get("tauri"), row,
						row.higherIsBetter() ? 1 - METRICS_BUDGET : 1 + METRICS_BUDGET));
			}
			if (clustered) {
				out.append(" | ").append(cell(byStack.get(Servers.CLUSTER), Servers.CLUSTER, row, failures));
				out.append(" | ").append(ratio(byStack.get(Servers.CLUSTER), byStack.get("tauri"), row, null));
			}
			out.append(" |\n");
		}
		out.append("\nRatios are tauri ÷ other; ✅/❌ compare them with the design targets: ").append(Targets.DESCRIPTION)
			.append(". ")
			.append("n/a: the server does not implement the scenario.\n");
		if (metered) {
			out.append("\ntauri+metrics is the tauri server with Micrometer's simple registry, the tauri.events meters and ")
				.append("the invoke observation on (profile `metrics`); metrics cost is tauri+metrics ÷ tauri, to stay ")
				.append("within 3 %.\n");
		}
		if (metered && results.interleaved()) {
			pairs(out, results);
		}
		if (clustered) {
			out.append("\ntauri, ").append(Servers.NODES).append(" nodes on Redis is the tauri server twice (profile ")
				.append("`cluster`: `tauri.events.cluster.enabled=true`, the Redis Streams bus through Spring Data Redis) ")
				.append("on one `redis-server`, windows connected to the nodes in turn, every trigger sent to the first ")
				.append("node; ").append(Servers.NODES)
				.append(" nodes ÷ 1 node compares it with the tauri column, the same windows on one node.\n");
			redis(out, results.redis());
		}
		if (!failures.isEmpty()) {
			out.append("\nFailures:\n\n");
			for (int i = 0; i < failures.size(); i++) {
				out.append(i + 1).append(". ").append(failures.get(i)).append('\n');
			}
		}
		if (!results.notes().isEmpty()) {
			out.append("\nNotes:\n\n");
			results.notes().forEach((note) -> out.append("- ").append(note).append('\n'));
		}
		return out.toString();
	}

	/**
	 * Interleaved tauri and tauri-metrics: repetition i of one ran right after repetition i of the other, so their
	 * ratio pair by pair shows what metrics cost apart from the machine's drift.
	 */
	private static void pairs(StringBuilder out, Results results) {
		out.append("\nMetrics cost repetition by repetition (interleaved: each tauri+metrics repetition ÷ the tauri ")
			.append("repetition next to it; above 1 is faster for throughput, slower for latency), their median and ")
			.append("range:\n\n");
		out.append("| Scenario | Payload | Unit | pairs | median | range |\n| --- | --- | --- | --- | ---: | --- |\n");
		for (Map.Entry<Row, Map<String, double[]>> entry : results.repetitions().entrySet()) {
			double[] plain = entry.getValue().get("tauri");
			double[] metered = entry.getValue().get(METERED);
			if (plain == null || metered == null || plain.length != metered.length || plain.length == 0) {
				continue;
			}
			double[] ratios = new double[plain.length];
			for (int i = 0; i < ratios.length; i++) {
				ratios[i] = metered[i] / plain[i];
			}
			double[] sorted = ratios.clone();
			java.util.Arrays.sort(sorted);
			Row row = entry.getKey();
			StringBuilder list = new StringBuilder();
			for (double ratio : ratios) {
				list.append((list.length() > 0) ? ", " : "").append(String.format(Locale.ROOT, "%.2f", ratio));
			}
			out.append("| ").append(row.scenario()).append(" | ").append(row.payload()).append(" | ").append(row.unit())
				.append(" | ").append(list).append(" | ")
				.append(String.format(Locale.ROOT, "%.3f×", sorted[sorted.length / 2])).append(" | ")
				.append(String.format(Locale.ROOT, "%.2f–%.2f", sorted[0], sorted[sorted.length - 1])).append(" |\n");
		}
	}

	/** What Redis spent during the cluster's figures. */
	private static void redis(StringBuilder out, List<Results.RedisUse> uses) {
		if (uses.isEmpty()) {
			return;
		}
		out.append("\nRedis during those runs: its own CPU time (`INFO cpu`, `used_cpu_user` + `used_cpu_sys`) per ")
			.append("measured run, the part its idle rate (measured for a second before, the nodes connected but not ")
			.append("emitting) accounts for, the rest per message; its `used_memory` (`INFO memory`) before the runs ")
			.append("and the highest value sampled every 100 ms during them:\n\n");
		out.append("| Scenario | Payload | Messages per run | Redis CPU per run | of it at idle rate | rest per message ")
			.append("| used_memory before | peak |\n");
		out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (Results.RedisUse use : uses) {
			out.append("| ").append(use.row().scenario()).append(" | ").append(use.row().payload()).append(" | ")
				.append(String.format(Locale.ROOT, "%,d", use.messages())).append(" | ")
				.append(String.format(Locale.ROOT, "%.0f ms", use.cpuMillis())).append(" | ")
				.append(String.format(Locale.ROOT, "%.0f ms", use.idleMillis())).append(" | ")
				.append(String.format(Locale.ROOT, "%.1f µs",
						Math.max(0, use.cpuMillis() - use.idleMillis()) * 1000 / use.messages()))
				.append(" | ")
				.append(megabytes(use.memoryBefore())).append(" | ").append(megabytes(use.memoryPeak())).append(" |\n");
		}
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
	}

	private static String cell(@Nullable Figure figure, String stack, Row row, List<String> failures) {
		if (figure == null) {
			return "–";
		}
		if (figure.unsupported()) {
			return "n/a";
		}
		if (figure.failure() != null) {
			failures.add(stack + ", " + row.scenario() + ", " + row.payload() + ": " + figure.failure());
			return "FAILED (" + failures.size() + ")";
		}
		return number(figure.value());
	}

	private static String ratio(@Nullable Figure tauri, @Nullable Figure other, Row row, @Nullable Double target) {
		if (tauri == null || other == null || !tauri.ok() || !other.ok() || other.value() == 0) {
			return "–";
		}
		double ratio = tauri.value() / other.value();
		String text = String.format(Locale.ROOT, "%.2f×", ratio);
		if (target == null) {
			return text;
		}
		boolean met = row.higherIsBetter() ? ratio >= target : ratio <= target;
		return text + (met ? " ✅" : " ❌") + " (" + (row.higherIsBetter() ? "≥ " : "≤ ")
				+ java.math.BigDecimal.valueOf(target).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + ")";
	}

	private static String number(double value) {
		if (value >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.1f", value);
	}

	static String machine() {
		String cpu = firstLine(Path.of("/proc/cpuinfo"), "model name");
		String memory = firstLine(Path.of("/proc/meminfo"), "MemTotal");
		String os = firstLine(Path.of("/etc/os-release"), "PRETTY_NAME");
		StringBuilder machine = new StringBuilder();
		machine.append((cpu != null) ? cpu.substring(cpu.indexOf(':') + 1).trim() : System.getProperty("os.arch"));
		machine.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
		if (memory != null) {
			long kib = Long.parseLong(memory.replaceAll("[^0-9]", ""));
			machine.append(", ").append(String.format(Locale.ROOT, "%.1f GiB RAM", kib / 1024.0 / 1024.0));
		}
		machine.append(", JDK ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.runtime.version"));
		machine.append(", ").append((os != null) ? os.substring(os.indexOf('=') + 1).replace("\"", "") : "")
			.append(" (").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
			.append(')');
		machine.append(", load average at start ")
			.append(String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
		return machine.toString();
	}

	private static @Nullable String firstLine(Path file, String prefix) {
		try {
			return Files.readAllLines(file).stream().filter((line) -> line.startsWith(prefix)).findFirst().orElse(null);
		}
		catch (IOException ex) {
			return null;
		}
	}

}
