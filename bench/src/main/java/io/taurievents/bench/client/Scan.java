package io.taurievents.bench.client;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Reads the few numbers the client needs straight from frame bytes, without decoding whole frames: every key it
 * looks for sits in the first few hundred bytes.
 */
final class Scan {

	private static final int HEAD = 1024;

	private Scan() {
	}

	static byte[] key(String key) {
		return key.getBytes(StandardCharsets.US_ASCII);
	}

	static boolean startsWith(ByteBuf buf, byte[] prefix) {
		int start = buf.readerIndex();
		if (buf.readableBytes() < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (buf.getByte(start + i) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	static boolean startsWithAt(ByteBuf buf, int start, byte[] prefix) {
		if (buf.writerIndex() - start < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (buf.getByte(start + i) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The end of the JSON object starting at {@code start}, for splitting a batch (a JSON array of objects).
	 * @return the absolute index of the byte after its closing brace
	 */
	static int objectEnd(ByteBuf buf, int start) {
		int depth = 0;
		boolean inString = false;
		int end = buf.writerIndex();
		for (int i = start; i < end; i++) {
			byte b = buf.getByte(i);
			if (inString) {
				if (b == '\\') {
					i++;
				}
				else if (b == '"') {
					inString = false;
				}
			}
			else if (b == '"') {
				inString = true;
			}
			else if (b == '{' || b == '[') {
				depth++;
			}
			else if ((b == '}' || b == ']') && --depth == 0) {
				return i + 1;
			}
		}
		return end;
	}

	/**
	 * The offset of {@code key} within the first bytes of the frame, from {@code from}.
	 * @return the absolute index of the byte after the key, or -1
	 */
	static int indexAfter(ByteBuf buf, byte[] key, int from) {
		int end = Math.min(buf.writerIndex(), from + HEAD) - key.length;
		outer: for (int i = from; i <= end; i++) {
			for (int j = 0; j < key.length; j++) {
				if (buf.getByte(i + j) != key[j]) {
					continue outer;
				}
			}
			return i + key.length;
		}
		return -1;
	}

	/**
	 * The non-negative integer right after {@code key}.
	 * @return the number, or -1 when the key is absent
	 */
	static long longAfter(ByteBuf buf, byte[] key, int from) {
		int index = indexAfter(buf, key, from);
		if (index < 0) {
			return -1;
		}
		long value = 0;
		int digits = 0;
		while (index < buf.writerIndex()) {
			byte b = buf.getByte(index++);
			if (b < '0' || b > '9') {
				break;
			}
			value = value * 10 + (b - '0');
			digits++;
		}
		return (digits > 0) ? value : -1;
	}

	static long longAfter(ByteBuf buf, byte[] key) {
		return longAfter(buf, key, buf.readerIndex());
	}

	static String head(ByteBuf buf) {
		return buf.toString(buf.readerIndex(), Math.min(buf.readableBytes(), 300), StandardCharsets.UTF_8);
	}

}
