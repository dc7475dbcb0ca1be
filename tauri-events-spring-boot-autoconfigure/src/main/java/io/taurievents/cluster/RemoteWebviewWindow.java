package io.taurievents.cluster;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.WebviewWindow;

/**
 * A window connected to another node of the cluster, as this node sees it: a window that a lookup found there, or
 * the source of an event a page emitted there. It has its label, its instance's handle (the instance's part on this
 * node, or a handle of the instance that lives elsewhere, or the server's handle when the emission had no instance)
 * and its principal's name. It emits like any window (through the bus); {@link #close} and {@link #eval} ask the
 * node holding its socket; {@link #listen} needs that node (its listeners are removed when the socket closes there).
 */
final class RemoteWebviewWindow implements WebviewWindow {

	private final String label;

	private final AppHandle app;

	private final @Nullable String principalName;

	private final ClusterNode node;

	private final String owner;

	private final @Nullable String instanceId;

	private final boolean listed;

	/**
	 * Creates the window.
	 * @param label its label
	 * @param app its instance's handle here
	 * @param principalName its principal's name, or {@code null}
	 * @param node this node
	 * @param owner the id of the node holding its socket
	 * @param instanceId its instance's id, {@code null} when unknown (then it cannot be closed from here)
	 * @param listed whether it is a window of the node's directory (then {@link #isOpen} follows it)
	 */
	RemoteWebviewWindow(String label, AppHandle app, @Nullable String principalName, ClusterNode node, String owner,
			@Nullable String instanceId, boolean listed) {
		this.label = label;
		this.app = app;
		this.principalName = principalName;
		this.node = node;
		this.owner = owner;
		this.instanceId = instanceId;
		this.listed = listed;
	}

	@Override
	public String label() {
		return this.label;
	}

	@Override
	public AppHandle app() {
		return this.app;
	}

	@Override
	public Optional<Principal> principal() {
		String name = this.principalName;
		return (name != null) ? Optional.of(() -> name) : Optional.empty();
	}

	/**
	 * Whether the node holding the window still lists it, as this node last heard (a source of an event counts as
	 * open).
	 */
	@Override
	public boolean isOpen() {
		return !this.listed || this.instanceId == null || this.node.holds(this.owner, this.instanceId, this.label);
	}

	@Override
	public long listen(String event, Consumer<Event> handler) {
		throw onAnotherNode("listen");
	}

	@Override
	public long once(String event, Consumer<Event> handler) {
		throw onAnotherNode("once");
	}

	@Override
	public long listenAny(String event, Consumer<Event> handler) {
		return this.app.listenAny(event, handler);
	}

	@Override
	public long onceAny(String event, Consumer<Event> handler) {
		return this.app.onceAny(event, handler);
	}

	@Override
	public void unlisten(long id) {
		this.app.unlisten(id);
	}

	/**
	 * Asks the node holding the window to run the script in its page (with that node's
	 * {@code tauri.events.eval.enabled}); returns without waiting for it.
	 */
	@Override
	public void eval(String script) {
		Objects.requireNonNull(script, "script must not be null");
		if (!this.node.isEvalEnabled()) {
			throw new IllegalStateException(
					"WebviewWindow.eval is disabled; set tauri.events.eval.enabled=true to run scripts in pages");
		}
		this.node.command(this.owner, requireInstance("eval"), this.label, ClusterNode.EVAL, script);
	}

	/**
	 * Asks the node holding the window to close its connection (close code 1000, as a local close); returns without
	 * waiting for it. Nothing happens if the window has gone meanwhile.
	 */
	@Override
	public void close() {
		this.node.command(this.owner, requireInstance("close"), this.label, ClusterNode.CLOSE, null);
	}

	private String requireInstance(String operation) {
		if (this.instanceId == null) {
			throw onAnotherNode(operation);
		}
		return this.instanceId;
	}

	private UnsupportedOperationException onAnotherNode(String operation) {
		return new UnsupportedOperationException(operation + " of window '" + this.label
				+ "' needs its connection, which is on another node of the cluster");
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RemoteWebviewWindow window && this.label.equals(window.label)
				&& this.owner.equals(window.owner) && Objects.equals(this.instanceId, window.instanceId);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.label, this.owner, this.instanceId);
	}

	@Override
	public String toString() {
		return "WebviewWindow[" + this.label + ", on node " + this.owner + "]";
	}

}
