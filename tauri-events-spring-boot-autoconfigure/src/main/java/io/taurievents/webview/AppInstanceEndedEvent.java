package io.taurievents.webview;

import io.taurievents.AppHandle;

import org.springframework.context.ApplicationEvent;

/**
 * Published when an app instance ends: its last window has been gone for
 * {@code tauri.events.instances.grace-period}; the listeners registered through its handle are gone.
 *
 * <pre>{@code
 * @EventListener
 * void onEnded(AppInstanceEndedEvent ended) {
 *     log.info("instance {} of {} ended", ended.getInstance().instanceId().orElseThrow(),
 *             ended.getInstance().principalName().orElse("anonymous"));
 * }
 * }</pre>
 */
public class AppInstanceEndedEvent extends ApplicationEvent {

	/**
	 * Creates the event.
	 * @param instance the instance's handle
	 */
	public AppInstanceEndedEvent(AppHandle instance) {
		super(instance);
	}

	/**
	 * The instance's handle.
	 * @return the instance
	 */
	public AppHandle getInstance() {
		return (AppHandle) getSource();
	}

}
