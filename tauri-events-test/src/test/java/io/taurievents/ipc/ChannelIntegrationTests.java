package io.taurievents.ipc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.taurievents.ipc.StreamingCommands.Outcome;
import io.taurievents.ipc.ChannelPage.Frame;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Channels against the real server and a real WebSocket client, created through {@link ChannelFactory} by a
 * hand-written {@link CommandHandler}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ChannelIntegrationTests.App.class,
		properties = { "tauri.events.channel.window=16", "tauri.events.channel.send-timeout=300ms" })
class ChannelIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	StreamingCommands commands;

	ChannelPage page;

	@BeforeEach
	void connect() throws Exception {
		this.page = ChannelPage.connect(this.port, "main");
	}

	@AfterEach
	void disconnect() throws Exception {
		this.page.close();
	}

	@Test
	void tenThousandMessagesArriveInOrderThenTheEndMarkerThenTheResponse() throws Exception {
		Frame response = this.page.invoke("count", Map.of("count", 10_000, "onEvent", "__CHANNEL__:4000000000"))
			.get(30, TimeUnit.SECONDS);
		assertThat(response.header().get("ok").asBoolean()).isTrue();
		assertThat(response.header().get("payload").asInt()).isEqualTo(10_000);
		List<Frame> frames = this.page.channel(4_000_000_000L);
		assertThat(frames).hasSize(10_001);
		for (int i = 0; i < 10_000; i++) {
			assertThat(frames.get(i).index()).isEqualTo(i);
			assertThat(frames.get(i).message().asInt()).isEqualTo(i);
		}
		for (int boundary : new int[] { 9, 10, 99, 100, 999, 1000 }) {
			assertThat(frames.get(boundary).header().toString())
				.isEqualTo("{\"type\":\"channel\",\"channel\":4000000000,\"index\":" + boundary + ",\"message\":"
						+ boundary + "}");
		}
		Frame end = frames.get(10_000);
		assertThat(end.isEnd()).isTrue();
		assertThat(end.index()).isEqualTo(10_000);
		List<Frame> all = this.page.frames();
		assertThat(all.indexOf(end)).isLessThan(all.indexOf(response));
	}

	@Test
	void binaryAndJsonMessagesOfEverySizeStayInSendOrder() throws Exception {
		int count = 300;
		Frame response = this.page.invoke("mixed", Map.of("count", count, "onEvent", "__CHANNEL__:7"))
			.get(30, TimeUnit.SECONDS);
		assertThat(response.header().get("ok").asBoolean()).isTrue();
		List<Frame> frames = this.page.channel(7);
		assertThat(frames).hasSize(count + 1);
		for (int i = 0; i < count; i++) {
			Frame frame = frames.get(i);
			assertThat(frame.index()).isEqualTo(i);
			if (i % 3 == 0) {
				assertThat(frame.body()).as("binary message %d", i).isEqualTo(StreamingCommands.bytes(i));
				assertThat(frame.header().has("message")).isFalse();
			}
			else {
				assertThat(frame.body()).as("JSON message %d", i).isNull();
				assertThat(frame.message().get("i").asInt()).isEqualTo(i);
				assertThat(frame.message().get("pad").asString()).hasSize(StreamingCommands.size(i));
			}
		}
		assertThat(frames.get(count).isEnd()).isTrue();
		assertThat(frames.get(count).index()).isEqualTo(count);
	}

	@Test
	void concurrentProducersOnOneChannelGetGaplessIndicesAndKeepTheirOwnOrder() throws Exception {
		Frame response = this.page
			.invoke("parallel", Map.of("threads", 4, "count", 2500, "onEvent", "__CHANNEL__:8"))
			.get(30, TimeUnit.SECONDS);
		assertThat(response.header().get("payload").asInt()).isEqualTo(10_000);
		List<Frame> frames = this.page.channel(8);
		assertThat(frames).hasSize(10_001);
		int[] nextPerThread = new int[4];
		for (int i = 0; i < 10_000; i++) {
			Frame frame = frames.get(i);
			assertThat(frame.index()).isEqualTo(i);
			int thread = frame.message().get(0).asInt();
			assertThat(frame.message().get(1).asInt()).isEqualTo(nextPerThread[thread]++);
		}
		assertThat(nextPerThread).containsOnly(2500);
		assertThat(frames.get(10_000).isEnd()).isTrue();
		assertThat(frames.get(10_000).index()).isEqualTo(10_000);
	}

	@Test
	void windowClosingMidStreamClosesTheChannelAndStopsTheProducer() throws Exception {
		Frame response = this.page.invoke("subscribe", Map.of("onEvent", "__CHANNEL__:11")).get(10, TimeUnit.SECONDS);
		assertThat(response.header().get("payload").asLong()).isEqualTo(11);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.page.channel(11).size() >= 500);
		this.page.close();
		Outcome outcome = this.commands.outcome(11);
		RuntimeException failure = outcome.failure.get(10, TimeUnit.SECONDS);
		assertThat(failure).isInstanceOf(ChannelClosedException.class)
			.hasMessage("channel `__CHANNEL__:11` of window 'main' is closed: its window 'main' disconnected");
		assertThat(outcome.channel.isClosed()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> outcome.closeCallbacks == 1);
	}

	@Test
	void subscriptionOutlivesItsCommandUntilClosed() throws Exception {
		this.page.invoke("subscribe", Map.of("onEvent", "__CHANNEL__:12")).get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.page.channel(12).size() >= 200);
		Outcome outcome = this.commands.outcome(12);
		outcome.channel.close();
		assertThat(outcome.failure.get(10, TimeUnit.SECONDS)).isInstanceOf(ChannelClosedException.class)
			.hasMessageEndingWith("is closed: it was closed");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<Frame> frames = this.page.channel(12);
			Frame last = frames.get(frames.size() - 1);
			assertThat(last.isEnd()).isTrue();
			assertThat(last.index()).isEqualTo(frames.size() - 1);
		});
		List<Frame> frames = this.page.channel(12);
		assertThat(frames.stream().mapToLong(Frame::index)).containsExactlyElementsOf(
				IntStream.range(0, frames.size()).mapToLong((i) -> i).boxed().toList());
		await().atMost(Duration.ofSeconds(10)).until(() -> outcome.closeCallbacks == 1);
	}

	@Test
	void sendingAfterTheCommandCompletedFailsClearly() throws Exception {
		this.page.invoke("return_early", Map.of("onEvent", "__CHANNEL__:13")).get(10, TimeUnit.SECONDS);
		assertThat(this.commands.outcome(13).failure.get(10, TimeUnit.SECONDS))
			.isInstanceOf(ChannelClosedException.class)
			.hasMessage("channel `__CHANNEL__:13` of window 'main' is closed: its command `return_early` completed; "
					+ "call keepOpen() to stream after the command returns");
		assertThat(this.page.channel(13)).singleElement().satisfies((end) -> {
			assertThat(end.isEnd()).isTrue();
			assertThat(end.index()).isZero();
		});
	}

	@Test
	void aChannelOpenedAfterTheInvokeSettledIsClosedAtOnce() throws Exception {
		this.page.invoke("open_after_settle", Map.of("onEvent", "__CHANNEL__:14")).get(10, TimeUnit.SECONDS);
		Outcome outcome = this.commands.outcome(14);
		assertThat(outcome.failure.get(10, TimeUnit.SECONDS)).isInstanceOf(ChannelClosedException.class)
			.hasMessageContaining("its command `open_after_settle` completed");
		assertThat(outcome.channel.isClosed()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.page.channel(14)).singleElement().satisfies((end) -> {
				assertThat(end.isEnd()).isTrue();
				assertThat(end.index()).isZero();
			}));
	}

	@Test
	void stalledConsumerBoundsWhatIsInFlightAndTheProducerIsToldThenWaits() throws Exception {
		this.page.stall(21);
		var flood = this.page.invoke("flood", Map.of("count", 200, "onEvent", "__CHANNEL__:21"));
		Outcome outcome = this.commands.outcome(21);
		assertThat(outcome.refusedAt.get(10, TimeUnit.SECONDS)).isEqualTo(16);
		assertThat(outcome.failure.get(10, TimeUnit.SECONDS)).isInstanceOf(ChannelTimeoutException.class)
			.hasMessageContaining("has 16 messages the page has not acknowledged after 300 ms");
		// nothing beyond the channel window is sent (or buffered) while the page is stuck
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
			.until(() -> this.page.channel(21).size() == 16);
		// neither the same window's other invokes and channels ...
		Frame sameWindow = this.page.invoke("count", Map.of("count", 1000, "onEvent", "__CHANNEL__:22"))
			.get(10, TimeUnit.SECONDS);
		assertThat(sameWindow.header().get("ok").asBoolean()).isTrue();
		assertThat(this.page.channel(22)).hasSize(1001);
		// ... nor another window is held up by the stuck channel
		try (ChannelPage other = ChannelPage.connect(this.port, "other")) {
			Frame response = other.invoke("count", Map.of("count", 1000, "onEvent", "__CHANNEL__:21"))
				.get(10, TimeUnit.SECONDS);
			assertThat(response.header().get("ok").asBoolean()).isTrue();
			assertThat(other.channel(21)).hasSize(1001);
		}
		this.page.resume(21);
		this.page.ack(21, 16);
		Frame response = flood.get(10, TimeUnit.SECONDS);
		assertThat(response.header().get("payload").asInt()).isEqualTo(200);
		List<Frame> frames = this.page.channel(21);
		assertThat(frames).hasSize(201);
		for (int i = 0; i < 200; i++) {
			assertThat(frames.get(i).message().asInt()).isEqualTo(i);
		}
		assertThat(frames.get(200).isEnd()).isTrue();
	}

	@Test
	void interruptingAWaitingProducerClosesTheChannel() throws Exception {
		this.page.stall(51);
		var flood = this.page.invoke("flood", Map.of("count", 100, "onEvent", "__CHANNEL__:51"));
		Outcome outcome = this.commands.outcome(51);
		assertThat(outcome.refusedAt.get(10, TimeUnit.SECONDS)).isEqualTo(16);
		outcome.producer.interrupt();
		Frame response = flood.get(10, TimeUnit.SECONDS);
		assertThat(response.header().get("error").asString()).isEqualTo(
				"channel `__CHANNEL__:51` of window 'main' is closed: its producer was interrupted while waiting to send");
		List<Frame> frames = this.page.channel(51);
		assertThat(frames).hasSize(17);
		assertThat(frames.get(16).isEnd()).isTrue();
		assertThat(frames.get(16).index()).isEqualTo(16);
	}

	@Test
	void anInterruptedProducerThreadDoesNotBreakTheConnection() throws Exception {
		for (int i = 0; i < 5; i++) {
			Frame response = this.page.invoke("stream_interrupted", Map.of("onEvent", "__CHANNEL__:" + (60 + i)))
				.get(10, TimeUnit.SECONDS);
			assertThat(response.header().get("payload").asString()).isEqualTo("still connected");
			assertThat(this.page.channel(60 + i)).hasSize(2);
		}
		assertThat(this.page.closed()).isNotDone();
	}

	@Test
	void theSamePageChannelPassedToASecondInvokeIsRejected() throws Exception {
		this.page.invoke("subscribe", Map.of("onEvent", "__CHANNEL__:31")).get(10, TimeUnit.SECONDS);
		Frame second = this.page.invoke("count", Map.of("count", 3, "onEvent", "__CHANNEL__:31"))
			.get(10, TimeUnit.SECONDS);
		assertThat(second.header().get("ok").asBoolean()).isFalse();
		assertThat(second.header().get("error").asString())
			.isEqualTo("channel `__CHANNEL__:31` is already in use by another invoke; create one Channel per invoke");
		// the first stream is not disturbed, and once it is closed the id is free again
		Outcome outcome = this.commands.outcome(31);
		outcome.channel.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			List<Frame> frames = this.page.channel(31);
			return !frames.isEmpty() && frames.get(frames.size() - 1).isEnd();
		});
		Frame third = this.page.invoke("count", Map.of("count", 3, "onEvent", "__CHANNEL__:31"))
			.get(10, TimeUnit.SECONDS);
		assertThat(third.header().get("ok").asBoolean()).isTrue();
	}

	@Test
	void malformedChannelArgumentsRejectWithTauriTexts() throws Exception {
		assertThat(rejection(Map.of("count", 1, "onEvent", "nope")))
			.isEqualTo("invalid channel value `nope`, expected a string in the `__CHANNEL__:ID` format");
		assertThat(rejection(Map.of("count", 1, "onEvent", "__CHANNEL__:")))
			.isEqualTo("invalid channel value `__CHANNEL__:`, expected a string in the `__CHANNEL__:ID` format");
		assertThat(rejection(Map.of("count", 1, "onEvent", "__CHANNEL__:-1")))
			.isEqualTo("invalid channel value `__CHANNEL__:-1`, expected a string in the `__CHANNEL__:ID` format");
		assertThat(rejection(Map.of("count", 1, "onEvent", "x__CHANNEL__:1")))
			.isEqualTo("invalid channel value `x__CHANNEL__:1`, expected a string in the `__CHANNEL__:ID` format");
		assertThat(rejection(Map.of("count", 1, "onEvent", "__CHANNEL__:99999999999999999999"))).isEqualTo(
				"invalid channel value `__CHANNEL__:99999999999999999999`, expected a string in the `__CHANNEL__:ID` format");
		assertThat(rejection(Map.of("count", 1, "onEvent", 5)))
			.isEqualTo("invalid args `onEvent` for command `count`: invalid type: integer `5`, expected a string");
		assertThat(rejection(Map.of("count", 1)))
			.isEqualTo("invalid args `onEvent` for command `count`: command count missing required key onEvent");
		// the connection keeps working
		Frame ok = this.page.invoke("count", Map.of("count", 2, "onEvent", "__CHANNEL__:41")).get(10, TimeUnit.SECONDS);
		assertThat(ok.header().get("ok").asBoolean()).isTrue();
		assertThat(this.page.channel(41)).hasSize(3);
	}

	private String rejection(Map<String, ?> args) throws Exception {
		Frame response = this.page.invoke("count", args).get(10, TimeUnit.SECONDS);
		assertThat(response.header().get("ok").asBoolean()).isFalse();
		return response.header().get("error").asString();
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
