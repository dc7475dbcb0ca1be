package io.taurievents.transport;

import java.util.Optional;

import io.taurievents.WebviewWindow;
import io.taurievents.stats.TauriEventsStats.WindowStats;
import io.taurievents.stats.TauriEventsStats.WindowStatsSource;

/**
 * Reads the statistics of this transport's windows.
 */
public final class WindowStatsReader implements WindowStatsSource {

	@Override
	public Optional<WindowStats> stats(WebviewWindow window) {
		if (!(window instanceof WindowSession session)) {
			return Optional.empty();
		}
		return Optional.of(new WindowStats(session.instance().instanceId().orElseThrow(),
				session.instance().principalName().orElse(null), session.label(), session.connectedSince(),
				session.listenerCount(), session.openChannels(), session.queuedBytes()));
	}

}
