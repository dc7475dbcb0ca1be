package io.taurievents.event;

import java.security.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.taurievents.AppHandle;
import io.taurievents.WebviewWindow;
import io.taurievents.webview.AppInstanceEndedEvent;
import io.taurievents.webview.AppInstanceStartedEvent;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

/**
 * The live app instances: which instance a new connection joins ({@link InstanceMode}), the windows of each by
 * label, and the end of an instance once its last window has been gone for the grace period.
 * <p>
 * Joining an existing instance in {@link InstanceMode#PER_TAB} mode takes the instance's token: an unguessable
 * secret (144 bits from {@link SecureRandom}) that the server issued in the welcome of the instance's first
 * window. An instance is bound to the principal of the handshake that started it.
 */
public final class AppInstances implements DisposableBean {

	private static final Log logger = LogFactory.getLog(AppInstances.class);

	private static final Base64.Encoder TOKEN_ENCODING = Base64.getUrlEncoder().withoutPadding();

	private final ListenerRegistry registry;

	private final InstanceMode mode;

	private final long gracePeriodMillis;

	private final ApplicationEventPublisher eventPublisher;

	private final Map<String, AppInstance> byId = new ConcurrentHashMap<>();

	private final Map<String, AppInstance> byToken = new ConcurrentHashMap<>();

	/**
	 * Handles of instances that have nothing on this node but live on other nodes of the cluster, by id: what
	 * lookups return for them. One stays the same object while the instance lives (its listeners are scoped to it)
	 * and becomes this node's part when a window of the instance connects here.
	 */
	private final Map<String, AppInstance> elsewhere = new ConcurrentHashMap<>();

	/** {@link InstanceMode#PER_USER}: the instance of each principal name. Guarded by {@code this}. */
	private final Map<String, AppInstance> byPrincipal = new HashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final SecureRandom random = new SecureRandom();

	private final ScheduledThreadPoolExecutor scheduler;

	private volatile InstanceDirectory directory = InstanceDirectory.LOCAL;

	/**
	 * Creates the registry of instances.
	 * @param registry the listener registry
	 * @param mode how connections are grouped
	 * @param gracePeriod how long an instance outlives its last window
	 * @param eventPublisher publishes {@link AppInstanceStartedEvent} and {@link AppInstanceEndedEvent}
	 */
	public AppInstances(ListenerRegistry registry, InstanceMode mode, Duration gracePeriod,
			ApplicationEventPublisher eventPublisher) {
		Assert.notNull(registry, "registry must not be null");
		Assert.notNull(mode, "mode must not be null");
		Assert.isTrue(!gracePeriod.isNegative(), "gracePeriod must not be negative");
		this.registry = registry;
		this.mode = mode;
		this.gracePeriodMillis = gracePeriod.toMillis();
		this.eventPublisher = eventPublisher;
		this.scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "tauri-instances");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Sets the directory of the cluster's instances (ids, tokens valid on every node, labels).
	 * @param directory the directory
	 */
	public void setDirectory(InstanceDirectory directory) {
		Assert.notNull(directory, "directory must not be null");
		this.directory = directory;
	}

	/**
	 * The live instance with the id on this node, for emissions relayed from other nodes.
	 * @param id the instance id
	 * @return the instance, or {@code null} when it has nothing on this node
	 */
	public @Nullable AppInstance local(String id) {
		return this.byId.get(id);
	}

	/**
	 * The grouping mode.
	 * @return the mode
	 */
	public InstanceMode mode() {
		return this.mode;
	}

	/**
	 * Chooses the instance a new connection joins. Every joined instance must then be either
	 * {@link #attach attached to} or {@link #abandon abandoned}.
	 * @param token the token the page presented, or {@code null}
	 * @param principal the principal of the connection's handshake, or {@code null}
	 * @return the instance with its token, or why the connection is refused
	 */
	public Join join(@Nullable String token, @Nullable Principal principal) {
		String principalName = (principal != null) ? principal.getName() : null;
		// a token this node does not know may be another node's instance: ask before taking the lock
		InstanceDirectory.Entry elsewhere = null;
		if (this.mode == InstanceMode.PER_TAB && token != null && !this.byToken.containsKey(token)) {
			elsewhere = this.directory.find(token);
		}
		else if (this.mode == InstanceMode.PER_USER && principalName != null) {
			elsewhere = this.directory.findUser(principalName);
			AppInstance local = this.byPrincipal.get(principalName);
			if (elsewhere == null && (local == null || local.ended) && this.directory != InstanceDirectory.LOCAL) {
				// no node has one yet: of two nodes starting it at the same instant, one id wins, on both
				elsewhere = this.directory.claimUser(new InstanceDirectory.Entry(
						this.directory.newId(this.ids.incrementAndGet()), principalName));
			}
		}
		AppInstance started = null;
		AppInstance joined;
		synchronized (this) {
			switch (this.mode) {
				case SINGLE -> {
					joined = this.byId.values().stream().findFirst().orElse(null);
					if (joined == null) {
						joined = started = start(null);
					}
				}
				case PER_USER -> {
					if (principalName == null) {
						return Join.refused(Refusal.AUTHENTICATION_REQUIRED);
					}
					joined = this.byPrincipal.get(principalName);
					if (joined == null || joined.ended) {
						// the principal's instance on another node, under the same id, or a new one
						boolean shared = elsewhere != null && principalName.equals(elsewhere.principalName())
								&& !this.byId.containsKey(elsewhere.id());
						joined = started = shared ? adopt(elsewhere, newToken()) : start(principalName);
						this.byPrincipal.put(principalName, joined);
					}
				}
				default -> {
					AppInstance known = (token != null) ? this.byToken.get(token) : null;
					if (known == null && elsewhere != null && token != null && !this.byId.containsKey(elsewhere.id())) {
						// another node's instance: this node holds a part of it from now on, under the same id
						if (elsewhere.principalName() != null && !elsewhere.principalName().equals(principalName)) {
							return Join.refused(Refusal.OTHER_PRINCIPAL);
						}
						if (Objects.equals(elsewhere.principalName(), principalName)) {
							known = started = adopt(elsewhere, token);
						}
					}
					if (known != null && !known.ended && known.principalName().isPresent()
							&& !known.principalName().get().equals(principalName)) {
						return Join.refused(Refusal.OTHER_PRINCIPAL);
					}
					// an anonymous instance is not joined by an authenticated connection (a login since): new one
					boolean joinable = known != null && !known.ended && Objects.equals(
							known.principalName().orElse(null), principalName);
					joined = joinable ? known : (started = start(principalName));
				}
			}
			synchronized (joined) {
				joined.joining++;
				cancelEnd(joined);
			}
		}
		if (started != null) {
			this.eventPublisher.publishEvent(new AppInstanceStartedEvent(started));
		}
		return new Join(joined, joined.token, null);
	}

	private AppInstance start(@Nullable String principalName) {
		// SINGLE: one instance per node, the same id on every node, so the cluster has one instance
		String id = (this.mode == InstanceMode.SINGLE) ? Long.toString(this.ids.incrementAndGet())
				: this.directory.newId(this.ids.incrementAndGet());
		return adopt(new InstanceDirectory.Entry(id, principalName), newToken());
	}

	private String newToken() {
		byte[] secret = new byte[18];
		this.random.nextBytes(secret);
		return TOKEN_ENCODING.encodeToString(secret);
	}

	private AppInstance adopt(InstanceDirectory.Entry entry, String token) {
		AppInstance instance = this.elsewhere.remove(entry.id());
		if (instance != null && Objects.equals(instance.principalName().orElse(null), entry.principalName())) {
			// the handle other code already holds (and scoped listeners to) speaks for this node's part now
			instance.token = token;
			instance.unknownSince = 0;
		}
		else {
			if (instance != null) {
				// another principal's instance under that id cannot be: the old handle ends
				instance.ended = true;
				instance.removeListeners();
			}
			instance = new AppInstance(entry.id(), token, entry.principalName(), this.registry, this);
		}
		this.byId.put(entry.id(), instance);
		this.byToken.put(token, instance);
		this.directory.started(instance, token);
		return instance;
	}

	/**
	 * Gives a joined connection's window its label in the instance.
	 * @param instance the instance from {@link #join}
	 * @param window the window
	 * @param replace whether a window already holding the label is replaced (otherwise the new one is refused)
	 * @return the outcome
	 */
	public Attach attach(AppInstance instance, WebviewWindow window, boolean replace) {
		synchronized (instance) {
			instance.joining--;
			WebviewWindow existing = instance.windows.get(window.label());
			// refused when another window holds the label, here or (reject) on another node of the cluster
			if (!replace && (existing != null || !this.directory.claim(instance, window.label()))) {
				scheduleEndIfEmpty(instance);
				return new Attach(false, null);
			}
			instance.windows.put(window.label(), window);
			this.directory.attached(instance, window.label());
			return new Attach(true, existing);
		}
	}

	/**
	 * Gives up a join whose connection closed before its window was attached.
	 * @param instance the instance from {@link #join}
	 */
	public void abandon(AppInstance instance) {
		synchronized (instance) {
			instance.joining--;
			scheduleEndIfEmpty(instance);
		}
	}

	/**
	 * Removes a window that disconnected, if it still holds its label, and schedules the instance's end when it
	 * was the last.
	 * @param instance the window's instance
	 * @param window the window
	 */
	public void detach(AppInstance instance, WebviewWindow window) {
		synchronized (instance) {
			if (instance.windows.remove(window.label(), window)) {
				this.directory.released(instance, window.label());
			}
			scheduleEndIfEmpty(instance);
		}
	}

	private void scheduleEndIfEmpty(AppInstance instance) {
		if (this.mode == InstanceMode.SINGLE || instance.ended || !instance.windows.isEmpty() || instance.joining > 0
				|| instance.endTask != null) {
			return;
		}
		try {
			instance.endTask = this.scheduler.schedule(() -> end(instance), this.gracePeriodMillis,
					TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// shutting down: the container closes the last windows after this registry stopped
		}
	}

	private static void cancelEnd(AppInstance instance) {
		if (instance.endTask != null) {
			instance.endTask.cancel(false);
			instance.endTask = null;
		}
	}

	private void end(AppInstance instance) {
		synchronized (this) {
			synchronized (instance) {
				if (instance.ended || !instance.windows.isEmpty() || instance.joining > 0) {
					return;
				}
				instance.ended = true;
				instance.endTask = null;
			}
			this.byId.remove(instance.instanceId().orElseThrow(), instance);
			String token = instance.token;
			if (token != null) {
				this.byToken.remove(token, instance);
			}
			instance.principalName().ifPresent((name) -> this.byPrincipal.remove(name, instance));
		}
		instance.removeListeners();
		this.directory.ended(instance);
		try {
			this.eventPublisher.publishEvent(new AppInstanceEndedEvent(instance));
		}
		catch (RuntimeException ex) {
			logger.error("A listener of the end of " + instance + " failed", ex);
		}
	}

	/**
	 * Every live instance with a part on this node.
	 * @return a snapshot
	 */
	public List<AppInstance> all() {
		return List.copyOf(this.byId.values());
	}

	/**
	 * The live instance with the id, when it has a part on this node.
	 * @param id the instance id
	 * @return the instance
	 */
	public Optional<AppInstance> byId(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	/**
	 * Every live instance of the cluster: those with a part on this node, and those the directory knows on other
	 * nodes (as handles that emit within the instance on every node).
	 * @return a snapshot
	 */
	public List<AppHandle> inCluster() {
		List<AppHandle> all = new ArrayList<>(this.byId.values());
		for (InstanceDirectory.Entry entry : this.directory.instancesElsewhere()) {
			if (!this.byId.containsKey(entry.id())) {
				all.add(handle(entry.id(), entry.principalName()));
			}
		}
		return List.copyOf(all);
	}

	/**
	 * The live instance of the cluster with the id.
	 * @param id the instance id
	 * @return the instance, on this node or as known on others
	 */
	public Optional<AppHandle> inCluster(String id) {
		AppInstance local = this.byId.get(id);
		if (local != null) {
			return Optional.of(local);
		}
		for (InstanceDirectory.Entry entry : this.directory.instancesElsewhere()) {
			if (entry.id().equals(id)) {
				return Optional.of(handle(id, entry.principalName()));
			}
		}
		return Optional.empty();
	}

	/**
	 * The handle of an instance: this node's part of it, or the handle of an instance that lives only on other
	 * nodes (emissions through it reach the instance on every node; its listeners hear the instance's emissions
	 * relayed here, and are removed once no node has told of the instance for the grace period).
	 * @param id the instance id
	 * @param principalName the principal the instance is bound to, or {@code null}
	 * @return the handle
	 */
	public synchronized AppInstance handle(String id, @Nullable String principalName) {
		AppInstance local = this.byId.get(id);
		if (local != null) {
			return local;
		}
		return this.elsewhere.computeIfAbsent(id,
				(key) -> new AppInstance(key, null, principalName, this.registry, this));
	}

	/**
	 * The handle of an instance that lives only on other nodes, if one was handed out.
	 * @param id the instance id
	 * @return the handle, or {@code null}
	 */
	public @Nullable AppInstance elsewhere(String id) {
		return this.elsewhere.get(id);
	}

	/**
	 * Ends the handles of instances elsewhere that no node has told of for the grace period: their listeners go,
	 * as an instance's do when it ends.
	 * @param known the ids of the instances other nodes hold
	 */
	public void retainElsewhere(Set<String> known) {
		long now = System.currentTimeMillis();
		for (AppInstance handle : this.elsewhere.values()) {
			String id = handle.instanceId().orElseThrow();
			if (known.contains(id)) {
				handle.unknownSince = 0;
			}
			else if (handle.unknownSince == 0) {
				handle.unknownSince = now;
			}
			else if (now - handle.unknownSince >= this.gracePeriodMillis) {
				synchronized (this) {
					if (!this.elsewhere.remove(id, handle)) {
						continue;
					}
					handle.ended = true;
				}
				handle.removeListeners();
			}
		}
	}

	Map<String, WebviewWindow> windowsElsewhere(String id) {
		return this.directory.windowsElsewhere(id);
	}

	/**
	 * The live instances of the cluster bound to a principal.
	 * @param principalName the principal's name
	 * @return a snapshot
	 */
	public List<AppHandle> byPrincipal(String principalName) {
		return inCluster().stream()
			.filter((instance) -> principalName.equals(instance.principalName().orElse(null)))
			.toList();
	}

	/**
	 * The window with the label, when exactly one instance of the cluster holds it.
	 * @param label the label
	 * @return the window, empty when none or several instances hold the label
	 */
	public Optional<WebviewWindow> uniqueWindow(String label) {
		WebviewWindow found = null;
		for (AppHandle instance : inCluster()) {
			WebviewWindow window = instance.getWebviewWindow(label).orElse(null);
			if (window != null) {
				if (found != null) {
					return Optional.empty();
				}
				found = window;
			}
		}
		return Optional.ofNullable(found);
	}

	/**
	 * The windows whose label exactly one instance of the cluster holds.
	 * @return a snapshot by label
	 */
	public Map<String, WebviewWindow> uniqueWindows() {
		Map<String, WebviewWindow> unique = new HashMap<>();
		List<String> shared = new ArrayList<>();
		for (AppHandle instance : inCluster()) {
			instance.webviewWindows().forEach((label, window) -> {
				if (unique.putIfAbsent(label, window) != null) {
					shared.add(label);
				}
			});
		}
		shared.forEach(unique::remove);
		return Map.copyOf(unique);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	/** Why a connection may not join. */
	public enum Refusal {

		/** The token belongs to an instance of another principal (close code 4003). */
		OTHER_PRINCIPAL,

		/** {@link InstanceMode#PER_USER} and the connection is anonymous (close code 4004). */
		AUTHENTICATION_REQUIRED

	}

	/**
	 * The outcome of {@link #join}.
	 * @param instance the instance joined, {@code null} when refused
	 * @param token the instance's token for the page, {@code null} when refused
	 * @param refusal why the connection was refused, {@code null} when it joined
	 */
	public record Join(@Nullable AppInstance instance, @Nullable String token, @Nullable Refusal refusal) {

		static Join refused(Refusal refusal) {
			return new Join(null, null, refusal);
		}

		@Override
		public String toString() {
			return "Join[" + ((this.refusal != null) ? this.refusal : this.instance) + "]";
		}

	}

	/**
	 * The outcome of {@link #attach}.
	 * @param attached whether the window now holds its label
	 * @param replaced the window that held the label before and was replaced, or {@code null}
	 */
	public record Attach(boolean attached, @Nullable WebviewWindow replaced) {
	}

}
