package io.taurievents.webview;

import io.taurievents.WebviewWindow;

import org.springframework.context.ApplicationEvent;
import org.springframework.web.socket.CloseStatus;

/**
 * Published when a window's connection closed, right after {@code tauri://destroyed} was emitted to it.
 */
public class WebviewWindowDestroyedEvent extends ApplicationEvent {

	private final CloseStatus closeStatus;

	/**
	 * Creates the event.
	 * @param window the window that disconnected
	 * @param closeStatus why it closed
	 */
	public WebviewWindowDestroyedEvent(WebviewWindow window, CloseStatus closeStatus) {
		super(window);
		this.closeStatus = closeStatus;
	}

	/**
	 * The window that disconnected.
	 * @return the window
	 */
	public WebviewWindow getWindow() {
		return (WebviewWindow) getSource();
	}

	/**
	 * Why the connection closed.
	 * @return the close status
	 */
	public CloseStatus getCloseStatus() {
		return this.closeStatus;
	}

}
