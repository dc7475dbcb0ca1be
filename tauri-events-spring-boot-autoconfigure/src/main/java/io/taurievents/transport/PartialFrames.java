package io.taurievents.transport;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Reassembles one window's incoming frames from the parts the container delivers. A frame that arrives whole is
 * passed through without copying; a buffer exists only while a frame is arriving. The container delivers one
 * connection's messages one at a time, so no synchronization is needed.
 */
final class PartialFrames {

	private @Nullable StringBuilder text;

	private @Nullable ByteBuffer binary;

	/** Set when a frame was refused: its remaining parts are dropped. */
	private boolean discarding;

	/**
	 * Adds a part of a text frame.
	 * @param part the part
	 * @param last whether it ends the frame
	 * @return the whole frame once {@code last}, else {@code null}
	 */
	@Nullable String text(String part, boolean last) {
		if (discarded(last)) {
			return null;
		}
		if (this.text == null) {
			if (last) {
				return part;
			}
			this.text = new StringBuilder(part.length() * 2);
		}
		this.text.append(part);
		if (!last) {
			return null;
		}
		String whole = this.text.toString();
		this.text = null;
		return whole;
	}

	/**
	 * Adds a part of a binary frame.
	 * @param part the part
	 * @param last whether it ends the frame
	 * @return the whole frame once {@code last}, else {@code null}
	 */
	@Nullable ByteBuffer binary(ByteBuffer part, boolean last) {
		if (discarded(last)) {
			return null;
		}
		if (this.binary == null) {
			if (last) {
				return part;
			}
			this.binary = ByteBuffer.allocate(Math.max(part.remaining() * 2, 1024));
		}
		if (this.binary.remaining() < part.remaining()) {
			ByteBuffer larger = ByteBuffer.allocate(Math.max(this.binary.capacity() * 2,
					this.binary.position() + part.remaining()));
			this.binary.flip();
			larger.put(this.binary);
			this.binary = larger;
		}
		this.binary.put(part);
		if (!last) {
			return null;
		}
		ByteBuffer whole = this.binary.flip();
		this.binary = null;
		return whole;
	}

	/**
	 * Size of the frame being reassembled: characters of a text frame, bytes of a binary one.
	 * @return the size so far
	 */
	long size() {
		return (this.text != null) ? this.text.length() : (this.binary != null) ? this.binary.position() : 0;
	}

	/**
	 * Drops the frame being reassembled and the parts of it still to come.
	 * @param last whether the part that made the frame too large was its last
	 */
	void refuse(boolean last) {
		this.text = null;
		this.binary = null;
		this.discarding = !last;
	}

	boolean isDiscarding() {
		return this.discarding;
	}

	private boolean discarded(boolean last) {
		if (this.discarding && last) {
			this.discarding = false;
			return true;
		}
		return this.discarding;
	}

}
