package io.taurievents.event;

import org.jspecify.annotations.Nullable;

import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;

/**
 * One emission on its way to listeners: the payload is serialized once, and the transport may cache the frame
 * it builds so that every window shares it.
 */
public final class Emission {

	private final String event;

	private final @Nullable EventTarget target;

	private final String payloadJson;

	private final @Nullable WebviewWindow source;

	private @Nullable Object sharedFrame;

	private @Nullable String wirePayload;

	Emission(String event, @Nullable EventTarget target, String payloadJson, @Nullable WebviewWindow source) {
		this.event = event;
		this.target = target;
		this.payloadJson = payloadJson;
		this.source = source;
	}

	/**
	 * The event name.
	 * @return the name
	 */
	public String event() {
		return this.event;
	}

	/**
	 * The emission target; {@code null} for a filtered emission.
	 * @return the target
	 */
	public @Nullable EventTarget target() {
		return this.target;
	}

	/**
	 * The payload as JSON text.
	 * @return the payload
	 */
	public String payloadJson() {
		return this.payloadJson;
	}

	/**
	 * The window that emitted, or {@code null} for the server.
	 * @return the source window
	 */
	public @Nullable WebviewWindow source() {
		return this.source;
	}

	/**
	 * The frame cached by the transport (emissions are dispatched on one thread, so no synchronization).
	 * @return the cached frame, or {@code null}
	 */
	public @Nullable Object sharedFrame() {
		return this.sharedFrame;
	}

	/**
	 * Caches the frame every window receives for a targeted emission.
	 * @param frame the frame
	 */
	public void sharedFrame(Object frame) {
		this.sharedFrame = frame;
	}

	/**
	 * The payload as the transport puts it on the wire, cached so it is prepared once per emission.
	 * @return the cached payload, or {@code null}
	 */
	public @Nullable String wirePayload() {
		return this.wirePayload;
	}

	/**
	 * Caches the payload as the transport puts it on the wire.
	 * @param payload the payload
	 */
	public void wirePayload(String payload) {
		this.wirePayload = payload;
	}

}
