package io.taurievents.transport;

/**
 * What a page announced in its {@code hello} or {@code resume} that it reads besides single text frames
 * ({@code docs/protocol.md}).
 *
 * @param batch several frames as one JSON array
 * @param utf8 text frames as UTF-8 in binary frames
 */
record PageFormats(boolean batch, boolean utf8) {

	/** A page that reads single text frames only (version 1, or version 2 announcing nothing). */
	static final PageFormats SINGLE = new PageFormats(false, false);

}
