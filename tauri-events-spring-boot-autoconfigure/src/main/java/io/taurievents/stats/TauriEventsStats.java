package io.taurievents.stats;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;
import io.taurievents.event.AppInstance;
import io.taurievents.event.AppInstances;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;

/**
 * Typed statistics of tauri-events: what is connected now, and counters since startup. The transport updates the
 * counters on its hot paths, so they are plain {@link LongAdder}s; read them from any thread. With Micrometer on the
 * class path the same numbers are published as meters ({@code tauri.events.*}); without it, read them here.
 * <p>
 * Every dimension is bounded: target kinds, frame types, drop reasons, close reasons and limits are enums, never a
 * label, a user, a channel id or an event name.
 */
public final class TauriEventsStats {

	private final AppInstances instances;

	private final WindowStatsSource windowStats;

	private final Map<EmissionKind, LongAdder> emissions = counters(EmissionKind.class);

	private final Map<FrameType, LongAdder> framesSent = counters(FrameType.class);

	private final Map<FrameType, LongAdder> framesReceived = counters(FrameType.class);

	private final Map<DropReason, LongAdder> dropped = counters(DropReason.class);

	private final Map<CloseReason, LongAdder> closes = counters(CloseReason.class);

	private final Map<Limit, LongAdder> rejections = counters(Limit.class);

	private final LongAdder channelMessages = new LongAdder();

	/**
	 * Creates the statistics of a server.
	 * @param instances the live app instances, read for the gauges
	 * @param windowStats reads a window's statistics (the transport's)
	 */
	public TauriEventsStats(AppInstances instances, WindowStatsSource windowStats) {
		Assert.notNull(instances, "instances must not be null");
		Assert.notNull(windowStats, "windowStats must not be null");
		this.instances = instances;
		this.windowStats = windowStats;
	}

	private static <E extends Enum<E>> Map<E, LongAdder> counters(Class<E> type) {
		Map<E, LongAdder> counters = new EnumMap<>(type);
		for (E key : type.getEnumConstants()) {
			counters.put(key, new LongAdder());
		}
		return counters;
	}

	// gauges

	/**
	 * Live app instances.
	 * @return the number of instances, including those within their grace period without a window
	 */
	public int instances() {
		return this.instances.all().size();
	}

	/**
	 * Connected windows, in every instance.
	 * @return the number of windows
	 */
	public int windows() {
		int windows = 0;
		for (AppInstance instance : this.instances.all()) {
			windows += instance.localWindows().size();
		}
		return windows;
	}

	/**
	 * Bytes queued for every window and not yet written.
	 * @return the sum over the connected windows
	 */
	public long queuedBytes() {
		return windowStats().stream().mapToLong(WindowStats::queuedBytes).sum();
	}

	/**
	 * What the server knows of every connected window, by instance.
	 * @return a snapshot
	 */
	public List<WindowStats> windowStats() {
		return this.instances.all()
			.stream()
			.flatMap((instance) -> instance.localWindows().values().stream())
			.map(this.windowStats::stats)
			.flatMap(Optional::stream)
			.toList();
	}

	/**
	 * What the server knows of one window.
	 * @param instanceId the id of the window's app instance
	 * @param label the window's label
	 * @return the window's statistics, empty when no such window is connected
	 */
	public Optional<WindowStats> windowStats(String instanceId, String label) {
		return this.instances.byId(instanceId)
			.flatMap((instance) -> instance.localWindow(label))
			.flatMap(this.windowStats::stats);
	}

	// counters

	/**
	 * Emissions since startup, by target kind: every emission of an event that had at least one listener (others
	 * are skipped before their payload is even serialized).
	 * @param kind the kind
	 * @return the count
	 */
	public long emissions(EmissionKind kind) {
		return this.emissions.get(kind).sum();
	}

	/**
	 * Frames queued to windows since startup.
	 * @param type the frame type
	 * @return the count
	 */
	public long framesSent(FrameType type) {
		return this.framesSent.get(type).sum();
	}

	/**
	 * Complete frames received from windows since startup.
	 * @param type the frame type
	 * @return the count
	 */
	public long framesReceived(FrameType type) {
		return this.framesReceived.get(type).sum();
	}

	/**
	 * Frames dropped since startup.
	 * @param reason why
	 * @return the count
	 */
	public long droppedFrames(DropReason reason) {
		return this.dropped.get(reason).sum();
	}

	/**
	 * Window connections closed since startup.
	 * @param reason the close reason (by close code)
	 * @return the count
	 */
	public long closes(CloseReason reason) {
		return this.closes.get(reason).sum();
	}

	/**
	 * Requests refused since startup because a limit was reached.
	 * @param limit the limit
	 * @return the count
	 */
	public long rejections(Limit limit) {
		return this.rejections.get(limit).sum();
	}

	/**
	 * Channel messages queued to windows since startup.
	 * @return the count
	 */
	public long channelMessages() {
		return this.channelMessages.sum();
	}

	// recording, called by the transport

	/**
	 * Records an emission.
	 * @param target its target, {@code null} for a filtered emission
	 */
	public void emitted(@Nullable EventTarget target) {
		this.emissions.get(EmissionKind.of(target)).increment();
	}

	/**
	 * Records a frame handed to a window's send queue.
	 * @param frame the frame, a {@code String} (text) or anything else (binary)
	 * @param queued whether the queue took it; {@code false} counts it as dropped for a closed window
	 * @return {@code queued}
	 */
	public boolean sent(Object frame, boolean queued) {
		if (queued) {
			this.framesSent.get((frame instanceof String) ? FrameType.TEXT : FrameType.BINARY).increment();
		}
		else {
			this.dropped.get(DropReason.WINDOW_CLOSED).increment();
		}
		return queued;
	}

	/**
	 * Records a channel message handed to a window's send queue.
	 * @param frame the frame
	 * @param queued whether the queue took it
	 * @return {@code queued}
	 */
	public boolean channelMessage(Object frame, boolean queued) {
		if (queued) {
			this.channelMessages.increment();
		}
		return sent(frame, queued);
	}

	/**
	 * Records a complete frame from a window.
	 * @param type its type
	 */
	public void received(FrameType type) {
		this.framesReceived.get(type).increment();
	}

	/**
	 * Records a frame the server dropped.
	 * @param reason why
	 */
	public void dropped(DropReason reason) {
		this.dropped.get(reason).increment();
	}

	/**
	 * Records a closed window connection.
	 * @param status its close status
	 */
	public void closed(CloseStatus status) {
		this.closes.get(CloseReason.of(status.getCode())).increment();
	}

	/**
	 * Records a request refused by a limit.
	 * @param limit the limit
	 */
	public void rejected(Limit limit) {
		this.rejections.get(limit).increment();
		if (limit == Limit.FRAME_SIZE) {
			this.dropped.get(DropReason.TOO_LARGE).increment();
		}
	}

	/** The kind of an emission's target. */
	public enum EmissionKind {

		/** {@code emit}: target {@code Any}. */
		ANY,

		/** {@code emitTo(App)}. */
		APP,

		/** {@code emitTo} a label: {@code AnyLabel}, {@code Window}, {@code Webview}, {@code WebviewWindow}. */
		LABEL,

		/** {@code emitFilter}. */
		FILTER;

		/**
		 * The kind of a target.
		 * @param target the target, {@code null} for a filtered emission
		 * @return its kind
		 */
		public static EmissionKind of(@Nullable EventTarget target) {
			if (target == null) {
				return FILTER;
			}
			if (target instanceof EventTarget.Any) {
				return ANY;
			}
			return (target.label() != null) ? LABEL : APP;
		}

	}

	/** The type of a WebSocket frame. */
	public enum FrameType {

		/** A text (JSON) frame. */
		TEXT,

		/** A binary frame. */
		BINARY

	}

	/** Why a frame was dropped. */
	public enum DropReason {

		/** Sent to a window that had closed, or was cut because its send buffer was full. */
		WINDOW_CLOSED,

		/** Received, larger than {@code tauri.events.max-frame-size} (the window is closed with 1009). */
		TOO_LARGE,

		/** Received, not a frame of the protocol (answered with an {@code error} frame). */
		MALFORMED

	}

	/** A window connection's close, by close code (see {@code docs/protocol.md}); page-chosen codes are OTHER. */
	public enum CloseReason {

		/** 1000: normal close. */
		NORMAL,

		/** 1001: the page navigated away, or the server is shutting down. */
		GOING_AWAY,

		/** 1002: protocol error (no hello). */
		PROTOCOL_ERROR,

		/** 1006: the connection dropped without a close frame. */
		ABNORMAL,

		/** 1009: frame too large. */
		TOO_LARGE,

		/** 1011: server error. */
		SERVER_ERROR,

		/** 4000: replaced by a new connection with the label. */
		REPLACED,

		/** 4001: label in use. */
		REJECTED,

		/** 4002: invalid label. */
		INVALID_LABEL,

		/** 4003: the instance belongs to another principal. */
		OTHER_PRINCIPAL,

		/** 4004: sign-in required. */
		AUTHENTICATION_REQUIRED,

		/** 4401: the window's authentication ended (logout, session or token expiry). */
		AUTHENTICATION_ENDED,

		/** 4008: the window fell behind (send buffer full, or no write progress for {@code send-time-limit}). */
		OVERFLOW,

		/** Any other code. */
		OTHER;

		/**
		 * The close code as a tag value.
		 * @return the code, or {@code other}
		 */
		public String code() {
			return switch (this) {
				case NORMAL -> "1000";
				case GOING_AWAY -> "1001";
				case PROTOCOL_ERROR -> "1002";
				case ABNORMAL -> "1006";
				case TOO_LARGE -> "1009";
				case SERVER_ERROR -> "1011";
				case REPLACED -> "4000";
				case REJECTED -> "4001";
				case INVALID_LABEL -> "4002";
				case OTHER_PRINCIPAL -> "4003";
				case AUTHENTICATION_REQUIRED -> "4004";
				case AUTHENTICATION_ENDED -> "4401";
				case OVERFLOW -> "4008";
				case OTHER -> "other";
			};
		}

		static CloseReason of(int code) {
			return switch (code) {
				case 1000 -> NORMAL;
				case 1001 -> GOING_AWAY;
				case 1002 -> PROTOCOL_ERROR;
				case 1006 -> ABNORMAL;
				case 1009 -> TOO_LARGE;
				case 1011 -> SERVER_ERROR;
				case 4000 -> REPLACED;
				case 4001 -> REJECTED;
				case 4002 -> INVALID_LABEL;
				case 4003 -> OTHER_PRINCIPAL;
				case 4004 -> AUTHENTICATION_REQUIRED;
				case 4401 -> AUTHENTICATION_ENDED;
				case 4008 -> OVERFLOW;
				default -> OTHER;
			};
		}

	}

	/**
	 * A limit of the transport and the shutdown that refuses requests; the page and connection limits count their
	 * rejections in {@link io.taurievents.limits.LimitStats}.
	 */
	public enum Limit {

		/** {@code tauri.events.max-frame-size}. */
		FRAME_SIZE,

		/** Invokes refused because the server is shutting down. */
		SHUTDOWN

	}

	/**
	 * What the server knows of one connected window. Never the instance token: it is a credential.
	 * @param instanceId the id of the window's app instance
	 * @param principalName the name of the window's principal, {@code null} when anonymous
	 * @param label the window's label
	 * @param connectedSince when the window connected
	 * @param listeners the page's listeners
	 * @param openChannels the channels open to the page
	 * @param queuedBytes bytes queued for the window and not yet written
	 */
	public record WindowStats(String instanceId, @Nullable String principalName, String label, Instant connectedSince,
			int listeners, int openChannels, long queuedBytes) {
	}

	/**
	 * Reads a window's statistics; the transport provides the one that knows its windows.
	 */
	@FunctionalInterface
	public interface WindowStatsSource {

		/**
		 * The statistics of a window.
		 * @param window the window
		 * @return its statistics, empty for a window of another transport
		 */
		Optional<WindowStats> stats(WebviewWindow window);

	}

}
