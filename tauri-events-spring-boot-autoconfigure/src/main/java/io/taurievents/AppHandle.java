package io.taurievents;

import java.util.Map;
import java.util.Optional;

/**
 * The application: Tauri's {@code AppHandle}. Auto-configured as a bean; inject it anywhere, or take it as a
 * {@link TauriCommand} parameter.
 * <p>
 * Listeners registered on it have the target {@code App}: they hear {@code emit} and {@code emitTo(App)}, not
 * events aimed at a window label (use {@link #listenAny} for those).
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
	 * The connected window with the given label.
	 * @param label the label
	 * @return the window, empty when no window with that label is connected
	 */
	Optional<WebviewWindow> getWebviewWindow(String label);

	/**
	 * Every connected window, by label.
	 * @return an immutable snapshot
	 */
	Map<String, WebviewWindow> webviewWindows();

}
