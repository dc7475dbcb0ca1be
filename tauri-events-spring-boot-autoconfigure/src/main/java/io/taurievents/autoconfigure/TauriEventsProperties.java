package io.taurievents.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.taurievents.event.InstanceMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of tauri-events.
 */
@ConfigurationProperties("tauri.events")
public class TauriEventsProperties {

	/**
	 * Whether to enable the tauri-events endpoint and beans.
	 */
	private boolean enabled = true;

	/**
	 * Path of the WebSocket endpoint windows connect to.
	 */
	private String path = "/tauri";

	/**
	 * Comma-separated list of origins allowed to connect, besides the server's own origin. '*' allows any
	 * origin.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Host names the handshake's Host header may carry besides loopback names ('*' allows any, '*.example.com'
	 * a domain). Empty: any host for connections from other machines, loopback names only for connections that
	 * arrive on the loopback interface, which refuses DNS rebinding against an app on localhost.
	 */
	private List<String> allowedHosts = new ArrayList<>();

	/**
	 * What happens when a window connects with a label that is already connected.
	 */
	private DuplicateLabel duplicateLabel = DuplicateLabel.REPLACE;

	/**
	 * Largest frame accepted from a window, in bytes for binary frames and characters for text frames. Larger
	 * frames close the connection with code 1009.
	 */
	private DataSize maxFrameSize = DataSize.ofMegabytes(1);

	/**
	 * Bytes queued for one window. Emitters never wait for a window: one whose buffer is full is disconnected
	 * with code 4008 (its page reconnects), so size it for the largest burst one window must absorb.
	 */
	private DataSize sendBufferSize = DataSize.ofMegabytes(1);

	/**
	 * How long a window may read nothing (one frame may take to write) before it is disconnected with code 4008;
	 * also how long a channel's send waits for room in its window's send buffer.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * Largest batch sent to a page as one WebSocket frame. When several frames wait in a window's send buffer, the
	 * ones that fit are written together (a page splits them again); a frame that finds the connection idle goes out
	 * alone at once, so batching never delays anything. Counted like the send buffer (characters of text); 0 sends
	 * every frame alone. Only pages that announce batching get batches. The default matches Tomcat's 8 KB WebSocket
	 * output buffer: a larger text frame is written in 8 KB parts anyway, so larger batches save no write.
	 */
	private DataSize batchSize = DataSize.ofKilobytes(8);

	/**
	 * Whether pages that read them (the bundled client announces it) get their text frames as UTF-8 in binary
	 * WebSocket frames. The JSON of an emission is then encoded once, however many windows it reaches, instead of
	 * once per window by the container, and a large frame is written in one piece. Turn off to read the frames as
	 * text in the browser's developer tools.
	 */
	private boolean binaryText = true;

	/**
	 * Most listeners one page may register; further listen calls are rejected, so a page cannot grow the
	 * server's memory without bound.
	 */
	private int maxListenersPerWindow = 10_000;

	private final Instances instances = new Instances();

	private final Eval eval = new Eval();

	private final Channel channel = new Channel();

	private final Command command = new Command();

	private final Limits limits = new Limits();

	private final Resume resume = new Resume();

	private final Cluster cluster = new Cluster();

	private final Capabilities capabilities = new Capabilities();

	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public List<String> getAllowedHosts() {
		return this.allowedHosts;
	}

	public void setAllowedHosts(List<String> allowedHosts) {
		this.allowedHosts = allowedHosts;
	}

	public Capabilities getCapabilities() {
		return this.capabilities;
	}

	public DuplicateLabel getDuplicateLabel() {
		return this.duplicateLabel;
	}

	public void setDuplicateLabel(DuplicateLabel duplicateLabel) {
		this.duplicateLabel = duplicateLabel;
	}

	public DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(DataSize maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	public DataSize getSendBufferSize() {
		return this.sendBufferSize;
	}

	public void setSendBufferSize(DataSize sendBufferSize) {
		this.sendBufferSize = sendBufferSize;
	}

	public DataSize getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(DataSize batchSize) {
		this.batchSize = batchSize;
	}

	public boolean isBinaryText() {
		return this.binaryText;
	}

	public void setBinaryText(boolean binaryText) {
		this.binaryText = binaryText;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public int getMaxListenersPerWindow() {
		return this.maxListenersPerWindow;
	}

	public void setMaxListenersPerWindow(int maxListenersPerWindow) {
		this.maxListenersPerWindow = maxListenersPerWindow;
	}

	public Instances getInstances() {
		return this.instances;
	}

	public Eval getEval() {
		return this.eval;
	}

	public Channel getChannel() {
		return this.channel;
	}

	public Command getCommand() {
		return this.command;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Resume getResume() {
		return this.resume;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	/**
	 * What to do with a second connection for a label.
	 */
	public enum DuplicateLabel {

		/**
		 * Close the old connection (code 4000) and keep the new one, so a page reload just works.
		 */
		REPLACE,

		/**
		 * Keep the old connection and close the new one (code 4001).
		 */
		REJECT

	}

	/**
	 * Capabilities: which windows may invoke which commands and listen to or emit which events.
	 */
	public static class Capabilities {

		/**
		 * Where Tauri capability files (JSON, Tauri's format) are read from.
		 */
		private List<String> locations = new ArrayList<>(List.of("classpath*:tauri/capabilities/*.json"));

		/**
		 * Capabilities defined in the configuration, by identifier, besides those of the files.
		 */
		private Map<String, Definition> definitions = new LinkedHashMap<>();

		/**
		 * Whether windows may do nothing when no capability is defined at all. By default they may then do
		 * everything, as in Tauri without an app manifest; once any capability exists, a window may do only what
		 * its capabilities allow.
		 */
		private boolean denyByDefault;

		public List<String> getLocations() {
			return this.locations;
		}

		public void setLocations(List<String> locations) {
			this.locations = locations;
		}

		public Map<String, Definition> getDefinitions() {
			return this.definitions;
		}

		public void setDefinitions(Map<String, Definition> definitions) {
			this.definitions = definitions;
		}

		public boolean isDenyByDefault() {
			return this.denyByDefault;
		}

		public void setDenyByDefault(boolean denyByDefault) {
			this.denyByDefault = denyByDefault;
		}

		/**
		 * One capability, as in a Tauri capability file.
		 */
		public static class Definition {

			/**
			 * What the capability is for.
			 */
			private @Nullable String description;

			/**
			 * Label globs of the windows the capability applies to ('*' for every window).
			 */
			private List<String> windows = new ArrayList<>();

			/**
			 * Tauri permission identifiers: 'core:event:default', 'core:event:allow-listen', 'allow-<command>',
			 * 'deny-<command>', ...
			 */
			private List<String> permissions = new ArrayList<>();

			/**
			 * Event-name globs each event action is allowed for, by action ('listen', 'unlisten', 'emit',
			 * 'emit-to'): finer than Tauri, which can only allow or deny an action for every event.
			 */
			private Map<String, List<String>> allowedEvents = new LinkedHashMap<>();

			/**
			 * Event-name globs each event action is denied for, by action; deny wins.
			 */
			private Map<String, List<String>> deniedEvents = new LinkedHashMap<>();

			public @Nullable String getDescription() {
				return this.description;
			}

			public void setDescription(@Nullable String description) {
				this.description = description;
			}

			public List<String> getWindows() {
				return this.windows;
			}

			public void setWindows(List<String> windows) {
				this.windows = windows;
			}

			public List<String> getPermissions() {
				return this.permissions;
			}

			public void setPermissions(List<String> permissions) {
				this.permissions = permissions;
			}

			public Map<String, List<String>> getAllowedEvents() {
				return this.allowedEvents;
			}

			public void setAllowedEvents(Map<String, List<String>> allowedEvents) {
				this.allowedEvents = allowedEvents;
			}

			public Map<String, List<String>> getDeniedEvents() {
				return this.deniedEvents;
			}

			public void setDeniedEvents(Map<String, List<String>> deniedEvents) {
				this.deniedEvents = deniedEvents;
			}

		}

	}

	/**
	 * App instance settings: how windows are grouped into isolated Tauri apps.
	 */
	public static class Instances {

		/**
		 * How window connections are grouped into app instances, each with its own label namespace and isolated
		 * from the others: 'per-tab' (a browser tab and the windows it opens), 'per-user' (every window of one
		 * authenticated principal; anonymous connections refused) or 'single' (one instance for the server).
		 */
		private InstanceMode mode = InstanceMode.PER_TAB;

		/**
		 * How long an app instance outlives its last window, so that a reload or a reconnect rejoins it.
		 */
		private Duration gracePeriod = Duration.ofSeconds(30);

		public InstanceMode getMode() {
			return this.mode;
		}

		public void setMode(InstanceMode mode) {
			this.mode = mode;
		}

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

	/**
	 * {@code WebviewWindow.eval} settings.
	 */
	public static class Eval {

		/**
		 * Whether WebviewWindow.eval may run JavaScript in pages. Enable it only when every script is your own.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * {@code Channel} settings.
	 */
	public static class Channel {

		/**
		 * Messages one channel may have in flight before send waits for the page to acknowledge them.
		 */
		private int window = 64;

		/**
		 * How long Channel.send waits for the page to acknowledge messages in flight before it throws a
		 * ChannelTimeoutException.
		 */
		private Duration sendTimeout = Duration.ofSeconds(10);

		public int getWindow() {
			return this.window;
		}

		public void setWindow(int window) {
			this.window = window;
		}

		public Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

	}

	/**
	 * Micrometer Observation settings ({@code tauri.invoke} observations are on whenever an ObservationRegistry
	 * exists).
	 */
	public static class Observations {

		/**
		 * Whether to observe every emission as a 'tauri.emit' observation (timer and span, tagged by target kind).
		 * Emissions are counted in any case.
		 */
		private boolean emit;

		public boolean isEmit() {
			return this.emit;
		}

		public void setEmit(boolean emit) {
			this.emit = emit;
		}

	}

	/**
	 * {@code @TauriCommand} settings.
	 */
	public static class Command {

		/**
		 * Invokes of one window that may run at once; an invoke counts until its promise settles.
		 */
		private int maxConcurrentPerWindow = 16;

		/**
		 * Invokes of one window that may wait for a free slot; beyond that, invokes reject at once.
		 */
		private int maxQueuedPerWindow = 256;

		/**
		 * Invokes of all windows of one client (its principal, or its remote address when anonymous) that may run at
		 * once, so opening more windows does not multiply a client's share; further invokes wait in their window's
		 * queue.
		 */
		private int maxConcurrentPerClient = 32;

		/**
		 * Most command methods running at once in all windows: the size of the dedicated command thread pool, or the
		 * most virtual threads running commands when spring.threads.virtual.enabled is true. Commands never run on
		 * the application's task executor.
		 */
		private int maxThreads = 64;

		/**
		 * How long an invoke may take once its command started before it is rejected, its slot freed and its
		 * future cancelled (a method still running is interrupted). Zero or negative for no limit.
		 */
		private Duration timeout = Duration.ofSeconds(60);

		public int getMaxConcurrentPerWindow() {
			return this.maxConcurrentPerWindow;
		}

		public void setMaxConcurrentPerWindow(int maxConcurrentPerWindow) {
			this.maxConcurrentPerWindow = maxConcurrentPerWindow;
		}

		public int getMaxQueuedPerWindow() {
			return this.maxQueuedPerWindow;
		}

		public void setMaxQueuedPerWindow(int maxQueuedPerWindow) {
			this.maxQueuedPerWindow = maxQueuedPerWindow;
		}

		public int getMaxConcurrentPerClient() {
			return this.maxConcurrentPerClient;
		}

		public void setMaxConcurrentPerClient(int maxConcurrentPerClient) {
			this.maxConcurrentPerClient = maxConcurrentPerClient;
		}

		public int getMaxThreads() {
			return this.maxThreads;
		}

		public void setMaxThreads(int maxThreads) {
			this.maxThreads = maxThreads;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Limits that keep one page or client from exhausting the server.
	 */
	public static class Limits {

		/**
		 * Longest event name, window label or command name accepted from a page, in characters.
		 */
		private int maxNameLength = 256;

		/**
		 * Most bytes (UTF-8) of event names one page's listeners may hold; further listen calls are rejected.
		 */
		private DataSize maxListenerBytesPerWindow = DataSize.ofMegabytes(1);

		/**
		 * Most open windows in total; further handshakes get HTTP 429. Zero or negative for no limit.
		 */
		private int maxConnections = 10_000;

		/**
		 * Most open windows of one authenticated principal; further handshakes get HTTP 429. Zero or negative for
		 * no limit.
		 */
		private int maxConnectionsPerPrincipal = 100;

		/**
		 * Most open anonymous windows from one remote address; further handshakes get HTTP 429. Zero or negative for
		 * no limit.
		 */
		private int maxConnectionsPerAddress = 1000;

		/**
		 * Page emits (emit and emitTo) one window may send per second, with a burst of as many; further emits are
		 * rejected. Zero or negative for no limit.
		 */
		private int emitsPerSecond = 2000;

		/**
		 * Invokes other than emits (commands, listen, unlisten) one window may send per second, with a burst of as
		 * many; further invokes are rejected. Zero or negative for no limit.
		 */
		private int invokesPerSecond = 1000;

		public int getMaxNameLength() {
			return this.maxNameLength;
		}

		public void setMaxNameLength(int maxNameLength) {
			this.maxNameLength = maxNameLength;
		}

		public DataSize getMaxListenerBytesPerWindow() {
			return this.maxListenerBytesPerWindow;
		}

		public void setMaxListenerBytesPerWindow(DataSize maxListenerBytesPerWindow) {
			this.maxListenerBytesPerWindow = maxListenerBytesPerWindow;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxConnectionsPerPrincipal() {
			return this.maxConnectionsPerPrincipal;
		}

		public void setMaxConnectionsPerPrincipal(int maxConnectionsPerPrincipal) {
			this.maxConnectionsPerPrincipal = maxConnectionsPerPrincipal;
		}

		public int getMaxConnectionsPerAddress() {
			return this.maxConnectionsPerAddress;
		}

		public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
			this.maxConnectionsPerAddress = maxConnectionsPerAddress;
		}

		public int getEmitsPerSecond() {
			return this.emitsPerSecond;
		}

		public void setEmitsPerSecond(int emitsPerSecond) {
			this.emitsPerSecond = emitsPerSecond;
		}

		public int getInvokesPerSecond() {
			return this.invokesPerSecond;
		}

		public void setInvokesPerSecond(int invokesPerSecond) {
			this.invokesPerSecond = invokesPerSecond;
		}

	}

	/**
	 * Session resume: a window's session outlives a lost connection, and its page picks it up where it left off.
	 */
	public static class Resume {

		/**
		 * Whether protocol version 2 sessions outlive their connection, with sequence numbers, replay and
		 * heartbeats.
		 */
		private boolean enabled = true;

		/**
		 * How long a detached session waits for its page to resume it (at most 5 minutes); its instance lives at
		 * least as long.
		 */
		private Duration window = Duration.ofSeconds(30);

		/**
		 * Heartbeat interval: the server sends a heartbeat after this long without other frames, and treats a
		 * connection that sent nothing for three intervals as dead.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(5);

		/**
		 * Bytes of frames a session keeps until its page acknowledges them; a session that falls further behind
		 * can no longer be resumed.
		 */
		private DataSize bufferSize = DataSize.ofMegabytes(1);

		/**
		 * Bytes of unacknowledged frames all sessions together keep; beyond it the oldest detached sessions end
		 * first.
		 */
		private DataSize maxTotal = DataSize.ofMegabytes(64);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public DataSize getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(DataSize bufferSize) {
			this.bufferSize = bufferSize;
		}

		public DataSize getMaxTotal() {
			return this.maxTotal;
		}

		public void setMaxTotal(DataSize maxTotal) {
			this.maxTotal = maxTotal;
		}

	}

	/**
	 * Running the application on several nodes: emissions, instances and labels shared through a cluster bus.
	 */
	public static class Cluster {

		/**
		 * Whether to share events across nodes through the cluster bus (Redis, when a RedisConnectionFactory is
		 * present).
		 */
		private boolean enabled;

		/**
		 * Bus implementation to use; setting it also enables the cluster.
		 */
		private @Nullable BusType type;

		/**
		 * Name shared by the nodes of one application: the prefix of their Redis keys. Defaults to
		 * spring.application.name, else "tauri-events".
		 */
		private @Nullable String name;

		/**
		 * How often a node tells the others the latest message it sent, so a loss at the end of a burst is noticed
		 * within this interval.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(1);

		private final Redis redis = new Redis();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable BusType getType() {
			return this.type;
		}

		public void setType(@Nullable BusType type) {
			this.type = type;
		}

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public Redis getRedis() {
			return this.redis;
		}

		/** Cluster bus implementations. */
		public enum BusType {

			/** One Redis stream through Spring Data Redis. */
			REDIS

		}

		/**
		 * The Redis stream bus.
		 */
		public static class Redis {

			/**
			 * Entries the stream keeps (approximate trimming): a node that falls further behind loses messages and
			 * its windows resync.
			 */
			private long maxLength = 10_000;

			/**
			 * Messages a node keeps while Redis is unavailable; beyond it the oldest are dropped and the other nodes'
			 * windows resync.
			 */
			private int maxBacklog = 10_000;

			/**
			 * How long one read of the stream waits for new entries (XREAD BLOCK).
			 */
			private Duration block = Duration.ofSeconds(1);

			public long getMaxLength() {
				return this.maxLength;
			}

			public void setMaxLength(long maxLength) {
				this.maxLength = maxLength;
			}

			public int getMaxBacklog() {
				return this.maxBacklog;
			}

			public void setMaxBacklog(int maxBacklog) {
				this.maxBacklog = maxBacklog;
			}

			public Duration getBlock() {
				return this.block;
			}

			public void setBlock(Duration block) {
				this.block = block;
			}

		}

	}

}
