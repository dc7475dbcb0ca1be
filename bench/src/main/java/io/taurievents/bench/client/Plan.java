package io.taurievents.bench.client;

import java.util.List;

/**
 * How much each scenario sends. Counts are derived from a byte budget per measurement so that every payload
 * size takes a similar time, clamped to sane bounds.
 *
 * @param name {@code full} or {@code smoke}
 * @param sizes payload sizes in bytes
 * @param budgetBytes bytes delivered per measurement
 * @param maxCount most messages one emit trigger sends
 * @param minCount fewest messages one emit trigger sends
 * @param fanOuts window counts of the fan-out scenarios; the largest also hosts {@code emitTo}
 * @param heapWindows idle windows for the heap scenario
 * @param maxInvokes most invokes per measurement
 * @param timeoutSeconds longest a measurement may take before it fails
 * @param settleMillis pause after closing connections, before the heap is read
 * @param repeats measurements per figure; the figure is their median
 */
record Plan(String name, List<Integer> sizes, long budgetBytes, int maxCount, int minCount, List<Integer> fanOuts,
		int heapWindows, int maxInvokes, long timeoutSeconds, long settleMillis, int repeats) {

	static final int CALLERS = 64;

	static Plan full() {
		return new Plan("full", List.of(256, 8 * 1024, 64 * 1024), 256L * 1024 * 1024, 200_000, 5, List.of(100, 1000),
				10_000, 40_000, 180, 1000, 3);
	}

	static Plan smoke() {
		return new Plan("smoke", List.of(256), 256 * 1024, 500, 5, List.of(20), 50, 200, 20, 200, 1);
	}

	/** Messages per emit for {@code windows} receiving windows. */
	int emitCount(int windows, int size) {
		return clamp(this.budgetBytes / ((long) windows * size), this.minCount, this.maxCount);
	}

	int invokeCount(int size, int callers) {
		int perCaller = clamp(this.budgetBytes / 4 / (2L * size) / callers, 10, this.maxInvokes / callers);
		return perCaller * callers;
	}

	int streamCount(int size) {
		return clamp(this.budgetBytes / size, 100, this.maxCount);
	}

	private static int clamp(long value, int min, int max) {
		return (int) Math.max(min, Math.min(max, value));
	}

}
