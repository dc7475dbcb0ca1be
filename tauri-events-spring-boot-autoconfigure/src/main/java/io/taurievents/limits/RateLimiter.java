package io.taurievents.limits;

/**
 * A token bucket: {@code perSecond} tokens a second, up to {@code perSecond} saved, so a page may send a second's
 * worth at once (its start-up burst of listens, say) and then keeps to the rate.
 */
final class RateLimiter {

	private final double perNano;

	private final double capacity;

	private double tokens;

	private long refilledAt;

	RateLimiter(int perSecond, long now) {
		this.perNano = perSecond / 1e9;
		this.capacity = perSecond;
		this.tokens = perSecond;
		this.refilledAt = now;
	}

	/**
	 * Takes a token if there is one.
	 * @param now {@link System#nanoTime()}
	 * @return whether a token was taken
	 */
	synchronized boolean tryAcquire(long now) {
		this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.perNano);
		this.refilledAt = now;
		if (this.tokens < 1) {
			return false;
		}
		this.tokens--;
		return true;
	}

}
