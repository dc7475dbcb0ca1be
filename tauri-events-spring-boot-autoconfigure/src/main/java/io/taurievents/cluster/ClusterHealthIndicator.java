package io.taurievents.cluster;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The cluster bus's health: {@code UP} while the bus's service answers, {@code DOWN} (with the last error) while it
 * does not. Details: the backlog waiting to be published, retries, dropped messages, gaps detected, the other nodes
 * heard and the lag of the last message received.
 */
public class ClusterHealthIndicator extends AbstractHealthIndicator {

	private final ClusterNode node;

	/**
	 * Creates the indicator.
	 * @param node the cluster node
	 */
	public ClusterHealthIndicator(ClusterNode node) {
		super("Cluster bus health check failed");
		this.node = node;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ClusterNode.Stats stats = this.node.stats();
		ClusterBus.BusStatus bus = stats.bus();
		(bus.up() ? builder.up() : builder.down()).withDetail("bus", bus.detail())
			.withDetail("node", this.node.nodeId())
			.withDetail("peers", stats.peers())
			.withDetail("backlog", bus.backlog())
			.withDetail("retries", bus.retries())
			.withDetail("dropped", bus.dropped())
			.withDetail("gaps", stats.gaps())
			.withDetail("lagMillis", stats.lagMillis());
	}

}
