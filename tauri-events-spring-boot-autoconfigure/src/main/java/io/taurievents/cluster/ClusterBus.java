package io.taurievents.cluster;

import java.time.Duration;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * What carries emissions between the nodes of one application: the service provider interface a cluster transport
 * implements ({@code RedisStreamsClusterBus} is the one shipped). The node on top of it
 * ({@link ClusterNode}) numbers every message per sender, drops duplicates, detects gaps and tells the affected
 * windows to resync, so a bus only has to keep these promises:
 * <ul>
 * <li><b>Order per publisher:</b> every other node's receiver gets one node's messages in the order it published
 * them, one message at a time, on one thread.</li>
 * <li><b>Never block the publisher:</b> {@link #publish} returns at once; while the bus is unavailable messages are
 * buffered (bounded) and retried in order.</li>
 * <li><b>At least once or a visible gap:</b> a message may arrive twice (a retried write whose reply was lost), and
 * a message the bus had to give up (a full buffer, a restart of the bus's server that lost its data) simply never
 * arrives: the node notices the hole in the sequence numbers. A bus never invents or reorders messages.</li>
 * <li><b>Shared records:</b> small values with a time to live ({@link #put}, {@link #get}) readable by every node,
 * for instance tokens.</li>
 * </ul>
 * A bus may hand a node its own messages back; the node ignores them.
 */
public interface ClusterBus {

	/**
	 * Starts delivering the messages other nodes publish from now on.
	 * @param receiver called for every message, one at a time, in each publisher's order
	 */
	void start(Consumer<String> receiver);

	/**
	 * Writes a shared record unless one exists, waiting for the bus's store (at most its command timeout): for what
	 * two nodes must not both create. The default is not atomic; a bus overrides it with its store's own operation.
	 * @param key the key
	 * @param value the value to write when the key has none
	 * @param timeToLive how long it lives unless written again
	 * @return the value the key holds now (the given one when it was written), or {@code null} when the store is
	 * unreachable
	 */
	default @Nullable String putIfAbsent(String key, String value, Duration timeToLive) {
		String current = get(key);
		if (current != null) {
			return current;
		}
		put(key, value, timeToLive);
		return value;
	}

	/**
	 * Sets what runs when the bus's store has lost its data (a restart without persistence, a failover to an empty
	 * replica): the node writes its shared records again. Called on a thread of the bus, which must go on: the
	 * listener hands its work off.
	 * @param listener what to run
	 */
	default void onDataLost(Runnable listener) {
	}

	/**
	 * Publishes a message to every other node, without waiting.
	 * @param message the message (JSON text)
	 */
	void publish(String message);

	/**
	 * Reads a shared record, waiting for the bus's store (at most its command timeout).
	 * @param key the key
	 * @return the value, or {@code null} when absent, expired or the store is unreachable
	 */
	@Nullable String get(String key);

	/**
	 * Writes a shared record, without waiting.
	 * @param key the key
	 * @param value the value
	 * @param timeToLive how long it lives unless written again
	 */
	void put(String key, String value, Duration timeToLive);

	/**
	 * How the bus is doing, for the health indicator and the meters.
	 * @return a snapshot
	 */
	BusStatus status();

	/**
	 * Stops: publishes what is buffered when it can within a short time, then stops delivering.
	 */
	void stop();

	/**
	 * A snapshot of a bus's state.
	 * @param up whether the bus's service answers
	 * @param detail what the bus wants operators to see (its server, the last error)
	 * @param backlog messages published and not yet handed to the service
	 * @param retries writes or reads retried after a failure, since start
	 * @param dropped messages given up because the backlog was full, since start
	 */
	record BusStatus(boolean up, String detail, long backlog, long retries, long dropped) {
	}

}
