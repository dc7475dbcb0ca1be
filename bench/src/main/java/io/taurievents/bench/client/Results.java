package io.taurievents.bench.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Every figure of a run, by row and stack.
 */
class Results {

	static final List<String> STACKS = List.of("raw", "stomp", "tauri");

	private final Map<Row, Map<String, Figure>> figures = new LinkedHashMap<>();

	private final List<String> notes = new ArrayList<>();

	private final List<RedisUse> redis = new ArrayList<>();

	private final Map<Row, Map<String, double[]>> repetitions = new LinkedHashMap<>();

	private boolean interleaved;

	private @Nullable String machine;

	void put(Row row, String stack, Figure figure) {
		this.figures.computeIfAbsent(row, (key) -> new LinkedHashMap<>()).put(stack, figure);
	}

	Map<Row, Map<String, Figure>> figures() {
		return this.figures;
	}

	void note(String note) {
		this.notes.add(note);
	}

	List<String> notes() {
		return this.notes;
	}

	/** Every repetition's figure of a row, in the order measured (the figure itself is their median). */
	void repetitions(Row row, String stack, double[] figures) {
		this.repetitions.computeIfAbsent(row, (key) -> new LinkedHashMap<>()).put(stack, figures.clone());
	}

	Map<Row, Map<String, double[]>> repetitions() {
		return this.repetitions;
	}

	/** Whether the stacks took turns ({@code --interleave}): repetition i of one ran next to repetition i of another. */
	void interleaved(boolean interleaved) {
		this.interleaved = interleaved;
	}

	boolean interleaved() {
		return this.interleaved;
	}

	/** The machine and its load average as the run started. */
	void machine(String machine) {
		this.machine = machine;
	}

	/** The machine as the run started, or as it is now when that was not recorded. */
	String machine() {
		return (this.machine != null) ? this.machine : Report.machine();
	}

	/** What Redis spent on one figure of the {@code tauri-cluster} stack. */
	void redis(RedisUse use) {
		this.redis.add(use);
	}

	List<RedisUse> redis() {
		return this.redis;
	}

	boolean anyFailed() {
		return this.figures.values().stream().flatMap((byStack) -> byStack.values().stream()).anyMatch(Figure::failed);
	}

	/**
	 * One line of the table.
	 * @param scenario what was measured
	 * @param payload the payload size label
	 * @param unit the unit of the figures
	 * @param higherIsBetter whether bigger figures are better
	 * @param rawTarget the tauri/raw ratio to reach ({@code null}: none)
	 * @param stompTarget the tauri/STOMP ratio to reach ({@code null}: none)
	 */
	record Row(String scenario, String payload, String unit, boolean higherIsBetter, @Nullable Double rawTarget,
			@Nullable Double stompTarget) {
	}

	/**
	 * Redis's own use during the measured runs of one figure.
	 * @param row the figure's row
	 * @param messages messages one run emits
	 * @param cpuMillis Redis's CPU time (user and system) per run
	 * @param idleMillis what Redis's idle rate (the nodes without emissions) accounts for of it
	 * @param memoryBefore {@code used_memory} before the runs, in bytes
	 * @param memoryPeak the highest {@code used_memory} sampled during the runs, in bytes
	 */
	record RedisUse(Row row, int messages, double cpuMillis, double idleMillis, long memoryBefore, long memoryPeak) {
	}

	/**
	 * A figure, or why there is none.
	 * @param value the measured value
	 * @param failure why the run failed ({@code null} when it did not)
	 * @param unsupported whether the server does not implement the scenario yet
	 */
	record Figure(double value, @Nullable String failure, boolean unsupported) {

		static Figure of(double value) {
			return new Figure(value, null, false);
		}

		static Figure failed(String why) {
			return new Figure(Double.NaN, why, false);
		}

		static Figure notImplemented() {
			return new Figure(Double.NaN, null, true);
		}

		boolean failed() {
			return this.failure != null;
		}

		boolean ok() {
			return this.failure == null && !this.unsupported;
		}

	}

}
