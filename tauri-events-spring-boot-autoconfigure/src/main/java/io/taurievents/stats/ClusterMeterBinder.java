package io.taurievents.stats;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.taurievents.cluster.ClusterNode;

/**
 * Publishes the cluster bus's statistics as Micrometer meters, read when the registry asks.
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code tauri.events.cluster.messages}</td><td>counter</td><td>{@code direction=published|received}</td></tr>
 * <tr><td>{@code tauri.events.cluster.duplicates}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code tauri.events.cluster.gaps}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code tauri.events.cluster.retries}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code tauri.events.cluster.dropped}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code tauri.events.cluster.backlog}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code tauri.events.cluster.lag}</td><td>gauge (milliseconds)</td><td></td></tr>
 * <tr><td>{@code tauri.events.cluster.peers}</td><td>gauge</td><td></td></tr>
 * </table>
 */
public class ClusterMeterBinder implements MeterBinder {

	private final ClusterNode node;

	/**
	 * Creates the binder.
	 * @param node the cluster node
	 */
	public ClusterMeterBinder(ClusterNode node) {
		this.node = node;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "tauri.events.cluster.messages", "Cluster messages published by this node",
				(node) -> node.stats().published(), "direction", "published");
		counter(registry, "tauri.events.cluster.messages", "Cluster messages from other nodes delivered here",
				(node) -> node.stats().received(), "direction", "received");
		counter(registry, "tauri.events.cluster.duplicates", "Cluster messages dropped as duplicates",
				(node) -> node.stats().duplicates());
		counter(registry, "tauri.events.cluster.gaps", "Losses detected on the cluster bus (windows resynced)",
				(node) -> node.stats().gaps());
		counter(registry, "tauri.events.cluster.retries", "Bus reads and writes retried after a failure",
				(node) -> node.stats().bus().retries());
		counter(registry, "tauri.events.cluster.dropped", "Messages dropped because the bus backlog was full",
				(node) -> node.stats().bus().dropped());
		Gauge.builder("tauri.events.cluster.backlog", this.node, (node) -> node.stats().bus().backlog())
			.description("Messages waiting to be published to the bus")
			.register(registry);
		Gauge.builder("tauri.events.cluster.lag", this.node, (node) -> node.stats().lagMillis())
			.description("Delay of the last message from another node, from publication to delivery")
			.baseUnit("milliseconds")
			.register(registry);
		Gauge.builder("tauri.events.cluster.peers", this.node, (node) -> node.stats().peers())
			.description("Other nodes heard within ten heartbeats")
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ClusterNode> count,
			String... tags) {
		FunctionCounter.builder(name, this.node, count).description(description).tags(tags).register(registry);
	}

}
