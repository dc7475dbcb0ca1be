package io.taurievents.ipc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * {@code Channel} parameters of real {@code @TauriCommand} methods, end to end: the auto-configured command
 * machinery, the {@link ChannelMethodArgumentResolver} and a real WebSocket page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ChannelCommandIntegrationTests.App.class)
class ChannelCommandIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ChannelCommands commands;

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
	void downloadStreamsSealedEventsThenEndsBeforeTheResponse() throws Exception {
		Frame response = invoke("download", Map.of("url", "https://example.com/a.json", "onEvent", "__CHANNEL__:1"));
		assertThat(response.header().get("ok").asBoolean()).isTrue();
		List<Frame> frames = this.page.channel(1);
		assertThat(frames).hasSize(8);
		assertThat(frames.get(0).message().toString())
			.isEqualTo("{\"event\":\"started\",\"url\":\"https://example.com/a.json\",\"downloadId\":1,\"contentLength\":1000}");
		assertThat(frames.subList(1, 6)).extracting((frame) -> frame.message().get("chunkLength").asInt())
			.containsExactly(15, 150, 35, 500, 300);
		assertThat(frames.get(1).message().get("event").asString()).isEqualTo("progress");
		assertThat(frames.get(6).message().toString()).isEqualTo("{\"event\":\"finished\",\"downloadId\":1}");
		assertThat(frames.get(7).header().toString())
			.isEqualTo("{\"type\":\"channel\",\"channel\":1,\"index\":7,\"end\":true}");
		assertEndedBeforeResponse(frames.get(7), response);
	}

	@Test
	void tenThousandMessagesInOrderAcrossTheIndexBoundaries() throws Exception {
		Frame response = invoke("count", Map.of("count", 10_000, "onEvent", "__CHANNEL__:2"));
		assertThat(response.header().get("payload").asInt()).isEqualTo(10_000);
		List<Frame> frames = this.page.channel(2);
		assertThat(frames).hasSize(10_001);
		for (int i = 0; i < 10_000; i++) {
			assertThat(frames.get(i).index()).isEqualTo(i);
			assertThat(frames.get(i).message().asInt()).isEqualTo(i);
		}
		assertThat(frames.get(10_000).isEnd()).isTrue();
		assertThat(frames.get(10_000).index()).isEqualTo(10_000);
		assertEndedBeforeResponse(frames.get(10_000), response);
	}

	@Test
	void asyncCommandEndsItsChannelWhenTheFutureCompletes() throws Exception {
		Frame response = invoke("later", Map.of("onEvent", "__CHANNEL__:3"));
		assertThat(response.header().get("payload").asString()).isEqualTo("done");
		List<Frame> frames = this.page.channel(3);
		assertThat(frames).hasSize(101);
		assertThat(frames.get(99).message().asString()).isEqualTo("late 99");
		assertThat(frames.get(100).isEnd()).isTrue();
		assertEndedBeforeResponse(frames.get(100), response);
	}

	@Test
	void failingCommandStillEndsItsChannelBeforeTheRejection() throws Exception {
		Frame response = invoke("fail", Map.of("onEvent", "__CHANNEL__:4"));
		assertThat(response.header().get("error").asString()).isEqualTo("it broke");
		List<Frame> frames = this.page.channel(4);
		assertThat(frames).extracting((frame) -> frame.header().toString())
			.containsExactly("{\"type\":\"channel\",\"channel\":4,\"index\":0,\"message\":\"before the failure\"}",
					"{\"type\":\"channel\",\"channel\":4,\"index\":1,\"end\":true}");
		assertEndedBeforeResponse(frames.get(1), response);
	}

	@Test
	void subscriptionOutlivesItsCommandAndStopsWhenTheWindowCloses() throws Exception {
		Frame response = invoke("subscribe", Map.of("onTick", "__CHANNEL__:5"));
		assertThat(response.header().get("payload").asLong()).isEqualTo(5);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.page.channel(5).size() >= 300);
		// while it streams, the page cannot pass the same channel to another invoke
		Frame reuse = invoke("count", Map.of("count", 1, "onEvent", "__CHANNEL__:5"));
		assertThat(reuse.header().get("error").asString())
			.isEqualTo("channel `__CHANNEL__:5` is already in use by another invoke; create one Channel per invoke");
		this.page.close();
		assertThat(this.commands.subscriptionFailures.get(5L).get(10, TimeUnit.SECONDS))
			.isInstanceOf(ChannelClosedException.class)
			.hasMessage("channel `__CHANNEL__:5` of window 'main' is closed: its window 'main' disconnected");
	}

	@Test
	void optionalChannelIsEmptyWithoutTheKeyAndPresentWithIt() throws Exception {
		assertThat(invoke("optional_channel", Map.of()).header().get("payload").asBoolean()).isFalse();
		assertThat(invoke("optional_channel", Map.of("onEvent", "__CHANNEL__:6")).header().get("payload").asBoolean())
			.isTrue();
		assertThat(this.page.channel(6)).extracting((frame) -> frame.header().toString())
			.containsExactly("{\"type\":\"channel\",\"channel\":6,\"index\":0,\"message\":\"hi\"}",
					"{\"type\":\"channel\",\"channel\":6,\"index\":1,\"end\":true}");
	}

	@Test
	void nullableChannelIsNullWithoutTheKey() throws Exception {
		assertThat(invoke("nullable_channel", Map.of()).header().get("payload").asBoolean()).isFalse();
		assertThat(invoke("nullable_channel", Map.of("onEvent", "__CHANNEL__:7")).header().get("payload").asBoolean())
			.isTrue();
		assertThat(this.page.channel(7)).hasSize(2);
	}

	@Test
	void snakeCaseCommandsReadSnakeCaseKeys() throws Exception {
		assertThat(invoke("snake_case", Map.of("on_event", "__CHANNEL__:8")).header().get("ok").asBoolean()).isTrue();
		assertThat(this.page.channel(8).get(0).message().asString()).isEqualTo("snake");
		Frame camel = invoke("snake_case", Map.of("onEvent", "__CHANNEL__:9"));
		assertThat(camel.header().get("error").asString()).isEqualTo(
				"invalid args `on_event` for command `snake_case`: command snake_case missing required key on_event");
		assertThat(this.page.channel(9)).isEmpty();
	}

	@Test
	void byteBufferAndByteArrayMessagesArriveAsBinaryFrames() throws Exception {
		invoke("chunks", Map.of("onChunk", "__CHANNEL__:10"));
		List<Frame> frames = this.page.channel(10);
		assertThat(frames).hasSize(3);
		assertThat(frames.get(0).header().toString()).isEqualTo("{\"type\":\"channel\",\"channel\":10,\"index\":0}");
		assertThat(new String(frames.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("first");
		assertThat(new String(frames.get(1).body(), StandardCharsets.UTF_8)).isEqualTo("second");
		assertThat(frames.get(2).isEnd()).isTrue();
		invoke("bytes", Map.of("onChunk", "__CHANNEL__:11"));
		assertThat(this.page.channel(11).get(0).body()).containsExactly(0, 1, 2, 255);
		assertThat(this.page.channel(11).get(0).header().has("message")).isFalse();
	}

	@Test
	void genericMessageTypesSerializeWithTheApplicationMapper() throws Exception {
		invoke("batches", Map.of("onBatch", "__CHANNEL__:12"));
		assertThat(this.page.channel(12).get(0).message().toString())
			.isEqualTo("[{\"name\":\"a\",\"quantity\":1},{\"name\":\"b\",\"quantity\":2}]");
	}

	@Test
	void badChannelArgumentsRejectWithTauriTextsAndTheCommandDoesNotRun() throws Exception {
		assertThat(invoke("download", Map.of("url", "u", "onEvent", "__CHANNEL__:abc")).header().get("error").asString())
			.isEqualTo("invalid channel value `__CHANNEL__:abc`, expected a string in the `__CHANNEL__:ID` format");
		assertThat(invoke("download", Map.of("url", "u", "onEvent", 42)).header().get("error").asString())
			.isEqualTo("invalid args `onEvent` for command `download`: invalid type: integer `42`, expected a string");
		assertThat(invoke("download", Map.of("url", "u")).header().get("error").asString())
			.isEqualTo("invalid args `onEvent` for command `download`: command download missing required key onEvent");
		assertThat(this.page.frames()).noneMatch((frame) -> "channel".equals(frame.type()));
		// the connection keeps working
		assertThat(invoke("count", Map.of("count", 3, "onEvent", "__CHANNEL__:13")).header().get("payload").asInt())
			.isEqualTo(3);
	}

	private void assertEndedBeforeResponse(Frame end, Frame response) {
		List<Frame> all = this.page.frames();
		assertThat(all.indexOf(end)).isNotNegative().isLessThan(all.indexOf(response));
	}

	private Frame invoke(String command, Map<String, ?> args) throws Exception {
		return this.page.invoke(command, args).get(30, TimeUnit.SECONDS);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean(destroyMethod = "close")
		ChannelCommands channelCommands() {
			return new ChannelCommands();
		}

	}

}
