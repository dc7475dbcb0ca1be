package io.taurievents.stats;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.EventTarget;
import io.taurievents.event.AppInstances;
import io.taurievents.event.InstanceMode;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.stats.TauriEventsStats.CloseReason;
import io.taurievents.stats.TauriEventsStats.DropReason;
import io.taurievents.stats.TauriEventsStats.EmissionKind;
import io.taurievents.stats.TauriEventsStats.FrameType;
import io.taurievents.stats.TauriEventsStats.Limit;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dimension of the statistics is bounded: page-chosen values fall into fixed buckets.
 */
class TauriEventsStatsTests {

	private final TauriEventsStats stats = new TauriEventsStats(
			new AppInstances(new ListenerRegistry(JsonMapper.builder().build()), InstanceMode.PER_TAB, Duration.ZERO,
					(event) -> {
					}),
			(window) -> Optional.empty());

	@Test
	void emissionsAreCountedByTargetKind() {
		this.stats.emitted(EventTarget.any());
		this.stats.emitted(EventTarget.app());
		this.stats.emitted(EventTarget.labeled("main"));
		this.stats.emitted(EventTarget.webviewWindow("main"));
		this.stats.emitted(null);
		assertThat(this.stats.emissions(EmissionKind.ANY)).isEqualTo(1);
		assertThat(this.stats.emissions(EmissionKind.APP)).isEqualTo(1);
		assertThat(this.stats.emissions(EmissionKind.LABEL)).isEqualTo(2);
		assertThat(this.stats.emissions(EmissionKind.FILTER)).isEqualTo(1);
	}

	@Test
	void closesAreCountedByKnownCodeAndPageChosenCodesAreOther() {
		this.stats.closed(CloseStatus.NORMAL);
		this.stats.closed(new CloseStatus(4008));
		this.stats.closed(new CloseStatus(4401));
		this.stats.closed(new CloseStatus(4999));
		this.stats.closed(new CloseStatus(3000));
		assertThat(this.stats.closes(CloseReason.NORMAL)).isEqualTo(1);
		assertThat(this.stats.closes(CloseReason.OVERFLOW)).isEqualTo(1);
		assertThat(this.stats.closes(CloseReason.AUTHENTICATION_ENDED)).isEqualTo(1);
		assertThat(this.stats.closes(CloseReason.OTHER)).isEqualTo(2);
		assertThat(CloseReason.OTHER.code()).isEqualTo("other");
		for (CloseReason reason : CloseReason.values()) {
			if (reason != CloseReason.OTHER) {
				assertThat(CloseReason.of(Integer.parseInt(reason.code()))).isEqualTo(reason);
			}
		}
	}

	@Test
	void framesAreCountedByTypeAndRefusedOnesAsDropped() {
		assertThat(this.stats.sent("{}", true)).isTrue();
		assertThat(this.stats.sent(ByteBuffer.allocate(4), true)).isTrue();
		assertThat(this.stats.channelMessage("{}", true)).isTrue();
		assertThat(this.stats.sent("{}", false)).isFalse();
		this.stats.received(FrameType.BINARY);
		assertThat(this.stats.framesSent(FrameType.TEXT)).isEqualTo(2);
		assertThat(this.stats.framesSent(FrameType.BINARY)).isEqualTo(1);
		assertThat(this.stats.channelMessages()).isEqualTo(1);
		assertThat(this.stats.droppedFrames(DropReason.WINDOW_CLOSED)).isEqualTo(1);
		assertThat(this.stats.framesReceived(FrameType.BINARY)).isEqualTo(1);
	}

	@Test
	void aTooLargeFrameIsARejectionAndADrop() {
		this.stats.rejected(Limit.FRAME_SIZE);
		this.stats.rejected(Limit.SHUTDOWN);
		assertThat(this.stats.rejections(Limit.FRAME_SIZE)).isEqualTo(1);
		assertThat(this.stats.rejections(Limit.SHUTDOWN)).isEqualTo(1);
		assertThat(this.stats.droppedFrames(DropReason.TOO_LARGE)).isEqualTo(1);
		assertThat(this.stats.windows()).isZero();
		assertThat(this.stats.instances()).isZero();
	}

}
