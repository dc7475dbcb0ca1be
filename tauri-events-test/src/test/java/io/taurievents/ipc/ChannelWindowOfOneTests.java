package io.taurievents.ipc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.taurievents.ipc.ChannelPage.Frame;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tightest flow control: one message in flight, acknowledged one by one. Every ack must count even when it
 * arrives before the producer's {@code send} has returned.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ChannelWindowOfOneTests.App.class,
		properties = { "tauri.events.channel.window=1", "tauri.events.channel.send-timeout=2s" })
class ChannelWindowOfOneTests {

	@LocalServerPort
	int port;

	@Test
	void everyMessageWaitsForTheAckOfThePreviousOneAndNoneIsLost() throws Exception {
		try (ChannelPage page = ChannelPage.connect(this.port, "main")) {
			assertThat(page.channelWindow()).isEqualTo(1);
			Frame response = page.invoke("count", Map.of("count", 1000, "onEvent", "__CHANNEL__:1"))
				.get(30, TimeUnit.SECONDS);
			assertThat(response.header().get("ok").asBoolean()).isTrue();
			List<Frame> frames = page.channel(1);
			assertThat(frames).hasSize(1001);
			assertThat(frames.subList(0, 1000)).extracting(Frame::index)
				.containsExactlyElementsOf(java.util.stream.LongStream.range(0, 1000).boxed().toList());
		}
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
