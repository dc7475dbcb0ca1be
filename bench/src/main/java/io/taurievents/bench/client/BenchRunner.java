package io.taurievents.bench.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the benchmark: for each stack, starts its server in a fresh JVM, runs every scenario from this JVM,
 * stops the server; then prints the Markdown table and writes it to {@code <results>/<timestamp>.md} and
 * {@code <results>/latest.md}. Exits with 1 when any run dropped, reordered or timed out.
 * <p>
 * Options: {@code --smoke} (seconds-long run for CI), {@code --stacks raw,stomp,tauri} (also {@code tauri-metrics}
 * and {@code tauri-cluster}, see {@link Servers#CLUSTER}),
 * {@code --sizes 256,8192,65536}, {@code --scenarios heap,emit,fanout,invoke,stream,browser}, {@code --jfr} (flight recording of each server into the log directory),
 * {@code --results DIR}, {@code --logs DIR}, {@code --repeats N} (measurements per figure, their median; 3 in a full
 * run), {@code --interleave} (the stacks run side by side, their servers up at once, taking turns after every
 * measured repetition, see {@link Turns}: for comparing two stacks closely, such as {@code tauri,tauri-metrics}).
 */
public final class BenchRunner {

	private BenchRunner() {
	}

	public static void main(String[] args) throws Exception {
		Plan plan = Plan.full();
		List<String> stacks = Results.STACKS;
		List<Integer> sizes = null;
		List<String> scenarios = Scenarios.ALL;
		boolean jfr = false;
		boolean interleave = false;
		Integer repeats = null;
		Path resultsDirectory = Path.of("bench/results");
		Path logDirectory = Path.of("bench/target/bench-logs");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--smoke" -> plan = Plan.smoke();
				case "--stacks" -> stacks = List.of(args[++i].split(","));
				case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
				case "--scenarios" -> scenarios = List.of(args[++i].split(","));
				case "--jfr" -> jfr = true;
				case "--interleave" -> interleave = true;
				case "--repeats" -> repeats = Integer.valueOf(args[++i]);
				case "--results" -> resultsDirectory = Path.of(args[++i]);
				case "--logs" -> logDirectory = Path.of(args[++i]);
				default -> throw new IllegalArgumentException("unknown option " + args[i]
						+ "; expected --smoke, --stacks, --sizes, --scenarios, --jfr, --results, --logs, --repeats or --interleave");
			}
		}
		boolean partial = sizes != null || repeats != null || interleave || !stacks.containsAll(Results.STACKS)
				|| !scenarios.equals(Scenarios.ALL);
		if (sizes != null || repeats != null) {
			plan = new Plan(plan.name(), (sizes != null) ? sizes : plan.sizes(), plan.budgetBytes(), plan.maxCount(),
					plan.minCount(), plan.fanOuts(), plan.heapWindows(), plan.maxInvokes(), plan.timeoutSeconds(),
					plan.settleMillis(), (repeats != null) ? repeats : plan.repeats());
		}
		Instant started = Instant.now();
		String startedAt = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC).format(started);
		Results results = new Results();
		// the machine as the run starts: its load average then, not after the run's own load
		results.machine(Report.machine());
		System.out.println("tauri-events benchmark, " + plan.name() + " run on " + results.machine());
		if (interleave) {
			interleaved(stacks, plan, scenarios, results, logDirectory, jfr);
		}
		else {
			for (String name : stacks) {
				run(stack(name), plan, scenarios, results, logDirectory, jfr, Turns.NONE);
			}
		}
		long elapsed = java.time.Duration.between(started, Instant.now()).toSeconds();
		String report = Report.markdown(results, plan, startedAt, elapsed);
		System.out.println();
		System.out.println(report);
		Files.createDirectories(resultsDirectory);
		// only a complete full run becomes latest.md; smoke and partial runs are kept apart (and not committed)
		boolean complete = !partial && plan.name().equals("full");
		String kind = complete ? "" : (plan.name().equals("smoke") ? "smoke-" : "partial-");
		String fileName = kind + startedAt + ".md";
		Files.writeString(resultsDirectory.resolve(fileName), report);
		Files.writeString(resultsDirectory.resolve(complete ? "latest.md" : kind + "latest.md"), report);
		System.out.println("Written to " + resultsDirectory.resolve(fileName));
		System.exit(results.anyFailed() ? 1 : 0);
	}

	/**
	 * Runs the stacks side by side, one thread each, taking turns: every piece of work (starting servers, connecting,
	 * warming up, measuring) happens while its stack holds the turn, so no two ever overlap.
	 */
	private static void interleaved(List<String> stacks, Plan plan, List<String> scenarios, Results results,
			Path logDirectory, boolean jfr) throws InterruptedException {
		Turns turns = Turns.shared();
		results.interleaved(true);
		results.note("interleaved: " + String.join(", ", stacks) + " ran side by side (their servers up at once), "
				+ "taking turns after every measured repetition, so each figure's repetitions alternate between "
				+ "the stacks; " + plan.repeats() + " repetitions per figure, the median reported");
		List<Thread> threads = new ArrayList<>();
		for (String name : stacks) {
			Stack stack = stack(name);
			Thread thread = new Thread(() -> {
				turns.enter();
				try {
					run(stack, plan, scenarios, results, logDirectory, jfr, turns);
				}
				finally {
					turns.leave();
				}
			}, "bench-" + name);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

	private static void run(Stack stack, Plan plan, List<String> scenarios, Results results, Path logDirectory,
			boolean jfr, Turns turns) {
		System.out.println("== " + stack.name());
		long started = System.nanoTime();
		StrayMessages strays = new StrayMessages();
		List<String> groups = scenarios;
		if (stack.name().equals(Servers.CLUSTER)) {
			// the nodes are there for the fan-out across them; every other group would measure one node
			groups = scenarios.stream().filter(Scenarios.FANOUT::equals).toList();
			if (groups.size() < scenarios.size()) {
				results.note(stack.name() + ": runs the fanout group only; skipped "
						+ String.join(", ", scenarios.stream().filter((group) -> !group.equals(Scenarios.FANOUT)).toList()));
			}
			if (groups.isEmpty()) {
				return;
			}
		}
		try (Servers servers = Servers.start(stack.name(), logDirectory, jfr)) {
			servers.awaitReady(120);
			boolean channels = servers.first().get("/bench/features").contains("channel");
			if (!channels) {
				results.note(stack.name() + ": the server has no channel stream command yet, so channel rows are n/a");
			}
			try (LoadClient client = new LoadClient(servers.ports(), strays)) {
				new Scenarios(stack, servers, client, plan, new Progress(results, stack.name()), strays, channels,
						turns).run(groups);
			}
		}
		catch (Exception ex) {
			results.note(stack.name() + ": server run aborted: " + ex);
			results.put(new Results.Row("server run", "-", "-", true, null, null), stack.name(),
					Results.Figure.failed(ex.toString()));
		}
		System.out.printf("   %s done in %d s%n", stack.name(), (System.nanoTime() - started) / 1_000_000_000L);
	}

	private static Stack stack(String name) {
		return switch (name) {
			case "raw" -> new RawStack();
			case "stomp" -> new StompStack();
			case "tauri", "tauri-metrics", Servers.CLUSTER -> new TauriStack(name);
			default -> throw new IllegalArgumentException(
					"unknown stack " + name + "; expected raw, stomp, tauri, tauri-metrics or " + Servers.CLUSTER);
		};
	}

	/** Prints each figure as it is recorded, so a long run shows where it is. */
	private static final class Progress extends Results {

		private final Results target;

		private final String stack;

		Progress(Results target, String stack) {
			this.target = target;
			this.stack = stack;
		}

		@Override
		void put(Row row, String stack, Figure figure) {
			if (figure.ok()) {
				System.out.printf("  %-6s %-45s %-6s %14.1f %s%n", this.stack, row.scenario(), row.payload(),
						figure.value(), row.unit());
			}
			this.target.put(row, stack, figure);
		}

		@Override
		void note(String note) {
			this.target.note(note);
		}

		@Override
		void repetitions(Row row, String stack, double[] figures) {
			this.target.repetitions(row, stack, figures);
		}

		@Override
		void redis(RedisUse use) {
			System.out.printf("  %-6s %-45s %-6s Redis: %.0f ms CPU per run (%.0f ms at idle rate), used_memory %d -> %d bytes%n",
					this.stack, use.row().scenario(), use.row().payload(), use.cpuMillis(), use.idleMillis(),
					use.memoryBefore(), use.memoryPeak());
			this.target.redis(use);
		}

	}


}
