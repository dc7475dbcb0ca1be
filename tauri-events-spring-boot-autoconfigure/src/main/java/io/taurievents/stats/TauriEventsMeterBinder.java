package io.taurievents.stats;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.taurievents.limits.LimitStats;
import io.taurievents.stats.TauriEventsStats.CloseReason;
import io.taurievents.stats.TauriEventsStats.DropReason;
import io.taurievents.stats.TauriEventsStats.EmissionKind;
import io.taurievents.stats.TauriEventsStats.FrameType;
import io.taurievents.stats.TauriEventsStats.Limit;

import org.springframework.util.Assert;

/**
 * Publishes {@link TauriEventsStats} as Micrometer meters. The counters are read when the registry asks, so the
 * transport's hot paths only ever increment a {@code LongAdder}. Tags take a bounded set of values each.
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code tauri.events.windows}</td><td>gauge</td><td>{@code state=connected}</td></tr>
 * <tr><td>{@code tauri.events.instances}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code tauri.events.outbound.bytes}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code tauri.events.emits}</td><td>counter</td><td>{@code target=any|app|label|filter}</td></tr>
 * <tr><td>{@code tauri.events.frames.sent}, {@code tauri.events.frames.received}</td><td>counter</td>
 * <td>{@code type=text|binary}</td></tr>
 * <tr><td>{@code tauri.events.frames.dropped}</td><td>counter</td>
 * <td>{@code reason=window-closed|too-large|malformed}</td></tr>
 * <tr><td>{@code tauri.events.closes}</td><td>counter</td><td>{@code code=1000|1001|...|4008|other}</td></tr>
 * <tr><td>{@code tauri.events.channel.messages}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code tauri.events.rejections}</td><td>counter</td>
 * <td>{@code limit=frame-size|shutdown} and every {@link io.taurievents.limits.Limit} ({@code name-length},
 * {@code listeners-per-window}, {@code commands-per-window}, {@code command-timeout}, ...)</td></tr>
 * </table>
 */
public class TauriEventsMeterBinder implements MeterBinder {

	private final TauriEventsStats stats;

	private final LimitStats limitStats;

	/**
	 * Creates the binder.
	 * @param stats the statistics to publish
	 * @param limitStats the rejections of the page and connection limits, published with the others
	 */
	public TauriEventsMeterBinder(TauriEventsStats stats, LimitStats limitStats) {
		Assert.notNull(stats, "stats must not be null");
		Assert.notNull(limitStats, "limitStats must not be null");
		this.stats = stats;
		this.limitStats = limitStats;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("tauri.events.windows", this.stats, TauriEventsStats::windows)
			.description("Connected windows")
			.tag("state", "connected")
			.register(registry);
		Gauge.builder("tauri.events.instances", this.stats, TauriEventsStats::instances)
			.description("Live app instances")
			.register(registry);
		Gauge.builder("tauri.events.outbound.bytes", this.stats, TauriEventsStats::queuedBytes)
			.description("Bytes queued for windows and not yet written")
			.baseUnit("bytes")
			.register(registry);
		for (EmissionKind kind : EmissionKind.values()) {
			counter(registry, "tauri.events.emits", "Emissions of events that had listeners",
					(stats) -> stats.emissions(kind), "target", kind);
		}
		for (FrameType type : FrameType.values()) {
			counter(registry, "tauri.events.frames.sent", "Frames queued to windows",
					(stats) -> stats.framesSent(type), "type", type);
			counter(registry, "tauri.events.frames.received", "Frames received from windows",
					(stats) -> stats.framesReceived(type), "type", type);
		}
		for (DropReason reason : DropReason.values()) {
			counter(registry, "tauri.events.frames.dropped", "Frames dropped",
					(stats) -> stats.droppedFrames(reason), "reason", reason);
		}
		for (CloseReason reason : CloseReason.values()) {
			FunctionCounter.builder("tauri.events.closes", this.stats, (stats) -> stats.closes(reason))
				.description("Window connections closed, by close code")
				.tag("code", reason.code())
				.register(registry);
		}
		FunctionCounter.builder("tauri.events.channel.messages", this.stats, TauriEventsStats::channelMessages)
			.description("Channel messages queued to windows")
			.register(registry);
		for (Limit limit : Limit.values()) {
			counter(registry, "tauri.events.rejections", "Requests refused by a limit",
					(stats) -> stats.rejections(limit), "limit", limit);
		}
		for (io.taurievents.limits.Limit limit : io.taurievents.limits.Limit.values()) {
			FunctionCounter.builder("tauri.events.rejections", this.limitStats, (stats) -> stats.rejections(limit))
				.description("Requests refused by a limit")
				.tag("limit", tagValue(limit))
				.register(registry);
		}
	}

	private void counter(MeterRegistry registry, String name, String description,
			ToDoubleFunction<TauriEventsStats> count, String tag, Enum<?> value) {
		FunctionCounter.builder(name, this.stats, count)
			.description(description)
			.tag(tag, tagValue(value))
			.register(registry);
	}

	private static String tagValue(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
