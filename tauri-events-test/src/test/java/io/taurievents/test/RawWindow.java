package io.taurievents.test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window on a plain socket, for tests that need what a WebSocket client library hides: a page that really stops
 * reading (its small TCP receive buffer fills, so the server's writes stall) and the raw close frame.
 */
public final class RawWindow implements AutoCloseable {

	/** A server frame: its opcode and payload. */
	public record Frame(int opcode, byte[] payload, boolean fin) {

		public Frame(int opcode, byte[] payload) {
			this(opcode, payload, true);
		}

		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		/** The close code of a close frame. */
		public int closeCode() {
			return (this.payload.length >= 2) ? ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF) : 1005;
		}

	}

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	/** The opcode of the server's JSON frames: binary (2) when the hello announced {@code utf8}, else text (1). */
	private final int jsonOpcode;

	private RawWindow(Socket socket, int jsonOpcode) throws IOException {
		this.socket = socket;
		this.jsonOpcode = jsonOpcode;
		this.out = socket.getOutputStream();
		this.in = new DataInputStream(socket.getInputStream());
	}

	/**
	 * Connects with a small receive buffer and waits for the {@code welcome} frame.
	 * @param port the server port
	 * @param label the label
	 * @return the window
	 */
	public static RawWindow connect(int port, String label) throws IOException {
		return connect(port, label, null);
	}

	/**
	 * Connects with protocol version 2, sending the given {@code hello} first, and waits for the {@code welcome}.
	 * @param port the server port
	 * @param label the label
	 * @param hello the first frame, or {@code null} for protocol version 1
	 * @return the window
	 */
	public static RawWindow connect(int port, String label, @Nullable String hello) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(16 * 1024);
		socket.connect(new InetSocketAddress("localhost", port));
		socket.setSoTimeout(10_000);
		RawWindow window = new RawWindow(socket,
				(hello != null && json.readTree(hello).path("utf8").asBoolean(false)) ? 2 : 1);
		window.out.write(("GET /tauri?label=" + label + ((hello != null) ? "&v=2" : "") + " HTTP/1.1\r\nHost: localhost:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
				+ "Sec-WebSocket-Version: 13\r\nOrigin: http://localhost:" + port + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		assertThat(readHeaders(window.in)).startsWith("HTTP/1.1 101");
		if (hello != null) {
			window.sendText(hello);
		}
		assertThat(window.nextJson().path("type").asString()).isEqualTo("welcome");
		return window;
	}

	/** Sends a text frame. */
	public void sendText(String text) throws IOException {
		this.out.write(maskedFrame(0x81, text.getBytes(StandardCharsets.UTF_8)));
		this.out.flush();
	}

	/** Invokes and waits for the response, skipping every other frame. */
	public JsonNode invoke(long id, String cmd, String argsJson) throws IOException {
		sendText("{\"type\":\"invoke\",\"id\":" + id + ",\"cmd\":\"" + cmd + "\",\"args\":" + argsJson + "}");
		while (true) {
			JsonNode frame = nextJson();
			if ("response".equals(frame.path("type").asString()) && frame.path("id").asLong() == id) {
				return frame;
			}
		}
	}

	/** Reads the next JSON frame: a text frame, or a binary one for a window that announced {@code utf8}. */
	public JsonNode nextJson() throws IOException {
		Frame frame = next();
		assertThat(frame.opcode()).as((this.jsonOpcode == 1) ? "text frame" : "UTF-8 binary frame")
			.isEqualTo(this.jsonOpcode);
		return json.readTree(frame.text());
	}

	/** Reads the next message, joining the fragments of one the server sent in parts. */
	public Frame next() throws IOException {
		Frame frame = nextFragment();
		if (frame.fin() || frame.opcode() >= 8) {
			return new Frame(frame.opcode(), frame.payload());
		}
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		message.write(frame.payload());
		Frame part;
		do {
			part = nextFragment();
			message.write(part.payload());
		}
		while (!part.fin());
		return new Frame(frame.opcode(), message.toByteArray());
	}

	private Frame nextFragment() throws IOException {
		int first = this.in.readUnsignedByte();
		int second = this.in.readUnsignedByte();
		long length = second & 0x7F;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = this.in.readLong();
		}
		byte[] payload = new byte[Math.toIntExact(length)];
		this.in.readFully(payload);
		return new Frame(first & 0x0F, payload, (first & 0x80) != 0);
	}

	/**
	 * Reads (and drops) frames until the server's close frame, for a window that resumes reading.
	 * @param timeout how long to read
	 * @return the close code, or {@code null} if the connection ended without one
	 */
	public @Nullable Integer awaitCloseCode(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
		try {
			while (System.nanoTime() < deadline) {
				Frame frame = next();
				if (frame.opcode() == 8) {
					return frame.closeCode();
				}
			}
		}
		catch (EOFException | SocketTimeoutException ex) {
			return null;
		}
		catch (IOException ex) {
			// reset by the server
			return null;
		}
		return null;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private static String readHeaders(InputStream in) throws IOException {
		ByteArrayOutputStream headers = new ByteArrayOutputStream();
		while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			headers.write(b);
		}
		return headers.toString(StandardCharsets.US_ASCII);
	}

	/**
	 * A client frame (clients mask every frame).
	 * @param firstByte FIN and opcode
	 * @param payload the payload
	 * @return the frame bytes
	 */
	public static byte[] maskedFrame(int firstByte, byte[] payload) {
		byte[] mask = { 1, 2, 3, 4 };
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(firstByte);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length <= 0xFFFF) {
			frame.write(0x80 | 126);
			frame.write(payload.length >> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >> shift) & 0xFF);
			}
		}
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		return frame.toByteArray();
	}

}
