package io.taurievents.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The bus of a single node: the identity. There are no other nodes, so nothing is published, and shared records stay
 * in memory (ignoring their time to live). It passes the single-node part of the bus contract.
 */
public final class LocalClusterBus implements ClusterBus {

	private final Map<String, String> records = new ConcurrentHashMap<>();

	@Override
	public void start(Consumer<String> receiver) {
	}

	@Override
	public void publish(String message) {
	}

	@Override
	public @Nullable String get(String key) {
		return this.records.get(key);
	}

	@Override
	public void put(String key, String value, Duration timeToLive) {
		this.records.put(key, value);
	}

	@Override
	public String putIfAbsent(String key, String value, Duration timeToLive) {
		String current = this.records.putIfAbsent(key, value);
		return (current != null) ? current : value;
	}

	@Override
	public BusStatus status() {
		return new BusStatus(true, "local (single node)", 0, 0, 0);
	}

	@Override
	public void stop() {
	}

}
