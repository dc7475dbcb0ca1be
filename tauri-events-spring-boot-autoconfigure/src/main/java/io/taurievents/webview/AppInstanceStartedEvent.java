package io.taurievents.webview;

import io.taurievents.AppHandle;

import org.springframework.context.ApplicationEvent;

/**
 * Published when an app instance starts, before its first window is welcomed: a new tab, or a new user in
 * {@code per-user} mode.
 *
 * <pre>{@code
 * @EventListener
 * void onStarted(AppInstanceStartedEvent started) {
 *     log.info("instance {} of {} started", started.getInstance().instanceId().orElseThrow(),
 *             started.getInstance().principalName().orElse("anonymous"));
 * }
 * }</pre>
 */
public class AppInstanceStartedEvent extends ApplicationEvent {

	/**
	 * Creates the event.
	 * @param instance the instance's handle
	 */
	public AppInstanceStartedEvent(AppHandle instance) {
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
