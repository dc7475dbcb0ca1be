package io.taurievents.limits;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of rejections by {@link Limit}, since the application started: the read-only view a metrics binder (a
 * Micrometer {@code FunctionCounter} per limit, for example) or a health check reads. Thread-safe and cheap; the
 * counters only grow.
 */
public final class LimitStats {

	private static final Limit[] LIMITS = Limit.values();

	private final AtomicLongArray rejections = new AtomicLongArray(LIMITS.length);

	/**
	 * Counts one rejection.
	 * @param limit the limit that was hit
	 */
	public void rejected(Limit limit) {
		this.rejections.incrementAndGet(limit.ordinal());
	}

	/**
	 * The rejections by one limit.
	 * @param limit the limit
	 * @return how many requests, frames or connections it rejected
	 */
	public long rejections(Limit limit) {
		return this.rejections.get(limit.ordinal());
	}

	/**
	 * A snapshot of every counter.
	 * @return the rejections by limit, every limit present
	 */
	public Map<Limit, Long> rejections() {
		Map<Limit, Long> snapshot = new EnumMap<>(Limit.class);
		for (Limit limit : LIMITS) {
			snapshot.put(limit, rejections(limit));
		}
		return Collections.unmodifiableMap(snapshot);
	}

}
