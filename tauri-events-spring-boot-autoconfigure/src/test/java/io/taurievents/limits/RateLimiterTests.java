package io.taurievents.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token bucket behind the emit and invoke rates, on a clock the test moves.
 */
class RateLimiterTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void allowsABurstOfOneSecondThenKeepsToTheRate() {
		RateLimiter limiter = new RateLimiter(10, 0);
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.tryAcquire(0)).isTrue();
		}
		assertThat(limiter.tryAcquire(0)).isFalse();
		// a tenth of a second brings one token back
		assertThat(limiter.tryAcquire(SECOND / 10)).isTrue();
		assertThat(limiter.tryAcquire(SECOND / 10)).isFalse();
	}

	@Test
	void savesNoMoreThanOneSecondOfTokens() {
		RateLimiter limiter = new RateLimiter(10, 0);
		int granted = 0;
		while (limiter.tryAcquire(60 * SECOND)) {
			granted++;
		}
		assertThat(granted).isEqualTo(10);
	}

}
