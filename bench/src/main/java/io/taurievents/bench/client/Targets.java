package io.taurievents.bench.client;

/**
 * The design targets (issue 13) the report marks ✅/❌, in one place: ratios tauri ÷ raw and tauri ÷ STOMP.
 */
final class Targets {

	/** Every throughput row, tauri ÷ STOMP. */
	static final double THROUGHPUT_STOMP = 1.2;

	/** emitTo one label among many windows, every size. */
	static final double EMIT_TO_RAW = 1.0;

	/** Channel streams, JSON and binary, every size; in the server rows and into a Chromium page. */
	static final double CHANNEL_RAW = 1.0;

	/** Heap per idle window (lower is better). */
	static final double HEAP_RAW = 1.1;

	/** Events of 256 B received by a Chromium page. */
	static final double BROWSER_EVENTS_RAW = 2.0;

	/** Events of 256 B received by a Chromium page, against the stomp.js page. */
	static final double BROWSER_EVENTS_STOMP = 3.0;

	/** The report's footnote. */
	static final String DESCRIPTION = "emit → 1 window ≥ 1.5× raw (64 KB: ≥ 1.0×), fan-out ≥ 1.2× raw, emitTo and "
			+ "channels ≥ 1.0× raw, invoke p50 ≤ 1.15× raw with 1 caller and ≤ 1.3× with 64, heap per connection "
			+ "≤ 1.1× raw (lower is better there), every throughput row ≥ 1.2× STOMP; in Chromium, 256 B events into "
			+ "the page ≥ 2× raw and ≥ 3× STOMP, channels ≥ 1.0× raw";

	private Targets() {
	}

	/** emit → 1 window, or fan-out to {@code windowCount} windows. */
	static double emitRaw(int windowCount, int size) {
		if (windowCount > 1) {
			return 1.2;
		}
		return (size >= 64 * 1024) ? 1.0 : 1.5;
	}

	/** Invoke round trip p50 (lower is better). */
	static double invokeP50Raw(int callers) {
		return (callers == 1) ? 1.15 : 1.3;
	}

}
