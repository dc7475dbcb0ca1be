package io.taurievents.ipc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.ipc.ChannelPage.Frame;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Channel} parameters of {@code @TauriCommand} methods, resolved by the auto-configured
 * {@link ChannelMethodArgumentResolver} through Spring Messaging's handler-method machinery, over a real
 * WebSocket.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ChannelMethodArgumentResolverTests.App.class)
class ChannelMethodArgumentResolverTests {

	@LocalServerPort
	int port;

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
		List<Frame> all = this.page.frames();
		assertThat(all.indexOf(frames.get(7))).isLessThan(all.indexOf(response));
	}

	@Test
	void optionalChannelIsEmptyWithoutTheKeyAndPresentWithIt() throws Exception {
		assertThat(invoke("optional_channel", Map.of()).header().get("payload").asBoolean()).isFalse();
		assertThat(invoke("optional_channel", Map.of("onEvent", "__CHANNEL__:2")).header().get("payload").asBoolean())
			.isTrue();
		assertThat(this.page.channel(2)).extracting((frame) -> frame.header().toString())
			.containsExactly("{\"type\":\"channel\",\"channel\":2,\"index\":0,\"message\":\"hi\"}",
					"{\"type\":\"channel\",\"channel\":2,\"index\":1,\"end\":true}");
	}

	@Test
	void nullableChannelIsNullWithoutTheKey() throws Exception {
		assertThat(invoke("nullable_channel", Map.of()).header().get("payload").asBoolean()).isFalse();
		assertThat(invoke("nullable_channel", Map.of("onEvent", "__CHANNEL__:3")).header().get("payload").asBoolean())
			.isTrue();
		assertThat(this.page.channel(3)).hasSize(2);
	}

	@Test
	void snakeCaseCommandsReadSnakeCaseKeys() throws Exception {
		assertThat(invoke("snake_case", Map.of("on_event", "__CHANNEL__:4")).header().get("ok").asBoolean()).isTrue();
		assertThat(this.page.channel(4).get(0).message().asString()).isEqualTo("snake");
		Frame camel = invoke("snake_case", Map.of("onEvent", "__CHANNEL__:5"));
		assertThat(camel.header().get("error").asString()).isEqualTo(
				"invalid args `on_event` for command `snake_case`: command snake_case missing required key on_event");
		assertThat(this.page.channel(5)).isEmpty();
	}

	@Test
	void byteBufferMessagesArriveAsBinaryFrames() throws Exception {
		invoke("chunks", Map.of("onChunk", "__CHANNEL__:6"));
		List<Frame> frames = this.page.channel(6);
		assertThat(frames).hasSize(3);
		assertThat(frames.get(0).header().toString()).isEqualTo("{\"type\":\"channel\",\"channel\":6,\"index\":0}");
		assertThat(new String(frames.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("first");
		assertThat(new String(frames.get(1).body(), StandardCharsets.UTF_8)).isEqualTo("second");
		assertThat(frames.get(2).isEnd()).isTrue();
	}

	@Test
	void genericMessageTypesSerializeWithTheApplicationMapper() throws Exception {
		invoke("batches", Map.of("onBatch", "__CHANNEL__:7"));
		assertThat(this.page.channel(7).get(0).message().toString())
			.isEqualTo("[{\"name\":\"a\",\"quantity\":1},{\"name\":\"b\",\"quantity\":2}]");
	}

	@Test
	void badChannelValueRejectsWithTauriTextAndTheCommandDoesNotRun() throws Exception {
		Frame response = invoke("download", Map.of("url", "u", "onEvent", "__CHANNEL__:abc"));
		assertThat(response.header().get("ok").asBoolean()).isFalse();
		assertThat(response.header().get("error").asString())
			.isEqualTo("invalid channel value `__CHANNEL__:abc`, expected a string in the `__CHANNEL__:ID` format");
		assertThat(this.page.frames()).noneMatch((frame) -> "channel".equals(frame.type()));
	}

	private Frame invoke(String command, Map<String, ?> args) throws Exception {
		return this.page.invoke(command, args).get(10, TimeUnit.SECONDS);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean(destroyMethod = "close")
		MethodCommandHandler channelCommands(ObjectProvider<CommandArgumentResolver> resolvers,
				ObjectProvider<JsonMapper> jsonMapper) {
			return new MethodCommandHandler(new ChannelCommands(), resolvers.orderedStream().toList(),
					jsonMapper.getObject());
		}

	}

}
