package io.taurievents.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;
import io.taurievents.acl.AccessControl;
import io.taurievents.acl.EventAction;
import io.taurievents.cluster.SessionHandover;
import io.taurievents.event.AppInstance;
import io.taurievents.event.AppInstances;
import io.taurievents.event.ClientInputLog;
import io.taurievents.event.EventNames;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.ipc.CommandHandler;
import io.taurievents.ipc.Invocation;
import io.taurievents.limits.WindowLimits;
import io.taurievents.stats.TauriEventsStats;
import io.taurievents.stats.TauriEventsStats.DropReason;
import io.taurievents.stats.TauriEventsStats.FrameType;
import io.taurievents.stats.TauriEventsStats.Limit;
import io.taurievents.webview.WebviewWindowCreatedEvent;
import io.taurievents.webview.WebviewWindowDestroyedEvent;
import io.taurievents.webview.WebviewWindowResyncEvent;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The {@code /tauri} endpoint: one connection per window, frames as in {@code docs/protocol.md}. Built-in
 * {@code plugin:event|...} commands run on the connection's thread, in the order the page sent them; every other
 * command goes to the {@link CommandHandler}.
 */
public class TauriWebSocketHandler extends AbstractWebSocketHandler implements DisposableBean {

	/** Session attribute holding the label requested at the handshake. */
	public static final String LABEL_ATTRIBUTE = TauriWebSocketHandler.class.getName() + ".label";

	/** Session attribute holding the protocol version the client asked for at the handshake. */
	public static final String VERSION_ATTRIBUTE = TauriWebSocketHandler.class.getName() + ".version";

	static final CloseStatus REPLACED = new CloseStatus(4000, "replaced by a new connection with the same label");

	static final CloseStatus REJECTED = new CloseStatus(4001, "label already in use");

	/** Events from another node of the cluster were lost: the page resumes and learns it must resync. */
	static final CloseStatus CLUSTER_GAP = new CloseStatus(4011,
			"events from another node were lost: resume to resync");

	static final CloseStatus INVALID_LABEL = new CloseStatus(4002, "invalid label");

	static final CloseStatus OTHER_PRINCIPAL = new CloseStatus(4003,
			"this app instance belongs to another user; reload the page to start a new one");

	static final CloseStatus AUTHENTICATION_REQUIRED = new CloseStatus(4004,
			"sign-in required: windows of this application belong to a signed-in user");

	static final CloseStatus HELLO_EXPECTED = new CloseStatus(CloseStatus.PROTOCOL_ERROR.getCode(),
			"expected a hello frame first (protocol version 2)");

	/** Longest instance token taken from a page; longer ones cannot be ours and start a new instance. */
	private static final int MAX_TOKEN_LENGTH = 64;

	/** Largest hello frame: a type and a token, nothing that needs more. */
	private static final int MAX_HELLO_SIZE = 1024;

	private static final String LISTEN = "plugin:event|listen";

	private static final String UNLISTEN = "plugin:event|unlisten";

	private static final String EMIT = "plugin:event|emit";

	private static final String EMIT_TO = "plugin:event|emit_to";

	private static final Log logger = LogFactory.getLog(TauriWebSocketHandler.class);

	private final ListenerRegistry registry;

	private final AppInstances instances;

	private final JsonMapper jsonMapper;

	private final Frames frames;

	private final ApplicationEventPublisher eventPublisher;

	private final TransportSettings settings;

	/** Every connection's window and queue, by connection id; a resumed session has had several. */
	private final Map<String, Binding> sessions = new ConcurrentHashMap<>();

	/** Resumable sessions, {@code null} when {@code tauri.events.resume.enabled=false}. */
	private final @Nullable ResumeSessions resumeSessions;

	/** Version 2 connections waiting for their {@code hello}, by session id. */
	private final Map<String, PendingWindow> pending = new ConcurrentHashMap<>();

	private final OutboundSupervisor supervisor;

	private final ClientInputLog clientInputLog = new ClientInputLog(logger);

	private volatile CommandHandler commandHandler = CommandHandler.none();

	private volatile WindowLimits limits = WindowLimits.none();

	private volatile AccessControl accessControl = AccessControl.allowAll();

	private volatile TauriEventsStats stats;

	/** Asks the other nodes of a cluster for a session this node does not hold; {@code null} on a single node. */
	private volatile java.util.function.@Nullable BiPredicate<SessionHandover.Request, SessionHandover.Receiver> askCluster;

	/**
	 * Creates the handler.
	 * @param registry the listener registry
	 * @param instances the app instances, which hold the windows by label
	 * @param eventPublisher publishes window lifecycle events
	 * @param settings transport settings
	 */
	public TauriWebSocketHandler(ListenerRegistry registry, AppInstances instances,
			ApplicationEventPublisher eventPublisher, TransportSettings settings) {
		this(registry, instances, eventPublisher, settings, ResumeSettings.defaults());
	}

	/**
	 * Creates the handler.
	 * @param registry the listener registry
	 * @param instances the app instances, which hold the windows by label
	 * @param eventPublisher publishes window lifecycle events
	 * @param settings transport settings
	 * @param resumeSettings session resume settings
	 */
	public TauriWebSocketHandler(ListenerRegistry registry, AppInstances instances,
			ApplicationEventPublisher eventPublisher, TransportSettings settings, ResumeSettings resumeSettings) {
		Assert.notNull(settings, "settings must not be null");
		Assert.notNull(instances, "instances must not be null");
		this.registry = registry;
		this.instances = instances;
		this.jsonMapper = registry.jsonMapper();
		this.frames = new Frames(this.jsonMapper);
		this.eventPublisher = eventPublisher;
		this.settings = settings;
		this.supervisor = new OutboundSupervisor(settings.sendTimeLimitMillis());
		this.stats = new TauriEventsStats(instances, new WindowStatsReader());
		this.resumeSessions = resumeSettings.enabled() ? new ResumeSessions(resumeSettings, this.frames) : null;
		if (this.resumeSessions != null) {
			this.resumeSessions.ender(this::destroy);
		}
	}

	@Override
	public void destroy() {
		this.supervisor.shutdown();
		if (this.resumeSessions != null) {
			this.resumeSessions.shutdown();
		}
	}

	/**
	 * Sets the statistics the transport updates.
	 * @param stats the statistics
	 */
	public void setStats(TauriEventsStats stats) {
		Assert.notNull(stats, "stats must not be null");
		this.stats = stats;
	}

	/**
	 * Sets the handler of application commands.
	 * @param commandHandler the handler
	 */
	public void setCommandHandler(CommandHandler commandHandler) {
		Assert.notNull(commandHandler, "commandHandler must not be null");
		this.commandHandler = commandHandler;
	}

	/**
	 * Sets the limits on what one page sends (name lengths, rates, listener bytes).
	 * @param limits the limits
	 */
	public void setWindowLimits(WindowLimits limits) {
		Assert.notNull(limits, "limits must not be null");
		this.limits = limits;
	}

	/**
	 * Sets what decides which window may invoke which command and act on which event.
	 * @param accessControl the access control
	 */
	public void setAccessControl(AccessControl accessControl) {
		Assert.notNull(accessControl, "accessControl must not be null");
		this.accessControl = accessControl;
	}

	/**
	 * Takes frames in parts, so the container keeps its small default buffers for every connection and frames are
	 * reassembled here, up to {@code max-frame-size}, only while one is arriving. (Raising the container's message
	 * limits instead would make it size every connection's buffers to that limit.)
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		NativeConnection.opened(session, this.settings);
		Object requested = session.getAttributes().get(LABEL_ATTRIBUTE);
		String label = (requested instanceof String text) ? text : "main";
		if (!EventNames.isValid(label)) {
			session.close(INVALID_LABEL.withReason("invalid label '" + label
					+ "': labels may contain only alphanumeric characters, '-', '/', ':' and '_'"));
			return;
		}
		String tooLong = this.limits.checkName("label", label);
		if (tooLong != null) {
			session.close(INVALID_LABEL.withReason(tooLong));
			return;
		}
		if (session.getAttributes().get(VERSION_ATTRIBUTE) instanceof Integer version && version >= 2) {
			// the page names its instance in its first frame, so the token never appears in a URL
			this.pending.put(session.getId(), new PendingWindow(label));
			return;
		}
		open(session, label, null, 1, null, PageFormats.SINGLE);
	}

	private void hello(WebSocketSession session, PendingWindow pendingWindow, TextMessage message) {
		if (pendingWindow.partialFrames.size() + message.getPayload().length() > MAX_HELLO_SIZE) {
			this.pending.remove(session.getId());
			closeQuietly(session, HELLO_EXPECTED);
			return;
		}
		String text = pendingWindow.partialFrames.text(message.getPayload(), message.isLast());
		if (text == null) {
			return;
		}
		this.pending.remove(session.getId());
		JsonNode frame;
		try {
			frame = this.jsonMapper.readTree(text);
		}
		catch (JacksonException ex) {
			frame = null;
		}
		String type = (frame != null) ? frame.path("type").asString(null) : null;
		if (!"hello".equals(type) && !"resume".equals(type)) {
			closeQuietly(session, HELLO_EXPECTED);
			return;
		}
		JsonNode instance = frame.get("instance");
		String token = (instance != null && instance.isString() && instance.asString().length() <= MAX_TOKEN_LENGTH)
				? instance.asString() : null;
		// what the page reads besides single text frames (protocol.md): batches, text frames sent as UTF-8 binary
		PageFormats formats = new PageFormats(frame.path("batch").asBoolean(false), frame.path("utf8").asBoolean(false));
		String failedResume = null;
		if ("resume".equals(type) && this.resumeSessions != null) {
			failedResume = resume(session, pendingWindow.label, token, frame, formats);
			if (failedResume == null) {
				return;
			}
			if (ResumeSessions.RESTARTED.equals(failedResume)
					&& askCluster(session, pendingWindow.label, token, frame, formats)) {
				// another node may hold the session: the page gets its welcome when it moved here, or not
				return;
			}
		}
		open(session, pendingWindow.label, token, Frames.VERSION, failedResume, formats);
	}

	/**
	 * Resumes the session a page names, if it can be.
	 * @return {@code null} when resumed, otherwise why not (the page then gets a fresh session)
	 */
	private @Nullable String resume(WebSocketSession session, String label, @Nullable String token, JsonNode frame,
			PageFormats formats) {
		ResumeSessions resume = Objects.requireNonNull(this.resumeSessions);
		JsonNode secretNode = frame.get("session");
		String secret = (secretNode != null && secretNode.isString()) ? secretNode.asString() : null;
		JsonNode seqNode = frame.get("seq");
		long seq = (seqNode != null && seqNode.canConvertToLong()) ? seqNode.asLong() : -1;
		WindowSession window = resume.find(secret);
		if (window == null) {
			return resume.whyNot(secret);
		}
		if (!window.label().equals(label) || !window.instance().hasToken(token)
				|| !Objects.equals(principalName(window.principal().orElse(null)),
						principalName(session.getPrincipal()))) {
			// not this page's session: leave it alone
			return ResumeSessions.UNKNOWN;
		}
		OutboundQueue queue = newQueue(session, formats);
		Binding binding = new Binding(window, queue);
		queue.onCut((status) -> connectionLost(binding, status));
		this.sessions.put(session.getId(), binding);
		String reason = window.resume(seq, session, queue,
				(received) -> this.frames.welcome(label, Objects.requireNonNull(token), this.settings.channelWindow(),
						resume.issue(window), resume.settings().heartbeatMillis(), true, seq, received, null));
		if (reason == null) {
			return null;
		}
		this.sessions.remove(session.getId(), binding);
		queue.released();
		// the page starts over: the old session's listeners, channels and pending responses go now
		destroy(window, ResumeSessions.SESSION_OVERFLOW, reason);
		return reason;
	}

	/**
	 * Lets pages resume, on this node, sessions that other nodes of a cluster hold.
	 * @param askCluster asks the cluster for a session ({@code ClusterNode#requestHandover}): {@code false} when
	 * it cannot
	 * @return this node's side of the handover, for the cluster to call
	 */
	public SessionHandover handover(
			BiPredicate<SessionHandover.Request, SessionHandover.Receiver> askCluster) {
		Assert.notNull(askCluster, "askCluster must not be null");
		this.askCluster = askCluster;
		return new Handover();
	}

	/**
	 * Asks the cluster for the session of a page whose secret another run issued.
	 * @return whether the cluster was asked (the page's welcome then comes from the answer)
	 */
	private boolean askCluster(WebSocketSession session, String label, @Nullable String token, JsonNode frame,
			PageFormats formats) {
		var ask = this.askCluster;
		JsonNode secretNode = frame.get("session");
		JsonNode seqNode = frame.get("seq");
		if (ask == null || token == null || secretNode == null || !secretNode.isString() || seqNode == null
				|| !seqNode.canConvertToLong()) {
			return false;
		}
		ResumeSessions resume = Objects.requireNonNull(this.resumeSessions);
		String secret = secretNode.asString();
		long seq = seqNode.asLong();
		// the instance first, off the bus's thread: token lookups may ask the bus's store
		AppInstances.Join join = this.instances.join(token, session.getPrincipal());
		AppInstance instance = join.instance();
		if (instance == null || !instance.hasToken(token)) {
			return false;
		}
		SessionHandover.Request request = new SessionHandover.Request(label, token,
				principalName(session.getPrincipal()), resume.runTagOf(secret), ResumeSessions.hash(secret), seq);
		return ask.test(request, new SessionHandover.Receiver() {

			@Override
			public SessionHandover.@Nullable Installed install(JsonNode state) {
				return moveIn(session, label, instance, token, seq, formats, state);
			}

			@Override
			public void refused(String reason) {
				if (session.isOpen()) {
					open(session, label, token, Frames.VERSION, reason, formats);
				}
			}

		});
	}

	/** Installs a session that moved here from another node and resumes its page on this connection. */
	private SessionHandover.@Nullable Installed moveIn(WebSocketSession session, String label, AppInstance instance,
			String token, long seq, PageFormats formats, JsonNode state) {
		ResumeSessions resume = Objects.requireNonNull(this.resumeSessions);
		List<Map.Entry<Long, Object>> frames = new ArrayList<>();
		for (JsonNode frame : state.path("frames")) {
			JsonNode binary = frame.get("b");
			frames.add(Map.entry(frame.path("s").asLong(), (binary != null)
					? ByteBuffer.wrap(Base64.getDecoder().decode(binary.asString()))
					: frame.path("t").asString()));
		}
		OutboundQueue queue = newQueue(session, formats);
		WindowSession window = new WindowSession(label, session, queue, instance, this.registry, this.frames,
				this.settings.evalEnabled(), this.settings.channelWindow(), this.accessControl.grantsFor(label),
				this.stats, resume);
		window.moveIn(new WindowSession.Moved(state.path("lastSeq").asLong(), state.path("invoke").asLong(), frames));
		Binding binding = bind(session, instance, window, queue);
		if (binding == null) {
			return null;
		}
		// announced as created on the node it came from, never destroyed there
		window.beginAnnouncement();
		window.endAnnouncement();
		for (JsonNode listener : state.path("listeners")) {
			String event = listener.path("e").asString();
			window.listened(event);
			window.reserveListener(Integer.MAX_VALUE);
			this.limits.reserveListener(window, event);
			this.registry.restoreWindowListener(window, event,
					this.jsonMapper.treeToValue(listener.path("g"), EventTarget.class), listener.path("i").asLong());
		}
		String reason = window.resume(seq, session, queue,
				(received) -> this.frames.welcome(label, token, this.settings.channelWindow(), resume.issue(window),
						resume.settings().heartbeatMillis(), true, seq, received, null));
		if (reason != null) {
			this.sessions.remove(session.getId(), binding);
			destroy(window, ResumeSessions.SESSION_OVERFLOW, reason);
			return null;
		}
		return new SessionHandover.Installed(window, window::send);
	}

	/** This node's side of moving sessions: the export of the sessions it holds. */
	private final class Handover implements SessionHandover {

		@Override
		public @Nullable Export export(Request request, Consumer<Object> forward) {
			ResumeSessions resume = TauriWebSocketHandler.this.resumeSessions;
			if (resume == null || !resume.runTag().equals(request.runTag())) {
				return null;
			}
			Object found = resume.findByHash(request.secretHash());
			if (!(found instanceof WindowSession window)) {
				return Export.refused((String) found);
			}
			if (!window.label().equals(request.label()) || !window.instance().hasToken(request.token())
					|| !Objects.equals(principalName(window.principal().orElse(null)), request.principal())) {
				// not this page's session: leave it alone
				return Export.refused(ResumeSessions.UNKNOWN);
			}
			if (window.openChannels() > 0) {
				// a channel's producer and its credit stay here: the page ends its channels with an error, as
				// after every failed resume
				destroy(window, ResumeSessions.SESSION_OVERFLOW, ResumeSessions.RESTARTED);
				return Export.refused(ResumeSessions.RESTARTED);
			}
			Set<String> events = Set.copyOf(window.listenedEvents());
			List<ListenerRegistry.WindowListening> listeners = TauriWebSocketHandler.this.registry
				.windowListeners(window, events);
			Object moved = window.moveAway(request.seq(), forward);
			if (!(moved instanceof WindowSession.Moved state)) {
				destroy(window, ResumeSessions.SESSION_OVERFLOW, (String) moved);
				return Export.refused((String) moved);
			}
			TauriWebSocketHandler.this.registry.removeWindow(window, events);
			for (ListenerRegistry.WindowListening listener : listeners) {
				TauriWebSocketHandler.this.limits.listenerRemoved(window, listener.event());
			}
			// forgotten here without a destroyed event: the window lives on, on the other node
			resume.ended(window, null);
			TauriWebSocketHandler.this.instances.detach(window.instance(), window);
			JsonMapper json = TauriWebSocketHandler.this.jsonMapper;
			ObjectNode export = json.createObjectNode();
			export.put("lastSeq", state.lastSeq()).put("invoke", state.highestInvoke());
			var frames = export.putArray("frames");
			for (Map.Entry<Long, Object> frame : state.frames()) {
				var entry = frames.addObject().put("s", frame.getKey());
				if (frame.getValue() instanceof ByteBuffer bytes) {
					ByteBuffer copy = bytes.duplicate();
					byte[] data = new byte[copy.remaining()];
					copy.get(data);
					entry.put("b", Base64.getEncoder().encodeToString(data));
				}
				else {
					entry.put("t", (String) frame.getValue());
				}
			}
			var exported = export.putArray("listeners");
			for (ListenerRegistry.WindowListening listener : listeners) {
				exported.addObject()
					.put("e", listener.event())
					.put("i", listener.id())
					.set("g", json.valueToTree(listener.target()));
			}
			return new Export(export, null);
		}

	}

	private static @Nullable String principalName(java.security.@Nullable Principal principal) {
		return (principal != null) ? principal.getName() : null;
	}

	/**
	 * Binds a new session to its connection and attaches it to its instance under its label: the connection is
	 * closed with 4001 when the label is refused, and a window holding it is replaced otherwise.
	 * @return the binding, or {@code null} when the label was refused
	 */
	private @Nullable Binding bind(WebSocketSession session, AppInstance instance, WindowSession window,
			OutboundQueue queue) {
		String label = window.label();
		Binding binding = new Binding(window, queue);
		queue.onCut((status) -> connectionLost(binding, status));
		window.onEnd((status) -> destroy(window, status, null));
		this.sessions.put(session.getId(), binding);
		AppInstances.Attach attach = this.instances.attach(instance, window, this.settings.replaceDuplicateLabels());
		if (!attach.attached()) {
			this.sessions.remove(session.getId(), binding);
			window.markClosed();
			closeQuietly(session, REJECTED.withReason("label '" + label + "' is already in use by another window"));
			return null;
		}
		if (attach.replaced() instanceof WindowSession previous) {
			destroy(previous, REPLACED, null);
			previous.closeConnection(REPLACED.withReason("replaced by a new connection with label '" + label + "'"));
		}
		return binding;
	}

	private OutboundQueue newQueue(WebSocketSession session, PageFormats formats) {
		return new OutboundQueue(session, NativeConnection.of(session, this.settings), this.settings.sendBufferSize(),
				this.settings.sendTimeLimitMillis(), formats.batch() ? this.settings.batchSize() : 0,
				formats.utf8() && this.settings.binaryText(), this.supervisor);
	}

	private void open(WebSocketSession session, String label, @Nullable String token, int version,
			@Nullable String failedResume, PageFormats formats) {
		AppInstances.Join join = this.instances.join(token, session.getPrincipal());
		AppInstance instance = join.instance();
		if (instance == null) {
			closeQuietly(session, (join.refusal() == AppInstances.Refusal.AUTHENTICATION_REQUIRED)
					? AUTHENTICATION_REQUIRED : OTHER_PRINCIPAL);
			return;
		}
		boolean resumable = version >= 2 && this.resumeSessions != null;
		OutboundQueue queue = newQueue(session, formats);
		WindowSession window = new WindowSession(label, session, queue, instance, this.registry, this.frames,
				this.settings.evalEnabled(), this.settings.channelWindow(), this.accessControl.grantsFor(label),
				this.stats, resumable ? this.resumeSessions : null);
		if (bind(session, instance, window, queue) == null) {
			return;
		}
		if (!window.isOpen()) {
			// closed while joining: it was never announced, so only give its label back
			this.instances.detach(instance, window);
			return;
		}
		if (resumable) {
			ResumeSessions resume = Objects.requireNonNull(this.resumeSessions);
			window.welcome(this.frames.welcome(label, Objects.requireNonNull(join.token()),
					this.settings.channelWindow(), resume.issue(window), resume.settings().heartbeatMillis(), false, 0,
					0, failedResume));
		}
		else {
			window.send(this.frames.welcome(version, label, Objects.requireNonNull(join.token()),
					this.settings.channelWindow()));
		}
		announce(window);
		if (failedResume != null) {
			this.eventPublisher.publishEvent(new WebviewWindowResyncEvent(window, failedResume));
		}
	}

	/**
	 * Tells every window of this server that events may have been lost (a gap on the cluster bus): each session
	 * ends with the reason, so the page's resume fails with it ({@code resumed:false}, the page's
	 * {@code tauri-events://resync}, a {@link WebviewWindowResyncEvent} here) and the page starts over.
	 * @param reason the reason the resume reports
	 */
	public void resyncAll(String reason) {
		Set<WindowSession> windows = new HashSet<>();
		this.sessions.values().forEach((binding) -> windows.add(binding.window()));
		if (this.resumeSessions != null) {
			windows.addAll(this.resumeSessions.all());
		}
		for (WindowSession window : windows) {
			destroy(window, CLUSTER_GAP, reason);
			window.closeConnection(CLUSTER_GAP);
		}
	}

	/**
	 * Closes a window whose label a window of the same instance took on another node of the cluster (close code
	 * 4000, as for a replacement on this node).
	 * @param window the replaced window
	 */
	public void replacedElsewhere(WebviewWindow window) {
		if (window instanceof WindowSession previous) {
			destroy(previous, REPLACED, null);
			previous.closeConnection(REPLACED.withReason("replaced by a new connection with label '"
					+ previous.label() + "' on another node"));
		}
	}

	private void announce(WindowSession window) {
		if (!window.beginAnnouncement()) {
			return;
		}
		window.app().emit("tauri://window-created", Map.of("label", window.label()));
		this.eventPublisher.publishEvent(new WebviewWindowCreatedEvent(window));
		CloseStatus closedMeanwhile = window.endAnnouncement();
		if (closedMeanwhile != null) {
			announceDestroyed(window, closedMeanwhile);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		NativeConnection.closed(session);
		this.stats.closed(status);
		this.pending.remove(session.getId());
		Binding binding = this.sessions.remove(session.getId());
		if (binding != null) {
			connectionLost(binding, status);
		}
	}

	/**
	 * A connection closed or was cut. A session that cannot be resumed ends with it; a resumable one ends only on an
	 * intentional close and otherwise detaches, waiting for its page.
	 */
	private void connectionLost(Binding binding, CloseStatus status) {
		WindowSession window = binding.window();
		if (!window.isResumable()) {
			destroy(window, status, null);
			return;
		}
		if (endsSession(status)) {
			if (window.isCurrent(binding.queue())) {
				destroy(window, status, null);
			}
			return;
		}
		if (window.detach(binding.queue()) && window.hasOverflowed()) {
			destroy(window, ResumeSessions.SESSION_OVERFLOW, ResumeSessions.OVERFLOW);
		}
	}

	/** Closes that end a session at once: the page's or the server's intentional ones. */
	private static boolean endsSession(CloseStatus status) {
		int code = status.getCode();
		return code == CloseStatus.NORMAL.getCode() || code == CloseStatus.GOING_AWAY.getCode()
				|| code == REPLACED.getCode() || code == WindowAuthenticationMonitor.AUTHENTICATION_ENDED.getCode();
	}

	private void destroy(WindowSession window, CloseStatus status, @Nullable String reason) {
		if (!window.markClosed()) {
			return;
		}
		if (window.isResumable()) {
			Objects.requireNonNull(this.resumeSessions).ended(window, reason);
			// a detached session has no connection to close; an attached one is told why
			window.closeConnection(status);
		}
		this.instances.detach(window.instance(), window);
		if (window.retire(status)) {
			announceDestroyed(window, status);
		}
	}

	private void announceDestroyed(WindowSession window, CloseStatus status) {
		String label = window.label();
		window.app().emitFilter("tauri://destroyed", null,
				(target) -> target.equals(EventTarget.window(label)) || target.equals(EventTarget.webviewWindow(label)));
		this.eventPublisher.publishEvent(new WebviewWindowDestroyedEvent(window, status));
	}

	private static void closeQuietly(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException ex) {
			logger.debug("Could not close window connection " + session.getId(), ex);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("Transport error on window connection " + session.getId(), exception);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		Binding binding = this.sessions.get(session.getId());
		if (binding == null) {
			PendingWindow pendingWindow = this.pending.get(session.getId());
			if (pendingWindow != null) {
				hello(session, pendingWindow, message);
			}
			return;
		}
		WindowSession window = binding.window();
		window.received(binding.queue());
		// characters, as documented (getPayloadLength() counts UTF-8 bytes): containers that deliver whole frames
		// (Jetty) and those that deliver parts (Tomcat) then refuse the same frames
		if (tooLarge(window, message.getPayload().length(), message.isLast())) {
			return;
		}
		String text = window.partialFrames().text(message.getPayload(), message.isLast());
		if (text == null) {
			return;
		}
		this.stats.received(FrameType.TEXT);
		JsonNode frame;
		try {
			frame = this.jsonMapper.readTree(text);
		}
		catch (JacksonException ex) {
			protocolError(window, "malformed-frame", "frame is not valid JSON: " + ex.getOriginalMessage());
			return;
		}
		if (frame == null || !frame.isObject()) {
			protocolError(window, "malformed-frame", "frame must be a JSON object");
			return;
		}
		handleFrameSafely(window, frame, null);
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		Binding binding = this.sessions.get(session.getId());
		if (binding == null) {
			if (this.pending.remove(session.getId()) != null) {
				closeQuietly(session, HELLO_EXPECTED);
			}
			return;
		}
		WindowSession window = binding.window();
		window.received(binding.queue());
		if (tooLarge(window, message.getPayloadLength(), message.isLast())) {
			return;
		}
		ByteBuffer buffer = window.partialFrames().binary(message.getPayload(), message.isLast());
		if (buffer == null) {
			return;
		}
		this.stats.received(FrameType.BINARY);
		if (buffer.remaining() < 4) {
			protocolError(window, "malformed-frame", "binary frame shorter than its 4-byte header length");
			return;
		}
		int headerLength = buffer.getInt();
		if (headerLength < 0 || headerLength > buffer.remaining()) {
			protocolError(window, "malformed-frame", "binary frame header length " + headerLength
					+ " exceeds the frame (" + buffer.remaining() + " bytes left)");
			return;
		}
		byte[] header = new byte[headerLength];
		buffer.get(header);
		byte[] body = new byte[buffer.remaining()];
		buffer.get(body);
		JsonNode frame;
		try {
			frame = this.jsonMapper.readTree(new String(header, StandardCharsets.UTF_8));
		}
		catch (JacksonException ex) {
			protocolError(window, "malformed-frame", "binary frame header is not valid JSON: " + ex.getOriginalMessage());
			return;
		}
		if (frame == null || !frame.isObject()) {
			protocolError(window, "malformed-frame", "binary frame header must be a JSON object");
			return;
		}
		handleFrameSafely(window, frame, body);
	}

	/**
	 * Handles a frame; a failure is a server bug, logged as such, and does not close the window (the container
	 * would close it with 1011 if the exception escaped).
	 */
	private void handleFrameSafely(WindowSession window, JsonNode frame, byte @Nullable [] body) {
		try {
			handleFrame(window, frame, body);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to handle a frame from window '" + window.label() + "'", ex);
			window.send(this.frames.error("internal-error", "the server failed to handle this frame"));
		}
	}

	private boolean tooLarge(WindowSession window, int partLength, boolean last) {
		PartialFrames partialFrames = window.partialFrames();
		if (partialFrames.isDiscarding() || partialFrames.size() + partLength <= this.settings.maxFrameSize()) {
			return false;
		}
		partialFrames.refuse(last);
		this.stats.rejected(Limit.FRAME_SIZE);
		window.closeConnection(new CloseStatus(CloseStatus.TOO_BIG_TO_PROCESS.getCode(),
				"frame larger than tauri.events.max-frame-size (" + this.settings.maxFrameSize() + " bytes)"));
		return true;
	}

	private void handleFrame(WindowSession window, JsonNode frame, byte @Nullable [] body) {
		JsonNode type = frame.get("type");
		if (type == null || !type.isString()) {
			protocolError(window, "missing-field", "frame has no string `type`");
			return;
		}
		switch (type.asString()) {
			case "invoke" -> handleInvoke(window, frame, body);
			case "ack" -> handleAck(window, frame);
			case "delivered" -> handleDelivered(window, frame);
			case "heartbeat" -> {
				// receiving it was the point
			}
			default -> protocolError(window, "unknown-frame-type", "unknown frame type `" + type.asString()
					+ "`; expected `invoke`, `ack` or `delivered`");
		}
	}

	private void handleDelivered(WindowSession window, JsonNode frame) {
		JsonNode seq = frame.get("seq");
		if (seq == null || !seq.canConvertToLong()) {
			protocolError(window, "missing-field", "delivered frame needs a numeric `seq`");
			return;
		}
		if (window.isResumable()) {
			window.delivered(seq.asLong());
		}
	}

	private void handleAck(WindowSession window, JsonNode frame) {
		JsonNode channel = frame.get("channel");
		JsonNode next = frame.get("next");
		if (channel == null || !channel.canConvertToLong() || next == null || !next.canConvertToLong()) {
			protocolError(window, "missing-field", "ack frame needs numeric `channel` and `next`");
			return;
		}
		window.ack(channel.asLong(), next.asLong());
	}

	private void handleInvoke(WindowSession window, JsonNode frame, byte @Nullable [] body) {
		JsonNode idNode = frame.get("id");
		if (idNode == null || !idNode.isIntegralNumber() || !idNode.canConvertToLong()) {
			protocolError(window, "missing-field", "invoke frame needs an integer `id`");
			return;
		}
		long id = idNode.asLong();
		if (!window.acceptInvoke(id)) {
			// a resumed page sent again an invoke that already arrived: it runs once, its response is replayed
			return;
		}
		JsonNode cmdNode = frame.get("cmd");
		if (cmdNode == null || !cmdNode.isString()) {
			window.respond(id, false, Frames.quote("invoke frame needs a string `cmd`"));
			return;
		}
		String cmd = cmdNode.asString();
		String refusal = this.limits.checkInvoke(window, cmd);
		if (refusal != null) {
			window.respond(id, false, Frames.quote(refusal));
			return;
		}
		JsonNode args = frame.get("args");
		if (body == null) {
			if (args == null || args.isNull()) {
				args = this.jsonMapper.createObjectNode();
			}
			else if (!args.isObject()) {
				window.respond(id, false,
						Frames.quote("invalid args for command " + cmd + ": expected a JSON object, got " + args.getNodeType()));
				return;
			}
		}
		else {
			args = null;
		}
		Map<String, String> headers = headers(frame.get("headers"));
		if (headers == null) {
			window.respond(id, false, Frames.quote("invalid headers for command " + cmd
					+ ": expected an object whose values are strings (InvokeOptions.headers)"));
			return;
		}
		Invocation invocation = new Invocation(id, cmd, window, args, body, headers, this.jsonMapper,
				new Invocation.Responder() {
					@Override
					public void respond(long requestId, boolean ok, String json) {
						window.respond(requestId, ok, json);
					}

					@Override
					public void respondBytes(long requestId, byte[] bytes) {
						window.respondBytes(requestId, bytes);
					}
				});
		try {
			switch (cmd) {
				case LISTEN -> listen(window, invocation);
				case UNLISTEN -> unlisten(window, invocation);
				case EMIT -> emit(window, invocation, false);
				case EMIT_TO -> emit(window, invocation, true);
				default -> {
					// capabilities and access rules first: a denied command's arguments are never bound
					String denial = this.accessControl.checkCommand(window, window.grants(), cmd);
					if (denial != null) {
						throw new RejectedInvokeException(denial);
					}
					this.commandHandler.handle(invocation);
				}
			}
		}
		catch (RejectedInvokeException ex) {
			invocation.reject(ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Command " + cmd + " from window '" + window.label() + "' failed", ex);
			invocation.reject("command " + cmd + " failed");
		}
	}

	/**
	 * Reads {@code InvokeOptions.headers}: a flat map of strings (numbers and booleans are taken as their text).
	 * @return the headers, or {@code null} when they are not such a map
	 */
	private static @Nullable Map<String, String> headers(@Nullable JsonNode node) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (node == null || node.isNull()) {
			return headers;
		}
		if (!node.isObject()) {
			return null;
		}
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			JsonNode value = entry.getValue();
			if (!value.isValueNode() || value.isNull()) {
				return null;
			}
			headers.put(entry.getKey(), value.asString());
		}
		return headers;
	}

	private void listen(WindowSession window, Invocation invocation) {
		authorize(window, EventAction.LISTEN);
		String event = eventName(invocation, "listen");
		EventTarget target = target(invocation, "listen");
		authorize(window, EventAction.LISTEN, event, target);
		String tooMany = this.limits.reserveListener(window, event);
		if (tooMany != null) {
			invocation.reject(tooMany);
			return;
		}
		if (!window.reserveListener(this.settings.maxListenersPerWindow())) {
			this.limits.listenerRemoved(window, event);
			invocation.reject(this.limits.tooManyListeners(window, this.settings.maxListenersPerWindow()));
			return;
		}
		window.listened(event);
		long id = this.registry.listenWindow(window, event, target);
		if (!window.isOpen()) {
			// closed while registering: make sure nothing stays behind
			this.registry.unlistenWindow(window, event, id);
		}
		invocation.resolveJson(Long.toString(id));
	}

	private void unlisten(WindowSession window, Invocation invocation) {
		authorize(window, EventAction.UNLISTEN);
		String event = eventName(invocation, "unlisten");
		authorize(window, EventAction.UNLISTEN, event, null);
		JsonNode eventId = arg(invocation, "eventId", "unlisten");
		if (!eventId.canConvertToLong()) {
			throw new InvalidArgumentException("eventId", "unlisten", "invalid type: " + eventId.getNodeType()
					+ ", expected an integer listener id");
		}
		// only the page's own listeners: another page's ids are ignored like unknown ones
		if (this.registry.unlistenWindow(window, event, eventId.asLong())) {
			window.unlistened(event, this.registry.hasWindowListener(window, event));
			this.limits.listenerRemoved(window, event);
		}
		invocation.resolveJson("null");
	}

	private void emit(WindowSession window, Invocation invocation, boolean targeted) {
		String command = targeted ? "emit_to" : "emit";
		EventAction action = targeted ? EventAction.EMIT_TO : EventAction.EMIT;
		authorize(window, action);
		String event = eventName(invocation, command);
		EventTarget target = targeted ? target(invocation, command) : EventTarget.any();
		authorize(window, action, event, targeted ? target : null);
		JsonNode payload = (invocation.args() != null) ? invocation.args().get("payload") : null;
		this.registry.emit(window.instance(), event, target, (payload != null) ? payload.toString() : "null", window);
		invocation.resolveJson("null");
	}

	private void authorize(WindowSession window, EventAction action) {
		String denial = window.grants().actionDenial(action);
		if (denial != null) {
			throw new RejectedInvokeException(denial);
		}
	}

	private void authorize(WindowSession window, EventAction action, String event, @Nullable EventTarget target) {
		String denial = this.accessControl.checkEvent(window, window.grants(), action, event, target);
		if (denial != null) {
			throw new RejectedInvokeException(denial);
		}
	}

	private String eventName(Invocation invocation, String command) {
		JsonNode node = arg(invocation, "event", command);
		if (!node.isString()) {
			throw new InvalidArgumentException("event", command,
					"invalid type: " + node.getNodeType() + ", expected a string");
		}
		String event = node.asString();
		String tooLong = this.limits.checkName("event name", event);
		if (tooLong != null) {
			throw new InvalidArgumentException("event", command, tooLong);
		}
		if (!EventNames.isValid(event)) {
			throw new InvalidArgumentException("event", command, EventNames.RULE);
		}
		return event;
	}

	private EventTarget target(Invocation invocation, String command) {
		JsonNode node = arg(invocation, "target", command);
		if (node.isString()) {
			return EventTarget.labeled(node.asString());
		}
		if (!node.isObject()) {
			throw new InvalidArgumentException("target", command,
					"invalid type: " + node.getNodeType() + ", expected an object with a `kind` or a label string");
		}
		if (node.get("kind") == null) {
			throw new InvalidArgumentException("target", command, "missing field `kind`");
		}
		try {
			return this.jsonMapper.treeToValue(node, EventTarget.class);
		}
		catch (InvalidTypeIdException ex) {
			throw new InvalidArgumentException("target", command, "unknown variant `" + ex.getTypeId()
					+ "`, expected one of `Any`, `AnyLabel`, `App`, `Window`, `Webview`, `WebviewWindow`");
		}
		catch (JacksonException ex) {
			throw new InvalidArgumentException("target", command, "missing or invalid field `label`");
		}
	}

	private JsonNode arg(Invocation invocation, String key, String command) {
		JsonNode args = invocation.args();
		if (args == null) {
			throw new InvalidArgumentException(key, command, "command " + command + " expected a value for key "
					+ key + " but the IPC call used a bytes payload");
		}
		JsonNode value = args.get(key);
		if (value == null || value.isNull()) {
			throw new InvalidArgumentException(key, command, "command " + command + " missing required key " + key);
		}
		return value;
	}

	private void protocolError(WindowSession window, String code, String text) {
		// messages quote what the page sent, which may be as long as a frame
		String message = (text.length() > 300) ? text.substring(0, 300) + "…" : text;
		this.clientInputLog.warn(window, () -> "Protocol error from window '" + window.label() + "': " + message);
		this.stats.dropped(DropReason.MALFORMED);
		window.send(this.frames.error(code, message));
	}

	/** A connection's window and outgoing queue. */
	private record Binding(WindowSession window, OutboundQueue queue) {
	}

	/** A version 2 connection before its {@code hello}: its label, and the hello's parts as they arrive. */
	private static final class PendingWindow {

		final String label;

		final PartialFrames partialFrames = new PartialFrames();

		PendingWindow(String label) {
			this.label = label;
		}

	}

	/** An invoke rejected with the exception's message as the page's error value. */
	static class RejectedInvokeException extends RuntimeException {

		RejectedInvokeException(String rejection) {
			super(rejection);
		}

	}

	/** A bad argument of a built-in command, worded as Tauri's rejection. */
	static final class InvalidArgumentException extends RejectedInvokeException {

		InvalidArgumentException(String key, String command, String detail) {
			super("invalid args `" + key + "` for command `" + command + "`: " + detail);
		}

	}

}
