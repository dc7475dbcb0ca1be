package io.taurievents.transport;

/**
 * Settings of session resume, resolved from {@code tauri.events.resume.*} properties.
 *
 * @param enabled whether protocol version 2 sessions outlive their connection
 * @param windowMillis how long a detached session waits for its page to resume it
 * @param heartbeatMillis the heartbeat interval; a connection silent for three intervals is dead
 * @param bufferSize bytes of unacknowledged frames kept per session
 * @param maxTotal bytes of unacknowledged frames kept by all sessions together
 */
public record ResumeSettings(boolean enabled, long windowMillis, long heartbeatMillis, long bufferSize,
		long maxTotal) {

	/**
	 * The defaults of {@code tauri.events.resume.*}.
	 * @return the default settings
	 */
	public static ResumeSettings defaults() {
		return new ResumeSettings(true, 30_000, 5_000, 1024 * 1024, 64L * 1024 * 1024);
	}

}
