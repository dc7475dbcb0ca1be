package io.taurievents.bench.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The server side of one stack's run: one server JVM, or for {@link #CLUSTER} a {@code redis-server} and
 * {@value #NODES} server JVMs sharing it. Closing stops every one of them, also after a failed start.
 */
final class Servers implements AutoCloseable {

	/** The tauri server as {@value #NODES} nodes on Redis (profile {@code cluster}); fan-out only. */
	static final String CLUSTER = "tauri-cluster";

	/** Nodes of the {@link #CLUSTER} stack. */
	static final int NODES = 2;

	private final List<ServerProcess> nodes;

	private final @Nullable RedisProcess redis;

	private Servers(List<ServerProcess> nodes, @Nullable RedisProcess redis) {
		this.nodes = nodes;
		this.redis = redis;
	}

	static Servers start(String stack, Path logDirectory, boolean flightRecording) throws Exception {
		if (!stack.equals(CLUSTER)) {
			return new Servers(List.of(ServerProcess.start(stack, logDirectory, flightRecording)), null);
		}
		List<ServerProcess> nodes = new ArrayList<>();
		RedisProcess redis = RedisProcess.start(logDirectory, "redis-" + stack);
		Servers servers = new Servers(nodes, redis);
		try {
			for (int i = 1; i <= NODES; i++) {
				// a cluster name of this run's own: its stream and records are no other run's, even on one Redis
				nodes.add(ServerProcess.start(stack + "-" + i, ServerProcess.profiles(stack),
						List.of("--spring.data.redis.port=" + redis.port(),
								"--tauri.events.cluster.name=bench-" + ProcessHandle.current().pid()),
						logDirectory, flightRecording));
			}
			return servers;
		}
		catch (Exception ex) {
			servers.close();
			throw ex;
		}
	}

	/** The node that receives the emit triggers and every other control request. */
	ServerProcess first() {
		return this.nodes.get(0);
	}

	List<ServerProcess> nodes() {
		return this.nodes;
	}

	/** The ports windows connect to, in turn. */
	List<Integer> ports() {
		return this.nodes.stream().map(ServerProcess::port).toList();
	}

	/** The Redis the nodes share, or {@code null} for a single server. */
	@Nullable RedisProcess redis() {
		return this.redis;
	}

	void awaitReady(long timeoutSeconds) throws InterruptedException {
		for (ServerProcess node : this.nodes) {
			node.awaitReady(timeoutSeconds);
		}
	}

	@Override
	public void close() throws InterruptedException {
		try {
			for (ServerProcess node : this.nodes) {
				node.close();
			}
		}
		finally {
			if (this.redis != null) {
				this.redis.close();
			}
		}
	}

}
