package io.taurievents.limits;

import java.net.InetSocketAddress;
import java.security.Principal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counting behind {@link ConnectionLimits}: total, per principal, per anonymous address, and release.
 */
class ConnectionLimitsTests {

	private final LimitStats stats = new LimitStats();

	private final ConnectionLimits limits = new ConnectionLimits(4, 2, 2, this.stats);

	private final InetSocketAddress home = new InetSocketAddress("10.0.0.1", 5000);

	private final InetSocketAddress office = new InetSocketAddress("10.0.0.2", 5000);

	@Test
	void principalsAreLimitedWhateverTheirAddress() {
		Principal ada = () -> "ada";
		assertThat(this.limits.tryAcquire(ada, this.home).refusal()).isNull();
		assertThat(this.limits.tryAcquire(ada, this.office).refusal()).isNull();
		assertThat(this.limits.tryAcquire(ada, this.office).refusal())
			.isEqualTo("too many windows of this user (tauri.events.limits.max-connections-per-principal=2)");
		// another user from the same address is not affected
		assertThat(this.limits.tryAcquire(() -> "bob", this.office).refusal()).isNull();
		assertThat(this.stats.rejections(Limit.CONNECTIONS_PER_PRINCIPAL)).isEqualTo(1);
	}

	@Test
	void anonymousWindowsAreLimitedPerAddressAndReleaseTheirSlotOnce() {
		ConnectionLimits.Lease first = this.limits.tryAcquire(null, this.home);
		assertThat(this.limits.tryAcquire(null, this.home).refusal()).isNull();
		assertThat(this.limits.tryAcquire(null, this.home).refusal()).isEqualTo(
				"too many anonymous windows from this address (tauri.events.limits.max-connections-per-address=2)");
		first.release();
		first.release();
		assertThat(this.limits.connections()).isEqualTo(1);
		assertThat(this.limits.tryAcquire(null, this.home).refusal()).isNull();
		assertThat(this.limits.tryAcquire(null, this.home).refusal()).isNotNull();
		assertThat(this.stats.rejections(Limit.CONNECTIONS_PER_ADDRESS)).isEqualTo(2);
	}

	@Test
	void theTotalIsLimited() {
		for (int i = 0; i < 4; i++) {
			String name = "user" + i;
			assertThat(this.limits.tryAcquire(() -> name, this.home).refusal()).isNull();
		}
		assertThat(this.limits.tryAcquire(() -> "another", this.office).refusal())
			.isEqualTo("too many windows (tauri.events.limits.max-connections=4)");
		assertThat(this.stats.rejections(Limit.CONNECTIONS)).isEqualTo(1);
	}

	@Test
	void zeroMeansNoLimit() {
		ConnectionLimits unlimited = new ConnectionLimits(0, 0, -1, this.stats);
		for (int i = 0; i < 100; i++) {
			assertThat(unlimited.tryAcquire(null, this.home).refusal()).isNull();
		}
		assertThat(unlimited.connections()).isEqualTo(100);
	}

}
