package io.taurievents.webview;

import io.taurievents.WebviewWindow;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a page tried to resume its session after a reconnect and could not: it got a fresh session
 * (its earlier listeners, channels and pending invokes are gone) and may have missed events. An application that
 * keeps state in its pages pushes them a snapshot here.
 */
public class WebviewWindowResyncEvent extends ApplicationEvent {

	private final String reason;

	/**
	 * Creates the event.
	 * @param window the window of the new session
	 * @param reason why the resume failed: {@code expired}, {@code unknown}, {@code overflow} or {@code restarted}
	 */
	public WebviewWindowResyncEvent(WebviewWindow window, String reason) {
		super(window);
		this.reason = reason;
	}

	/**
	 * The window of the new session.
	 * @return the window
	 */
	public WebviewWindow getWindow() {
		return (WebviewWindow) getSource();
	}

	/**
	 * Why the earlier session could not be resumed.
	 * @return {@code expired}, {@code unknown}, {@code overflow} or {@code restarted}
	 */
	public String getReason() {
		return this.reason;
	}

}
