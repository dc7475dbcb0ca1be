package io.taurievents.event;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;

/**
 * One app instance: what Tauri calls the app, a set of windows sharing one label namespace. Its handle scopes
 * every emission and listener to the instance. Created and ended by {@link AppInstances}, which guards the
 * mutable state below with the instance's monitor.
 */
public final class AppInstance extends AbstractAppHandle {

	private final String id;

	private final @Nullable String principalName;

	/** {@code null} while this is the handle of an instance that has nothing on this node (see {@link AppInstances}). */
	volatile @Nullable String token;

	final Map<String, WebviewWindow> windows = new ConcurrentHashMap<>();

	/** Server listeners registered through this handle; removed when the instance ends. */
	private final Set<Long> listenerIds = ConcurrentHashMap.newKeySet();

	/** Connections that joined but are not attached yet: the instance must not end under them. */
	int joining;

	volatile boolean ended;

	@Nullable ScheduledFuture<?> endTask;

	/** While a handle of an instance elsewhere: since when no node has told of the instance, or {@code 0}. */
	long unknownSince;

	AppInstance(String id, @Nullable String token, @Nullable String principalName, ListenerRegistry registry,
			AppInstances instances) {
		super(registry, instances);
		this.id = id;
		this.token = token;
		this.principalName = principalName;
	}

	@Override
	AppInstance scope() {
		return this;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * In a cluster the window may be on another node (the one on this node when there is one).
	 */
	@Override
	public Optional<WebviewWindow> getWebviewWindow(String label) {
		WebviewWindow local = this.windows.get(label);
		return (local != null) ? Optional.of(local)
				: Optional.ofNullable(this.instances.windowsElsewhere(this.id).get(label));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * In a cluster these include the instance's windows on other nodes (a label's window on this node wins).
	 */
	@Override
	public Map<String, WebviewWindow> webviewWindows() {
		Map<String, WebviewWindow> elsewhere = this.instances.windowsElsewhere(this.id);
		if (elsewhere.isEmpty()) {
			return Map.copyOf(this.windows);
		}
		Map<String, WebviewWindow> all = new HashMap<>(elsewhere);
		all.putAll(this.windows);
		return Map.copyOf(all);
	}

	/**
	 * The window with the label connected to this node.
	 * @param label the label
	 * @return the window, empty when none is connected here
	 */
	public Optional<WebviewWindow> localWindow(String label) {
		return Optional.ofNullable(this.windows.get(label));
	}

	/**
	 * The windows connected to this node, by label.
	 * @return an immutable snapshot
	 */
	public Map<String, WebviewWindow> localWindows() {
		return Map.copyOf(this.windows);
	}

	@Override
	public Optional<String> instanceId() {
		return Optional.of(this.id);
	}

	@Override
	public Optional<String> principalName() {
		return Optional.ofNullable(this.principalName);
	}

	/**
	 * Whether a token is this instance's, compared in constant time (it is a credential).
	 * @param candidate the token a page presented
	 * @return whether it matches
	 */
	public boolean hasToken(@Nullable String candidate) {
		String token = this.token;
		return candidate != null && token != null && java.security.MessageDigest.isEqual(
				token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
				candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/**
	 * Whether the instance has ended (its last window left more than the grace period ago).
	 * @return {@code true} once ended
	 */
	public boolean isEnded() {
		return this.ended;
	}

	@Override
	long register(String event, EventTarget target, boolean once, Consumer<Event> handler) {
		long listener = super.register(event, target, once, handler);
		this.listenerIds.add(listener);
		if (this.ended) {
			unlisten(listener);
		}
		return listener;
	}

	@Override
	public void unlisten(long listener) {
		this.listenerIds.remove(listener);
		super.unlisten(listener);
	}

	void removeListeners() {
		for (Long listener : this.listenerIds) {
			unlisten(listener);
		}
	}

	@Override
	public String toString() {
		// never the token: it is a credential
		return "AppHandle[instance " + this.id + "]";
	}

}
