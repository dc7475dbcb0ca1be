package io.taurievents.transport;

/**
 * Settings of the transport, resolved from {@code tauri.events.*} properties.
 *
 * @param maxFrameSize largest accepted incoming frame, in bytes
 * @param sendBufferSize bytes queued per window; a window whose buffer is full is disconnected
 * @param sendTimeLimitMillis how long a window may read nothing before it is disconnected
 * @param channelWindow channel messages in flight per channel before the producer waits for an ack
 * @param replaceDuplicateLabels whether a new connection replaces the window holding its label
 * @param evalEnabled whether {@code WebviewWindow.eval} may run scripts
 * @param maxListenersPerWindow most listeners one page may register
 * @param batchSize largest batch of queued text frames written as one frame to a page that splits batches, in
 * characters; 0 writes every frame alone
 * @param binaryText whether a page that reads them gets its text frames as UTF-8 in binary frames
 */
public record TransportSettings(int maxFrameSize, long sendBufferSize, long sendTimeLimitMillis, int channelWindow,
		boolean replaceDuplicateLabels, boolean evalEnabled, int maxListenersPerWindow, int batchSize,
		boolean binaryText) {

	/**
	 * The defaults of {@code tauri.events.*}.
	 * @return the default settings
	 */
	public static TransportSettings defaults() {
		return new TransportSettings(1024 * 1024, 1024 * 1024, 10_000, 64, true, false, 10_000, 8 * 1024, true);
	}

}
