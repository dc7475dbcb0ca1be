package io.taurievents;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application: Tauri's {@code AppHandle}.
 * <p>
 * A Spring server hosts many Tauri apps at once, one per <em>app instance</em> (by default one per browser tab
 * and the windows it opens; see {@code tauri.events.instances.mode}). Labels are unique within an instance, and
 * there are two kinds of handle of this one type:
 * <ul>
 * <li>The handle a {@link TauriCommand} method, a {@link TauriEventListener} method hearing a page's emit, or
 * {@link WebviewWindow#app()} gives is <b>the caller's instance</b>: {@code emit} reaches that instance's
 * windows, {@code emitTo("login", ...)} that instance's {@code login}, {@link #getWebviewWindow} looks up in it,
 * and its listeners hear only that instance (they are removed when it ends). Every Tauri example written
 * against an injected {@code AppHandle} is therefore correct for many users.</li>
 * <li>The auto-configured bean (inject it in services, {@code @Scheduled} methods, startup code) speaks for the
 * <b>whole server</b>: {@code emit} reaches every window of every instance, {@code emitTo(label, ...)} that label
 * in every instance, its listeners hear every instance (with the emitting window on the {@link Event}).
 * {@link #getWebviewWindow} on it finds a label only when exactly one instance holds it, and
 * {@link #webviewWindows()} lists only such labels; use {@link #instances()} to reach the rest.</li>
 * </ul>
 * Listeners registered on a handle have the target {@code App}: they hear {@code emit} and {@code emitTo(App)},
 * not events aimed at a window label (use {@link #listenAny} for those).
 *
 * <pre>{@code
 * @TauriCommand
 * void login(AppHandle app, String user, String password) {
 *     boolean ok = user.equals("tauri-apps") && password.equals("tauri");
 *     app.emitTo("login", "login-result", ok ? "loggedIn" : "invalidCredentials");
 * }
 * }</pre>
 */
public interface AppHandle extends Emitter, Listener {

	/**
	 * The connected window with the given label, in this instance (on the server-wide bean: in the one instance
	 * holding the label, empty when none or several do). With {@code tauri.events.cluster.enabled} the window may be
	 * connected to another node: it emits, {@link WebviewWindow#close() closes} and {@link WebviewWindow#eval evals}
	 * through the node holding it (which other nodes learn within a bus round trip; a window connected here wins).
	 * @param label the label
	 * @return the window, empty when no window with that label is connected
	 */
	Optional<WebviewWindow> getWebviewWindow(String label);

	/**
	 * Every connected window of this instance, by label (on the server-wide bean: the windows whose label only
	 * one instance holds), on every node of a cluster.
	 * @return an immutable snapshot
	 */
	Map<String, WebviewWindow> webviewWindows();

	/**
	 * The id of the app instance this handle speaks for: public, stable while the instance lives, never a
	 * credential.
	 * @return the id, empty on the server-wide bean
	 */
	Optional<String> instanceId();

	/**
	 * The name of the principal the instance is bound to (the user of the handshake that started it).
	 * @return the name, empty for anonymous instances and on the server-wide bean
	 */
	Optional<String> principalName();

	/**
	 * Every live app instance of the server, each as a handle scoped to it; in a cluster, of every node (an
	 * instance without a window on this node emits to its windows on the others, and its listeners hear what
	 * its windows emit).
	 * <pre>{@code
	 * app.instances().forEach((instance) -> instance.emit("server-restarting", null));
	 * }</pre>
	 * @return a snapshot
	 */
	List<AppHandle> instances();

	/**
	 * The live app instance with the given id, on any node of a cluster.
	 * @param id the id ({@link #instanceId()})
	 * @return the instance's handle, empty if it does not exist or has ended
	 */
	Optional<AppHandle> instance(String id);

	/**
	 * The live app instances bound to one principal (every tab of one user), on every node of a cluster.
	 * <pre>{@code
	 * app.instancesOf(user.getName()).forEach((tab) -> tab.emit("logged-out", null));
	 * }</pre>
	 * @param principalName the principal's name
	 * @return a snapshot
	 */
	List<AppHandle> instancesOf(String principalName);

}
