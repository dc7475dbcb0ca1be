package io.taurievents.webview;

import io.taurievents.WebviewWindow;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a window connects, right after {@code tauri://window-created} was emitted.
 *
 * <pre>{@code
 * @EventListener
 * void onWindow(WebviewWindowCreatedEvent created) {
 *     created.getWindow().emitTo(created.getWindow().label(), "welcome", "hi");
 * }
 * }</pre>
 */
public class WebviewWindowCreatedEvent extends ApplicationEvent {

	/**
	 * Creates the event.
	 * @param window the window that connected
	 */
	public WebviewWindowCreatedEvent(WebviewWindow window) {
		super(window);
	}

	/**
	 * The window that connected.
	 * @return the window
	 */
	public WebviewWindow getWindow() {
		return (WebviewWindow) getSource();
	}

}
