package io.taurievents.webview;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.taurievents.WebviewWindow;

/**
 * The connected windows by label. At most one window per label.
 */
public final class WebviewWindowRegistry {

	private final Map<String, WebviewWindow> windows = new ConcurrentHashMap<>();

	/**
	 * The window with the label.
	 * @param label the label
	 * @return the window, if connected
	 */
	public Optional<WebviewWindow> get(String label) {
		return Optional.ofNullable(this.windows.get(label));
	}

	/**
	 * A snapshot of every window.
	 * @return the windows by label
	 */
	public Map<String, WebviewWindow> all() {
		return Map.copyOf(this.windows);
	}

	/**
	 * Registers a window unless its label is taken.
	 * @param window the window
	 * @return the window that already holds the label, or {@code null} if the window was registered
	 */
	public @Nullable WebviewWindow putIfAbsent(WebviewWindow window) {
		return this.windows.putIfAbsent(window.label(), window);
	}


	/**
	 * Removes the window if it still holds its label.
	 * @param window the window
	 * @return whether it was removed
	 */
	public boolean remove(WebviewWindow window) {
		return this.windows.remove(window.label(), window);
	}


}
