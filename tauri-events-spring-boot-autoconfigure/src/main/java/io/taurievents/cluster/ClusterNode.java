package io.taurievents.cluster;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;
import io.taurievents.event.AppInstance;
import io.taurievents.event.AppInstances;
import io.taurievents.event.EmissionRelay;
import io.taurievents.event.EventSink;
import io.taurievents.event.InstanceDirectory;
import io.taurievents.event.ListenerRegistry;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * One node of a cluster, on top of a {@link ClusterBus}: relays this node's emissions to the other nodes and
 * delivers theirs here, keeps instances known cluster-wide, and makes sure nothing is lost silently.
 * <p>
 * Every message this node publishes carries the node's id (new for every run) and a sequence number from 1. A
 * receiver keeps the highest number it delivered per sender: a message at or below it is a duplicate and dropped; a
 * message above the next one means messages were lost, and every window on the receiving node is told to resync
 * (the resume protocol's signal, reason {@code gap}). Heartbeats carry the sender's latest number, so a loss at the
 * end of a burst is noticed within one heartbeat interval.
 * <p>
 * A filtered emission's predicate cannot cross the wire: the emitting node evaluates it against the labeled targets
 * that every node's listeners of the event name (each node publishes its targets when they change and every
 * {@code 10 s}), and sends the targets it accepted.
 * <p>
 * Lookups ({@code getWebviewWindow}, {@code instances()}, ...) see the windows of every node: each node tells the
 * others when a window takes or gives up its label and when an instance's part ends on it, and all its windows when
 * it hears a node for the first time and every {@code 10 s}, so that a lost update heals. A node that leaves says so;
 * one silent for ten heartbeats is forgotten with its windows. {@code close()} and {@code eval} on another node's
 * window are commands to that node.
 */
public final class ClusterNode implements EmissionRelay, InstanceDirectory, SmartLifecycle {

	/** The resync reason windows get when messages from another node were lost. */
	public static final String GAP = "gap";

	/**
	 * The reason a page gets when no node answered for its session (the node that held it is gone): the resume
	 * protocol's {@code restarted}.
	 */
	public static final String NO_ANSWER = "restarted";

	/** The command that closes a window on its node. */
	static final String CLOSE = "close";

	/** The command that runs a script in a window's page on its node. */
	static final String EVAL = "eval";

	private static final Log logger = LogFactory.getLog(ClusterNode.class);

	private static final Duration TOKEN_TIME_TO_LIVE = Duration.ofMinutes(10);

	private static final long DIRECTORY_REFRESH_MILLIS = 10_000;

	/** Instance records are written again this often, so a restarted Redis knows them again within a minute. */
	private static final long TOKEN_REFRESH_MILLIS = 60_000;

	private final ClusterBus bus;

	private final String nodeId;

	private final ListenerRegistry registry;

	private final AppInstances instances;

	private final AppHandle serverHandle;

	private final JsonMapper json;

	private final long heartbeatMillis;

	private final String prefix;

	private final ScheduledExecutorService timer;

	/** Guards {@link #seq} so that numbers are published in order. */
	private final Object publishLock = new Object();

	private long seq;

	/** Per sender: the highest sequence number delivered. Only the bus's receiving thread touches it. */
	private final Map<String, Long> delivered = new HashMap<>();

	/** Per sender, what its listeners target, by event name. */
	private final Map<String, Map<String, Set<EventTarget>>> remoteTargets = new ConcurrentHashMap<>();

	private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();

	/** Per sender, the app instances it holds windows of (or that are within their grace period there), by id. */
	private final Map<String, Map<String, Held>> remoteWindows = new ConcurrentHashMap<>();

	private volatile long lastWindowsPublish;

	private volatile boolean evalEnabled;

	/** This node's instances and their tokens, refreshed in the shared store while they live. */
	private final Map<AppInstance, String> localInstances = new ConcurrentHashMap<>();

	private volatile Map<String, Set<String>> publishedTargets = Map.of();

	/** When each label of each instance was last taken on this node: only an older window gives way to a newer. */
	private final Map<String, Long> attachedAt = new ConcurrentHashMap<>();

	private volatile long lastDirectoryPublish;

	private long lastTokenRefresh = System.currentTimeMillis();

	private volatile Consumer<String> resync = (reason) -> {
	};

	private volatile Consumer<WebviewWindow> takeover = (window) -> {
	};

	private volatile boolean running;

	private final LongAdder published = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder gaps = new LongAdder();

	private final AtomicLong lagMillis = new AtomicLong();

	/**
	 * Held (shared) from the relay of an emission made here until its delivery here is done, and (exclusive) while a
	 * session moves: so an emission either reached the session before it left, or reaches it on its new node.
	 */
	private final ReentrantReadWriteLock emissions = new ReentrantReadWriteLock();

	private volatile @Nullable SessionHandover handover;

	private final AtomicLong handoverIds = new AtomicLong();

	/** Handovers this node asked for, by request id, with the emissions they may have missed meanwhile. */
	private final Map<String, Incoming> incoming = new ConcurrentHashMap<>();

	/** Sessions handed to this node, by request id: what their old node forwards, and when they arrived. */
	private final Map<String, HandedIn> handedIn = new ConcurrentHashMap<>();

	private final long handoverTimeoutMillis;

	/**
	 * This node's label claims ({@code duplicate-label=reject}), by record key: each value names this node and the
	 * window's attachment, so that a late release never removes a newer claim.
	 */
	private final Map<String, String> claims = new ConcurrentHashMap<>();

	private final AtomicLong claimIds = new AtomicLong();

	/** How long this node's liveness record lives unless written again: its labels' claims free up after it. */
	private final Duration livenessTimeToLive;

	/** The node a session is being handed over from, on the bus's thread while it is installed here. */
	private final ThreadLocal<String> handingFrom = new ThreadLocal<>();

	/**
	 * Creates the node.
	 * @param bus the bus
	 * @param application the application's name: nodes of one application share records and messages
	 * @param registry this node's listeners
	 * @param instances this node's app instances
	 * @param serverHandle the server-wide handle, the app of remote windows whose instance has nothing here
	 * @param heartbeatInterval how often the node tells the others its latest sequence number
	 */
	public ClusterNode(ClusterBus bus, String application, ListenerRegistry registry, AppInstances instances,
			AppHandle serverHandle, Duration heartbeatInterval) {
		Assert.notNull(bus, "bus must not be null");
		this.bus = bus;
		byte[] random = new byte[6];
		new SecureRandom().nextBytes(random);
		this.nodeId = HexFormat.of().formatHex(random);
		this.prefix = "tauri:" + application + ":";
		this.registry = registry;
		this.instances = instances;
		this.serverHandle = serverHandle;
		this.json = registry.jsonMapper();
		this.heartbeatMillis = heartbeatInterval.toMillis();
		this.handoverTimeoutMillis = Math.max(2_000, 3 * this.heartbeatMillis);
		// a page of a crashed node that resumes elsewhere waits this long for an answer: a heartbeat before its end,
		// the label is free (and a live node has missed at least one refresh before its record lapses)
		this.livenessTimeToLive = Duration.ofMillis(this.handoverTimeoutMillis - this.heartbeatMillis);
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "tauri-cluster-node");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * This node's id, new for every run.
	 * @return the id
	 */
	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * The bus.
	 * @return the bus
	 */
	public ClusterBus bus() {
		return this.bus;
	}

	/**
	 * Sets what tells every window on this node to resync (the transport ends their sessions so that their resume
	 * fails with the reason).
	 * @param resync called with the reason
	 */
	public void onResync(Consumer<String> resync) {
		this.resync = resync;
	}

	/**
	 * Sets what closes a window whose label a window of the same instance took on another node.
	 * @param takeover called with the replaced window
	 */
	public void onTakeover(Consumer<WebviewWindow> takeover) {
		this.takeover = takeover;
	}

	/**
	 * Sets whether {@code WebviewWindow.eval} is enabled ({@code tauri.events.eval.enabled}): then it works on
	 * windows of other nodes too, through the node holding the window.
	 * @param evalEnabled whether eval is enabled
	 */
	public void setEvalEnabled(boolean evalEnabled) {
		this.evalEnabled = evalEnabled;
	}

	boolean isEvalEnabled() {
		return this.evalEnabled;
	}

	/**
	 * Sets the transport's side of moving sessions between nodes; without it a page that resumes on another node
	 * gets a fresh session.
	 * @param handover the transport's side
	 */
	public void onHandover(SessionHandover handover) {
		this.handover = handover;
	}

	@Override
	public void start() {
		this.registry.setRelay(this);
		this.instances.setDirectory(this);
		this.bus.onDataLost(this::rewriteTokens);
		this.bus.start(this::receive);
		writeLiveness();
		this.running = true;
		this.timer.scheduleWithFixedDelay(this::tick, this.heartbeatMillis, this.heartbeatMillis,
				TimeUnit.MILLISECONDS);
		publishTargets(true);
		publishWindows();
	}

	@Override
	public void stop() {
		this.running = false;
		this.registry.setRelay(EmissionRelay.NONE);
		this.timer.shutdownNow();
		// the other nodes forget this one's windows and targets at once, not after ten heartbeats
		publish(",\"k\":\"x\"}");
		// the labels this node still claims are free at once, not after the liveness record's time to live
		this.bus.remove(livenessKey(this.nodeId), "1");
		this.bus.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// started before the web server takes windows, stopped after it (their last emissions still leave)
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	// EmissionRelay

	@Override
	public boolean isActive() {
		return this.running;
	}

	@Override
	public void relay(@Nullable AppInstance scope, String event, @Nullable EventTarget target,
			@Nullable Predicate<EventTarget> filter, String payloadJson, @Nullable WebviewWindow source) {
		// released in delivered(), which the registry calls whatever happens
		this.emissions.readLock().lock();
		StringBuilder body = new StringBuilder(payloadJson.length() + 128);
		body.append(",\"k\":\"").append((target != null) ? 'e' : 'f').append('"');
		if (scope != null) {
			field(body, "i", scope.instanceId().orElseThrow());
		}
		field(body, "n", event);
		if (target != null) {
			field(body, "g", encode(target));
		}
		else {
			List<String> accepted = new ArrayList<>();
			for (EventTarget candidate : candidates(event)) {
				if (filter != null && filter.test(candidate)) {
					accepted.add(encode(candidate));
				}
			}
			body.append(",\"a\":").append(this.json.writeValueAsString(accepted));
		}
		if (source != null) {
			field(body, "w", source.label());
			source.principal().ifPresent((principal) -> field(body, "u", principal.getName()));
		}
		body.append(",\"p\":").append(payloadJson).append('}');
		publish(body.toString());
	}

	@Override
	public void delivered() {
		this.emissions.readLock().unlock();
	}

	/**
	 * The labeled targets of an event's listeners on the other nodes, as this node last heard them.
	 * @param event the event name
	 * @return the targets
	 */
	Set<EventTarget> knownTargets(String event) {
		Set<EventTarget> targets = new HashSet<>();
		for (Map<String, Set<EventTarget>> byEvent : this.remoteTargets.values()) {
			targets.addAll(byEvent.getOrDefault(event, Set.of()));
		}
		targets.addAll(this.registry.labeledTargets(event));
		return targets;
	}

	private Set<EventTarget> candidates(String event) {
		Set<EventTarget> candidates = new HashSet<>();
		candidates.add(EventTarget.app());
		candidates.addAll(this.registry.labeledTargets(event));
		for (Map<String, Set<EventTarget>> byEvent : this.remoteTargets.values()) {
			candidates.addAll(byEvent.getOrDefault(event, Set.of()));
		}
		return candidates;
	}

	private void publish(String body) {
		synchronized (this.publishLock) {
			long next = ++this.seq;
			String message = "{\"o\":\"" + this.nodeId + "\",\"s\":" + next + ",\"t\":" + System.currentTimeMillis()
					+ body;
			if (!this.incoming.isEmpty() && (body.startsWith(",\"k\":\"e\"") || body.startsWith(",\"k\":\"f\""))) {
				// this node's own emissions a moving session may miss: it is not here yet, and its old node may
				// not have had them
				this.incoming.values().forEach((handover) -> handover.captured.add(message));
			}
			this.bus.publish(message);
		}
		this.published.increment();
	}

	private void field(StringBuilder body, String name, String value) {
		body.append(",\"").append(name).append("\":").append(this.json.writeValueAsString(value));
	}

	// InstanceDirectory

	@Override
	public String newId(long counter) {
		return this.nodeId + "-" + counter;
	}

	@Override
	public @Nullable Entry find(String token) {
		String value;
		try {
			value = this.bus.get(this.prefix + "token:" + token);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not look up an instance token in the cluster: " + ex);
			return null;
		}
		if (value == null) {
			return null;
		}
		int separator = value.indexOf('\n');
		return (separator < 0) ? new Entry(value, null)
				: new Entry(value.substring(0, separator), value.substring(separator + 1));
	}

	@Override
	public @Nullable Entry findUser(String principalName) {
		return find("user:" + principalName);
	}

	@Override
	public Entry claimUser(Entry proposed) {
		String value = proposed.id() + "\n" + proposed.principalName();
		String current;
		try {
			current = this.bus.putIfAbsent(this.prefix + "token:user:" + proposed.principalName(), value,
					TOKEN_TIME_TO_LIVE);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not claim a user's instance in the cluster: " + ex);
			return proposed;
		}
		if (current == null) {
			// the store is unreachable: this node's instance for now, as for any instance started meanwhile
			return proposed;
		}
		int separator = current.indexOf('\n');
		return (separator < 0) ? proposed
				: new Entry(current.substring(0, separator), current.substring(separator + 1));
	}

	@Override
	public void started(AppInstance instance, String token) {
		this.localInstances.put(instance, token);
		writeToken(instance, token);
	}

	@Override
	public void ended(AppInstance instance) {
		this.localInstances.remove(instance);
		String prefix = instance.instanceId().orElseThrow() + "\n";
		this.attachedAt.keySet().removeIf((key) -> key.startsWith(prefix));
		if (this.running) {
			publish(",\"k\":\"ie\",\"i\":" + this.json.writeValueAsString(instance.instanceId().orElseThrow()) + "}");
		}
	}

	@Override
	public void attached(AppInstance instance, String label) {
		this.attachedAt.put(instance.instanceId().orElseThrow() + "\n" + label, System.currentTimeMillis());
		if (this.running) {
			// other nodes give the label up (a newer window took it) and know the window is here
			StringBuilder body = new StringBuilder(",\"k\":\"a\"");
			field(body, "i", instance.instanceId().orElseThrow());
			field(body, "l", label);
			instance.principalName().ifPresent((name) -> field(body, "u", name));
			publish(body.append('}').toString());
		}
	}

	@Override
	public boolean claim(AppInstance instance, String label) {
		String key = claimKey(instance, label);
		String value = this.nodeId + " " + this.claimIds.incrementAndGet();
		try {
			for (int attempt = 0; attempt < 3; attempt++) {
				String current = this.bus.putIfAbsent(key, value, TOKEN_TIME_TO_LIVE);
				if (current == null || current.equals(value)) {
					// null: the store is unreachable, and the label this node's for now, as for instance records
					this.claims.put(key, value);
					return true;
				}
				if (!releasable(current.substring(0, Math.max(0, current.indexOf(' '))))) {
					return false;
				}
				if (this.bus.replace(key, current, value, TOKEN_TIME_TO_LIVE)) {
					this.claims.put(key, value);
					return true;
				}
				// another node took it meanwhile, or it was released: look again
			}
			return false;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not claim a label in the cluster: " + ex);
			return true;
		}
	}

	/**
	 * Whether a label claimed by a node may be taken: it is this node's (no window holds it here any more), the
	 * node is handing the window over to this one, or the node is dead (its liveness record is gone).
	 */
	private boolean releasable(String owner) {
		return owner.equals(this.nodeId) || owner.equals(this.handingFrom.get())
				|| this.bus.get(livenessKey(owner)) == null;
	}

	@Override
	public void released(AppInstance instance, String label) {
		String key = claimKey(instance, label);
		String value = this.claims.remove(key);
		if (value != null) {
			this.bus.remove(key, value);
		}
		if (this.running) {
			publish(",\"k\":\"r\",\"i\":" + this.json.writeValueAsString(instance.instanceId().orElseThrow())
					+ ",\"l\":" + this.json.writeValueAsString(label) + "}");
		}
	}

	private String claimKey(AppInstance instance, String label) {
		return this.prefix + "label:" + instance.instanceId().orElseThrow() + ":" + label;
	}

	private String livenessKey(String node) {
		return this.prefix + "node:" + node;
	}

	private void writeLiveness() {
		this.bus.put(livenessKey(this.nodeId), "1", this.livenessTimeToLive);
	}

	/** Writes this node's label claims again unless another node took them meanwhile: keeps them alive. */
	private void refreshClaims() {
		this.claims.forEach((key, value) -> this.bus.replace(key, value, value, TOKEN_TIME_TO_LIVE));
	}

	/** Writes every instance record of this node again, soon: the bus's store lost them. */
	private void rewriteTokens() {
		try {
			this.timer.execute(() -> {
				writeLiveness();
				this.localInstances.forEach(this::writeToken);
				this.claims.forEach((key, value) -> this.bus.putIfAbsent(key, value, TOKEN_TIME_TO_LIVE));
			});
		}
		catch (RejectedExecutionException ex) {
			// stopping
		}
	}

	private void writeToken(AppInstance instance, String token) {
		String id = instance.instanceId().orElseThrow();
		String value = instance.principalName().map((name) -> id + "\n" + name).orElse(id);
		this.bus.put(this.prefix + "token:" + token, value, TOKEN_TIME_TO_LIVE);
		if (this.instances.mode() == io.taurievents.event.InstanceMode.PER_USER && instance.principalName().isPresent()) {
			this.bus.put(this.prefix + "token:user:" + instance.principalName().get(), value, TOKEN_TIME_TO_LIVE);
		}
	}

	// receiving

	private void receive(String message) {
		JsonNode node;
		try {
			node = this.json.readTree(message);
		}
		catch (JacksonException ex) {
			logger.warn("Ignoring a malformed cluster message: " + ex.getOriginalMessage());
			return;
		}
		String origin = node.path("o").asString("");
		if (origin.isEmpty() || origin.equals(this.nodeId)) {
			return;
		}
		this.lastHeard.put(origin, System.currentTimeMillis());
		String kind = node.path("k").asString("");
		long s = node.path("s").asLong(0);
		Long last = this.delivered.get(origin);
		if ("h".equals(kind)) {
			if (last == null) {
				this.delivered.put(origin, s);
				publishTargets(true);
				publishWindows();
			}
			else if (s > last) {
				lost(origin, last, s);
				this.delivered.put(origin, s);
			}
			return;
		}
		if (last != null && s <= last) {
			this.duplicates.increment();
			return;
		}
		if (last == null) {
			// a node heard for the first time (it started, or this one did): it learns this node's targets and windows
			publishTargets(true);
			publishWindows();
		}
		else if (s > last + 1) {
			lost(origin, last, s - 1);
		}
		this.delivered.put(origin, s);
		this.received.increment();
		if (!this.incoming.isEmpty() && ("e".equals(kind) || "f".equals(kind))) {
			this.incoming.values().forEach((handover) -> handover.captured.add(node));
		}
		long sentAt = node.path("t").asLong(0);
		if (sentAt > 0) {
			this.lagMillis.set(Math.max(0, System.currentTimeMillis() - sentAt));
		}
		try {
			dispatch(origin, kind, node);
		}
		catch (RuntimeException ex) {
			logger.error("Could not deliver a cluster message of kind '" + kind + "' from node " + origin, ex);
		}
	}

	private void lost(String origin, long last, long upTo) {
		this.gaps.increment();
		logger.warn("Lost " + (upTo - last) + " cluster message(s) from node " + origin
				+ ": telling this node's windows to resync");
		// closing every window takes a while: never on the bus's reading thread, which must go on
		try {
			this.timer.execute(() -> this.resync.accept(GAP));
		}
		catch (RejectedExecutionException ex) {
			// stopping
		}
	}

	private void dispatch(String origin, String kind, JsonNode node) {
		switch (kind) {
			case "e", "f" -> deliver(kind, node, null);
			case "hr" -> export(origin, node);
			case "ho", "hn", "hf" -> {
				if (this.nodeId.equals(node.path("to").asString(""))) {
					handedOver(kind, node);
				}
			}
			case "a" -> {
				String instanceId = node.path("i").asString();
				String label = node.path("l").asString();
				held(origin, instanceId, node.path("u").asString(null)).labels.put(label, node.path("t").asLong());
				takeover(instanceId, label, node.path("t").asLong());
			}
			case "r" -> {
				Held held = this.remoteWindows.getOrDefault(origin, Map.of()).get(node.path("i").asString());
				if (held != null) {
					held.labels.remove(node.path("l").asString());
				}
			}
			case "ie" -> {
				Map<String, Held> byInstance = this.remoteWindows.get(origin);
				if (byInstance != null) {
					byInstance.remove(node.path("i").asString());
				}
			}
			case "w" -> {
				Map<String, Held> byInstance = new ConcurrentHashMap<>();
				node.path("w").properties().forEach((entry) -> {
					Held held = new Held(entry.getValue().path("u").asString(null));
					entry.getValue().path("l").properties()
						.forEach((label) -> held.labels.put(label.getKey(), label.getValue().asLong()));
					byInstance.put(entry.getKey(), held);
				});
				this.remoteWindows.put(origin, byInstance);
			}
			case "wc" -> {
				if (this.nodeId.equals(node.path("to").asString(""))) {
					runCommand(node.path("i").asString(), node.path("l").asString(), node.path("c").asString(),
							node.path("js").asString(null));
				}
			}
			case "x" -> forget(origin);
			case "d" -> {
				Map<String, Set<EventTarget>> byEvent = new HashMap<>();
				node.path("d").properties().forEach((entry) -> {
					Set<EventTarget> targets = new HashSet<>();
					entry.getValue().forEach((target) -> targets.add(decode(target.asString())));
					byEvent.put(entry.getKey(), targets);
				});
				this.remoteTargets.put(origin, byEvent);
			}
			default -> logger.debug("Ignoring cluster message of unknown kind '" + kind + "'");
		}
	}

	private void deliver(String kind, JsonNode node, @Nullable EventSink only) {
		String instanceId = node.path("i").asString(null);
		AppInstance scope = (instanceId != null) ? this.instances.local(instanceId) : null;
		if (scope == null && instanceId != null) {
			// a handle of the instance handed out here: its listeners hear the instance
			scope = this.instances.elsewhere(instanceId);
		}
		boolean foreign = instanceId != null && scope == null;
		String event = node.path("n").asString();
		String payload = node.path("p").toString();
		WebviewWindow source = null;
		String label = node.path("w").asString(null);
		if (label != null) {
			source = new RemoteWebviewWindow(label, (scope != null) ? scope : this.serverHandle,
					node.path("u").asString(null), this, node.path("o").asString(""), instanceId, false);
		}
		EventTarget target = ("e".equals(kind)) ? decode(node.path("g").asString()) : null;
		Set<EventTarget> accepted = null;
		if (target == null) {
			accepted = new HashSet<>();
			for (JsonNode accept : node.path("a")) {
				accepted.add(decode(accept.asString()));
			}
		}
		if (only != null) {
			this.registry.deliverRelayedTo(only, scope, foreign, event, target, accepted, payload, source);
		}
		else {
			this.registry.deliverRelayed(scope, foreign, event, target, accepted, payload, source);
		}
	}

	// windows of other nodes

	/** An instance's part on another node: its principal, and its windows' labels with when each was taken. */
	private static final class Held {

		final @Nullable String principalName;

		final Map<String, Long> labels = new ConcurrentHashMap<>();

		Held(@Nullable String principalName) {
			this.principalName = principalName;
		}

	}

	private Held held(String origin, String instanceId, @Nullable String principalName) {
		return this.remoteWindows.computeIfAbsent(origin, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(instanceId, (key) -> new Held(principalName));
	}

	/** A node that left or went silent: its targets and windows no longer count. */
	private void forget(String origin) {
		this.lastHeard.remove(origin);
		this.remoteTargets.remove(origin);
		this.remoteWindows.remove(origin);
	}

	@Override
	public List<Entry> instancesElsewhere() {
		Map<String, Entry> found = new HashMap<>();
		for (Map<String, Held> byInstance : this.remoteWindows.values()) {
			byInstance.forEach((id, held) -> found.putIfAbsent(id, new Entry(id, held.principalName)));
		}
		return List.copyOf(found.values());
	}

	@Override
	public Map<String, WebviewWindow> windowsElsewhere(String instanceId) {
		Map<String, String> owners = new HashMap<>();
		Map<String, Long> takenAt = new HashMap<>();
		String principalName = null;
		for (Map.Entry<String, Map<String, Held>> node : this.remoteWindows.entrySet()) {
			Held held = node.getValue().get(instanceId);
			if (held == null) {
				continue;
			}
			principalName = held.principalName;
			held.labels.forEach((label, at) -> {
				// of two nodes holding a label for a moment (one window replaced or moved), the newer window
				if (at >= takenAt.getOrDefault(label, Long.MIN_VALUE)) {
					takenAt.put(label, at);
					owners.put(label, node.getKey());
				}
			});
		}
		if (owners.isEmpty()) {
			return Map.of();
		}
		AppHandle app = this.instances.handle(instanceId, principalName);
		Map<String, WebviewWindow> windows = new HashMap<>();
		String principal = principalName;
		owners.forEach((label, owner) -> windows.put(label,
				new RemoteWebviewWindow(label, app, principal, this, owner, instanceId, true)));
		return windows;
	}

	/** Whether a node holds a window, as this node last heard. */
	boolean holds(String owner, String instanceId, String label) {
		Held held = this.remoteWindows.getOrDefault(owner, Map.of()).get(instanceId);
		return held != null && held.labels.containsKey(label);
	}

	/**
	 * Asks the node holding a window to close it or to run a script in its page.
	 * @param owner the node's id
	 * @param instanceId the window's instance
	 * @param label the window's label
	 * @param command {@link #CLOSE} or {@link #EVAL}
	 * @param script the script for {@link #EVAL}
	 */
	void command(String owner, String instanceId, String label, String command, @Nullable String script) {
		if (owner.equals(this.nodeId)) {
			runCommand(instanceId, label, command, script);
			return;
		}
		StringBuilder body = new StringBuilder(",\"k\":\"wc\"");
		field(body, "to", owner);
		field(body, "i", instanceId);
		field(body, "l", label);
		field(body, "c", command);
		if (script != null) {
			field(body, "js", script);
		}
		publish(body.append('}').toString());
	}

	/** On the node holding the window: as if code here called {@code close()} or {@code eval} on it. */
	private void runCommand(String instanceId, String label, String command, @Nullable String script) {
		AppInstance instance = this.instances.local(instanceId);
		WebviewWindow window = (instance != null) ? instance.localWindow(label).orElse(null) : null;
		if (window == null) {
			// it closed or moved meanwhile
			return;
		}
		Runnable run = () -> {
			try {
				if (EVAL.equals(command) && script != null) {
					window.eval(script);
				}
				else if (CLOSE.equals(command)) {
					window.close();
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not " + command + " window '" + label + "' for another node: " + ex);
			}
		};
		try {
			// never on the bus's reading thread, which must go on
			this.timer.execute(run);
		}
		catch (RejectedExecutionException ex) {
			// stopping
		}
	}

	/**
	 * Tells the other nodes which windows this node holds, so that a lost update heals: when a node is heard for the
	 * first time and every {@code 10 s}. Built under the publish lock: an attach or release published after it is
	 * applied after it, one published before it is in it.
	 */
	private void publishWindows() {
		synchronized (this.publishLock) {
			this.lastWindowsPublish = System.currentTimeMillis();
			ObjectNode windows = this.json.createObjectNode();
			for (AppInstance instance : this.localInstances.keySet()) {
				String id = instance.instanceId().orElseThrow();
				ObjectNode held = windows.putObject(id);
				instance.principalName().ifPresent((name) -> held.put("u", name));
				ObjectNode labels = held.putObject("l");
				instance.localWindows().keySet()
					.forEach((label) -> labels.put(label, this.attachedAt.getOrDefault(id + "\n" + label, 0L)));
			}
			publish(",\"k\":\"w\",\"w\":" + windows + "}");
		}
	}

	private void takeover(String instanceId, String label, long takenAt) {
		AppInstance instance = this.instances.local(instanceId);
		Long heldSince = this.attachedAt.get(instanceId + "\n" + label);
		// the window here gives way only when the other node's took the label after it (newest wins everywhere)
		if (instance != null && heldSince != null && heldSince <= takenAt) {
			instance.localWindow(label).ifPresent(this.takeover);
		}
	}

	// moving sessions between nodes

	/**
	 * Asks the cluster for a session this node does not hold, for a page that resumes here. The node holding it
	 * exports it and this node installs it through the receiver, together with the emissions it missed while it
	 * moved; or the receiver learns why not, or that no node answered within three heartbeats (at least 2 s).
	 * @param request the page's resume
	 * @param receiver installs the session here or gives the page a fresh one
	 * @return {@code false} when this node cannot ask (not running, no transport side, no other node heard within
	 * ten heartbeats): nothing was called
	 */
	public boolean requestHandover(SessionHandover.Request request, SessionHandover.Receiver receiver) {
		if (!this.running || this.handover == null || this.lastHeard.isEmpty()) {
			return false;
		}
		String id = this.nodeId + "-" + this.handoverIds.incrementAndGet();
		// capture starts before the request leaves: what is published after it may be missing on the old node
		this.incoming.put(id, new Incoming(receiver));
		ObjectNode message = this.json.createObjectNode();
		message.put("r", id).put("l", request.label()).put("x", request.runTag()).put("h", request.secretHash())
			.put("q", request.seq());
		if (request.token() != null) {
			message.put("tk", request.token());
		}
		if (request.principal() != null) {
			message.put("u", request.principal());
		}
		publish(",\"k\":\"hr\"," + message.toString().substring(1));
		try {
			this.timer.schedule(() -> refuse(id, NO_ANSWER), this.handoverTimeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			refuse(id, NO_ANSWER);
		}
		return true;
	}

	private void refuse(String id, String reason) {
		Incoming handover = this.incoming.remove(id);
		if (handover != null) {
			try {
				this.timer.execute(() -> handover.receiver.refused(reason));
			}
			catch (RejectedExecutionException ex) {
				handover.receiver.refused(reason);
			}
		}
	}

	/** On the node that may hold the session (the bus's receiving thread). */
	private void export(String origin, JsonNode node) {
		SessionHandover handover = this.handover;
		if (handover == null) {
			return;
		}
		String id = node.path("r").asString("");
		SessionHandover.Request request = new SessionHandover.Request(node.path("l").asString(""),
				node.path("tk").asString(null), node.path("u").asString(null), node.path("x").asString(""),
				node.path("h").asString(""), node.path("q").asLong(-1));
		Forwarder forwarder = new Forwarder(origin, id);
		// no emission is between its relay and its delivery here: each one the session had here was relayed
		// before the fence below, each one after it reaches the session on its new node
		this.emissions.writeLock().lock();
		try {
			SessionHandover.Export export = handover.export(request, forwarder);
			if (export == null) {
				return;
			}
			ObjectNode state = export.state();
			if (state == null) {
				publish(",\"k\":\"hn\",\"to\":\"" + origin + "\",\"r\":" + this.json.writeValueAsString(id)
						+ ",\"why\":" + this.json.writeValueAsString(String.valueOf(export.refusal())) + "}");
				return;
			}
			synchronized (this.publishLock) {
				// per node, the last message whose emissions the session had here
				ObjectNode fence = state.putObject("fence");
				this.delivered.forEach(fence::put);
				fence.put(this.nodeId, this.seq);
				publish(",\"k\":\"ho\",\"to\":\"" + origin + "\",\"r\":" + this.json.writeValueAsString(id)
						+ ",\"st\":" + state + "}");
				forwarder.open();
			}
		}
		finally {
			this.emissions.writeLock().unlock();
		}
	}

	/** On the node that asked (the bus's receiving thread). */
	private void handedOver(String kind, JsonNode node) {
		String id = node.path("r").asString("");
		if ("hn".equals(kind)) {
			refuse(id, node.path("why").asString(NO_ANSWER));
			return;
		}
		if ("hf".equals(kind)) {
			HandedIn target = this.handedIn.get(id);
			if (target != null) {
				JsonNode binary = node.get("b");
				target.frames().accept((binary != null)
						? ByteBuffer.wrap(Base64.getDecoder().decode(binary.asString()))
						: node.path("f").asString());
			}
			return;
		}
		this.emissions.writeLock().lock();
		try {
			// under the lock: no emission of this node is between its relay (captured) and its delivery here
			Incoming handover = this.incoming.remove(id);
			if (handover == null) {
				// too late: the page already has a fresh session
				return;
			}
			JsonNode state = node.path("st");
			SessionHandover.Installed installed;
			// the window keeps its label: the claim of the node it leaves is this node's now
			this.handingFrom.set(node.path("o").asString(""));
			try {
				installed = handover.receiver.install(state);
			}
			finally {
				this.handingFrom.remove();
			}
			if (installed == null) {
				return;
			}
			this.handedIn.put(id, new HandedIn(installed.frames(), System.currentTimeMillis()));
			JsonNode fence = state.path("fence");
			for (Object captured : handover.captured) {
				JsonNode message = (captured instanceof String text) ? this.json.readTree(text) : (JsonNode) captured;
				// what the old node had not delivered when it let the session go
				if (message.path("s").asLong() > fence.path(message.path("o").asString("")).asLong(0)) {
					deliver(message.path("k").asString(), message, installed.sink());
				}
			}
		}
		finally {
			this.emissions.writeLock().unlock();
		}
	}

	/** A handover this node asked for: who installs it, and the emissions it may have missed meanwhile. */
	private static final class Incoming {

		final SessionHandover.Receiver receiver;

		/** Messages (JSON text of this node's own, parsed ones of others), in the order this node saw them. */
		final Queue<Object> captured = new ConcurrentLinkedQueue<>();

		Incoming(SessionHandover.Receiver receiver) {
			this.receiver = receiver;
		}

	}

	private record HandedIn(Consumer<Object> frames, long since) {
	}

	/** Sends a moved session's late frames to its new node, after the state (held until the state is out). */
	private final class Forwarder implements Consumer<Object> {

		private final String to;

		private final String id;

		private final List<Object> held = new ArrayList<>();

		private boolean open;

		Forwarder(String to, String id) {
			this.to = to;
			this.id = id;
		}

		@Override
		public void accept(Object frame) {
			synchronized (ClusterNode.this.publishLock) {
				if (this.open) {
					forward(frame);
				}
				else {
					this.held.add(frame);
				}
			}
		}

		/** Caller holds the publish lock, right after publishing the state. */
		void open() {
			this.open = true;
			this.held.forEach(this::forward);
			this.held.clear();
		}

		private void forward(Object frame) {
			String body = (frame instanceof ByteBuffer bytes)
					? "\"b\":\"" + Base64.getEncoder().encodeToString(toArray(bytes)) + "\""
					: "\"f\":" + ClusterNode.this.json.writeValueAsString((String) frame);
			publish(",\"k\":\"hf\",\"to\":\"" + this.to + "\",\"r\":"
					+ ClusterNode.this.json.writeValueAsString(this.id) + "," + body + "}");
		}

		private static byte[] toArray(ByteBuffer buffer) {
			ByteBuffer copy = buffer.duplicate();
			byte[] bytes = new byte[copy.remaining()];
			copy.get(bytes);
			return bytes;
		}

	}

	// timer

	private void tick() {
		try {
			synchronized (this.publishLock) {
				this.bus.publish("{\"o\":\"" + this.nodeId + "\",\"s\":" + this.seq + ",\"t\":"
						+ System.currentTimeMillis() + ",\"k\":\"h\"}");
			}
			writeLiveness();
			publishTargets(false);
			long now = System.currentTimeMillis();
			// a node silent for ten heartbeats is gone: its targets no longer count for filtered emissions
			this.lastHeard.forEach((origin, heard) -> {
				if (now - heard > 10 * this.heartbeatMillis && this.lastHeard.remove(origin, heard)) {
					this.remoteTargets.remove(origin);
					this.remoteWindows.remove(origin);
				}
			});
			if (now - this.lastWindowsPublish >= DIRECTORY_REFRESH_MILLIS) {
				publishWindows();
			}
			Set<String> known = new HashSet<>();
			this.remoteWindows.values().forEach((byInstance) -> known.addAll(byInstance.keySet()));
			this.instances.retainElsewhere(known);
			// a moved session's old node forwards responses of invokes that were running: not for ever
			this.handedIn.values().removeIf((moved) -> now - moved.since() > TOKEN_TIME_TO_LIVE.toMillis());
			if (now - this.lastTokenRefresh >= TOKEN_REFRESH_MILLIS) {
				this.lastTokenRefresh = now;
				this.localInstances.forEach(this::writeToken);
				refreshClaims();
			}
		}
		catch (RuntimeException ex) {
			logger.error("Cluster heartbeat failed", ex);
		}
	}

	private void publishTargets(boolean force) {
		Map<String, Set<String>> current = new HashMap<>();
		for (String event : this.registry.events()) {
			Set<EventTarget> targets = this.registry.labeledTargets(event);
			if (!targets.isEmpty()) {
				Set<String> encoded = new HashSet<>();
				targets.forEach((target) -> encoded.add(encode(target)));
				current.put(event, encoded);
			}
		}
		long now = System.currentTimeMillis();
		if (!force && current.equals(this.publishedTargets) && now - this.lastDirectoryPublish < DIRECTORY_REFRESH_MILLIS) {
			return;
		}
		this.publishedTargets = current;
		this.lastDirectoryPublish = now;
		ObjectNode directory = this.json.createObjectNode();
		current.forEach((event, targets) -> {
			var array = directory.putArray(event);
			targets.forEach(array::add);
		});
		publish(",\"k\":\"d\",\"d\":" + directory + "}");
	}

	// targets on the wire: "Any", "App", "AnyLabel:main", "Window:main", ...

	static String encode(EventTarget target) {
		String kind = target.getClass().getSimpleName();
		String label = target.label();
		return (label != null) ? kind + ":" + label : kind;
	}

	static EventTarget decode(String encoded) {
		int colon = encoded.indexOf(':');
		String kind = (colon < 0) ? encoded : encoded.substring(0, colon);
		String label = (colon < 0) ? "" : encoded.substring(colon + 1);
		return switch (kind) {
			case "Any" -> EventTarget.any();
			case "App" -> EventTarget.app();
			case "AnyLabel" -> EventTarget.labeled(label);
			case "Window" -> EventTarget.window(label);
			case "Webview" -> EventTarget.webview(label);
			case "WebviewWindow" -> EventTarget.webviewWindow(label);
			default -> throw new IllegalArgumentException("Unknown target kind '" + kind + "'");
		};
	}

	// statistics

	/**
	 * Statistics for the meters and the health indicator.
	 * @return a snapshot
	 */
	public Stats stats() {
		return new Stats(this.published.sum(), this.received.sum(), this.duplicates.sum(), this.gaps.sum(),
				this.lagMillis.get(), this.lastHeard.size(), this.bus.status());
	}

	/**
	 * What a node counted since it started.
	 * @param published messages published
	 * @param received messages from other nodes delivered here
	 * @param duplicates messages dropped as duplicates
	 * @param gaps losses detected (each made this node's windows resync)
	 * @param lagMillis the delay of the last message delivered here, from its publication
	 * @param peers other nodes heard within ten heartbeats
	 * @param bus the bus's state
	 */
	public record Stats(long published, long received, long duplicates, long gaps, long lagMillis, int peers,
			ClusterBus.BusStatus bus) {
	}

}
