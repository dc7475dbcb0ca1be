package io.taurievents.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.taurievents.AppHandle;
import io.taurievents.event.AppInstances;
import io.taurievents.stats.TauriEventsStats;
import io.taurievents.stats.TauriEventsStats.WindowStats;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.util.Assert;

/**
 * The {@code tauri} Actuator endpoint: the live app instances and their windows ({@code GET /actuator/tauri}), one
 * window ({@code GET /actuator/tauri/{instanceId}/{label}}), and closing a window
 * ({@code DELETE /actuator/tauri/{instanceId}/{label}}, close code 1000). Read-only unless
 * {@code management.endpoint.tauri.access=unrestricted}. It never shows an instance's token: that is a credential.
 */
@Endpoint(id = "tauri", defaultAccess = Access.READ_ONLY)
public class TauriEndpoint {

	private final AppInstances instances;

	private final TauriEventsStats stats;

	/**
	 * Creates the endpoint.
	 * @param instances the live app instances
	 * @param stats the statistics, for each window's details
	 */
	public TauriEndpoint(AppInstances instances, TauriEventsStats stats) {
		Assert.notNull(instances, "instances must not be null");
		Assert.notNull(stats, "stats must not be null");
		this.instances = instances;
		this.stats = stats;
	}

	/**
	 * Every live app instance with its windows.
	 * @return the descriptor
	 */
	@ReadOperation
	public TauriDescriptor instances() {
		List<WindowStats> windows = this.stats.windowStats();
		List<InstanceDescriptor> instances = this.instances.all()
			.stream()
			.map((instance) -> describe(instance, windows))
			.toList();
		return new TauriDescriptor(instances.size(), windows.size(), instances);
	}

	/**
	 * One window.
	 * @param instanceId the id of its app instance
	 * @param label its label, the rest of the path (labels may contain {@code /})
	 * @return the window, {@code null} (404) when no such window is connected
	 */
	@ReadOperation
	public @Nullable WindowDescriptor window(@Selector String instanceId,
			@Selector(match = Match.ALL_REMAINING) String[] label) {
		return this.stats.windowStats(instanceId, label(label)).map(WindowDescriptor::of).orElse(null);
	}

	/**
	 * Closes a window's connection with code 1000, like {@code WebviewWindow.close()}: its page does not reconnect.
	 * @param instanceId the id of its app instance
	 * @param label its label, the rest of the path
	 * @return the window that was closed, {@code null} (404) when no such window is connected
	 */
	@DeleteOperation
	public @Nullable WindowDescriptor closeWindow(@Selector String instanceId,
			@Selector(match = Match.ALL_REMAINING) String[] label) {
		String windowLabel = label(label);
		Optional<WindowDescriptor> window = this.stats.windowStats(instanceId, windowLabel).map(WindowDescriptor::of);
		window.ifPresent((closing) -> this.instances.byId(instanceId)
			.flatMap((instance) -> instance.localWindow(windowLabel))
			.ifPresent((webviewWindow) -> webviewWindow.close()));
		return window.orElse(null);
	}

	/** Labels may contain {@code /}, so the label is the rest of the path. */
	private static String label(String[] segments) {
		return String.join("/", segments);
	}

	private static InstanceDescriptor describe(AppHandle instance, List<WindowStats> windows) {
		String id = instance.instanceId().orElseThrow();
		return new InstanceDescriptor(id, instance.principalName().orElse(null),
				windows.stream().filter((window) -> window.instanceId().equals(id)).map(WindowDescriptor::of).toList());
	}

	/**
	 * The live instances.
	 * @param instanceCount the number of instances
	 * @param windowCount the number of connected windows
	 * @param instances the instances
	 */
	public record TauriDescriptor(int instanceCount, int windowCount,
			List<InstanceDescriptor> instances) implements OperationResponseBody {
	}

	/**
	 * One app instance.
	 * @param id its id (public; never its token)
	 * @param principalName the name of the principal it is bound to, {@code null} when anonymous
	 * @param windows its connected windows
	 */
	public record InstanceDescriptor(String id, @Nullable String principalName, List<WindowDescriptor> windows) {
	}

	/**
	 * One connected window.
	 * @param instanceId the id of its app instance
	 * @param principalName the name of its principal, {@code null} when anonymous
	 * @param label its label
	 * @param connectedSince when it connected
	 * @param listeners the page's listeners
	 * @param openChannels channels open to the page
	 * @param queuedBytes bytes queued for it and not yet written
	 */
	public record WindowDescriptor(String instanceId, @Nullable String principalName, String label,
			Instant connectedSince, int listeners, int openChannels, long queuedBytes) implements OperationResponseBody {

		static WindowDescriptor of(WindowStats stats) {
			return new WindowDescriptor(stats.instanceId(), stats.principalName(), stats.label(), stats.connectedSince(),
					stats.listeners(), stats.openChannels(), stats.queuedBytes());
		}

	}

}
