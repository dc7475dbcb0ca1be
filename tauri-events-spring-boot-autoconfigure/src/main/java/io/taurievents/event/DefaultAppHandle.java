package io.taurievents.event;

import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.taurievents.AppHandle;
import io.taurievents.WebviewWindow;

/**
 * The {@link AppHandle} bean, speaking for the whole server: its emissions reach every app instance, its
 * listeners hear every instance, and label lookups find a window only when exactly one instance holds the label
 * (so a lookup can never pick one user's window at random).
 */
public class DefaultAppHandle extends AbstractAppHandle {

	/**
	 * Creates the handle.
	 * @param registry the listener registry
	 * @param instances the app instances
	 */
	public DefaultAppHandle(ListenerRegistry registry, AppInstances instances) {
		super(registry, instances);
	}

	@Override
	@Nullable AppInstance scope() {
		return null;
	}

	@Override
	public Optional<WebviewWindow> getWebviewWindow(String label) {
		return this.instances.uniqueWindow(label);
	}

	@Override
	public Map<String, WebviewWindow> webviewWindows() {
		return this.instances.uniqueWindows();
	}

	@Override
	public Optional<String> instanceId() {
		return Optional.empty();
	}

	@Override
	public Optional<String> principalName() {
		return Optional.empty();
	}

	@Override
	public String toString() {
		return "AppHandle[server]";
	}

}
