package io.taurievents.ipc;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.taurievents.ipc.StreamingCommands.Outcome;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page that stops reading its socket altogether: the channel's big messages fill the window's bounded send
 * buffer long before the channel window is used up, the producer is told ({@code trySend} is refused) and then
 * waits, and the window is disconnected after {@code send-time-limit}, which closes the channel.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ChannelBackpressureTests.App.class,
		properties = { "tauri.events.send-time-limit=1s", "tauri.events.send-buffer-size=1MB" })
class ChannelBackpressureTests {

	@LocalServerPort
	int port;

	@Autowired
	StreamingCommands commands;

	@Test
	void pageThatStopsReadingBoundsServerMemoryAndStopsTheProducer() throws Exception {
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(16 * 1024);
			socket.connect(new java.net.InetSocketAddress("localhost", this.port));
			OutputStream out = socket.getOutputStream();
			out.write(("GET /tauri?label=main HTTP/1.1\r\nHost: localhost:" + this.port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: 13\r\nOrigin: http://localhost:" + this.port + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			assertThat(readHeaders(socket.getInputStream())).startsWith("HTTP/1.1 101");
			out.write(maskedTextFrame(
					"{\"type\":\"invoke\",\"id\":1,\"cmd\":\"flood_bytes\",\"args\":{\"onChunk\":\"__CHANNEL__:5\"}}"));
			out.flush();
			// from here on the page reads nothing
			Outcome outcome = this.commands.outcome(5);
			int accepted = outcome.refusedAt.get(10, TimeUnit.SECONDS);
			// 1 MB messages against a 1 MB send buffer: refused long before the 64-message channel window
			assertThat(accepted).isLessThan(64);
			assertThat(outcome.failure.get(15, TimeUnit.SECONDS)).isInstanceOf(ChannelClosedException.class)
				.hasMessage("channel `__CHANNEL__:5` of window 'main' is closed: its window 'main' disconnected");
		}
	}

	private static String readHeaders(InputStream in) throws Exception {
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

	private static byte[] maskedTextFrame(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		byte[] mask = { 1, 2, 3, 4 };
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x81);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else {
			frame.write(0x80 | 126);
			frame.write(payload.length >> 8);
			frame.write(payload.length & 0xFF);
		}
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		return frame.toByteArray();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean(destroyMethod = "close")
		StreamingCommands streamingCommands(ChannelFactory channels) {
			return new StreamingCommands(channels);
		}

	}

}
