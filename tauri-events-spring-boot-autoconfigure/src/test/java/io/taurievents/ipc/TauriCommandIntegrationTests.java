package io.taurievents.ipc;

import java.io.FileNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.TauriCommand.ArgumentCase;
import io.taurievents.WebviewWindow;
import io.taurievents.ipc.CommandTestWindow.Response;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @TauriCommand} methods invoked from a real WebSocket client against a real server.
 */
@SpringBootTest(classes = TauriCommandIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TauriCommandIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Commands commands;

	@Autowired
	TauriCommandMessageHandler handler;

	CommandTestWindow window;

	@BeforeEach
	void connect() throws Exception {
		this.window = CommandTestWindow.connect(this.port, "main");
	}

	@AfterEach
	void close() throws Exception {
		this.window.close();
		this.commands.slowGate.countDown();
	}

	// names

	@Test
	void commandNameIsTheMethodNameInSnakeCase() throws Exception {
		assertThat(this.handler.getCommandNames()).contains("greet", "send_to_specific_window", "get_http_status");
		Response response = this.window.call("send_to_specific_window", "{\"label\":\"other\",\"message\":\"hi\"}");
		assertThat(response.ok()).isTrue();
		assertThat(response.text()).isEqualTo("hi -> other");
		assertThat(this.window.call("get_http_status", "{}").value().asInt()).isEqualTo(200);
	}

	@Test
	void annotationValueOverridesTheName() throws Exception {
		assertThat(this.window.call("custom_name", "{}").text()).isEqualTo("renamed");
		assertThat(this.window.call("renamed_method", "{}").text()).isEqualTo("Command renamed_method not found");
	}

	@Test
	void unknownCommandRejectsWithTaurisText() throws Exception {
		Response response = this.window.call("nope", "{}");
		assertThat(response.ok()).isFalse();
		assertThat(response.text()).isEqualTo("Command nope not found");
	}

	// argument binding

	@Test
	void argumentKeysAreCamelCaseParameterNames() throws Exception {
		Response response = this.window.call("greet", "{\"name\":\"Ada\",\"extra\":true}");
		assertThat(response.ok()).isTrue();
		assertThat(response.text()).isEqualTo("Hello, Ada!");
		assertThat(this.window.call("my_custom_command", "{\"invokeMessage\":\"Hello!\"}").text())
			.isEqualTo("I was invoked from JavaScript, with this message: Hello!");
	}

	@Test
	void renameAllSnakeCaseKeepsSnakeCaseKeys() throws Exception {
		assertThat(this.window.call("snake_args", "{\"invoke_message\":\"snake\"}").text()).isEqualTo("snake");
		assertThat(this.window.call("snake_args", "{\"invokeMessage\":\"camel\"}").text()).isEqualTo(
				"invalid args `invoke_message` for command `snake_args`: command snake_args missing required key invoke_message");
	}

	@Test
	void recordsGenericsEnumsAndNestedObjectsAreDeserialized() throws Exception {
		Response response = this.window.call("describe",
				"{\"person\":{\"name\":\"Ada\",\"age\":36,\"address\":{\"city\":\"London\"}},"
						+ "\"scores\":[{\"math\":9},{\"art\":7}],\"color\":\"GREEN\"}");
		assertThat(response.ok()).isTrue();
		assertThat(response.value().get("name").asString()).isEqualTo("Ada");
		assertThat(response.value().get("city").asString()).isEqualTo("London");
		assertThat(response.value().get("total").asInt()).isEqualTo(16);
		assertThat(response.value().get("color").asString()).isEqualTo("GREEN");
	}

	@Test
	void optionalAndNullableParametersMayBeMissing() throws Exception {
		assertThat(this.window.call("optional_args", "{}").text()).isEqualTo("anonymous/none");
		assertThat(this.window.call("optional_args", "{\"nickname\":null,\"count\":null}").text())
			.isEqualTo("anonymous/none");
		assertThat(this.window.call("optional_args", "{\"nickname\":\"ada\",\"count\":3}").text()).isEqualTo("ada/3");
	}

	@Test
	void missingKeyRejectsWithTaurisText() throws Exception {
		Response response = this.window.call("add", "{\"a\":1}");
		assertThat(response.ok()).isFalse();
		assertThat(response.text())
			.isEqualTo("invalid args `b` for command `add`: command add missing required key b");
		assertThat(this.window.call("greet", "{\"name\":null}").text())
			.isEqualTo("invalid args `name` for command `greet`: command greet missing required key name");
	}

	@Test
	void wrongTypeRejectsWithTheKeyAndADetail() throws Exception {
		Response response = this.window.call("add", "{\"a\":1,\"b\":\"two\"}");
		assertThat(response.ok()).isFalse();
		assertThat(response.text()).isEqualTo("invalid args `b` for command `add`: "
				+ "Cannot deserialize value of type `int` from String \"two\": not a valid `int` value");
		Response badEnum = this.window.call("describe",
				"{\"person\":{\"name\":\"Ada\",\"age\":1,\"address\":{\"city\":\"x\"}},\"scores\":[],\"color\":\"PINK\"}");
		assertThat(badEnum.text()).startsWith("invalid args `color` for command `describe`: ").contains("PINK");
	}

	@Test
	void injectedParametersAreNotReadFromArgs() throws Exception {
		Response response = this.window.invoke("injected", "{}", Map.of("x-trace", "42")).get(10, TimeUnit.SECONDS);
		assertThat(response.ok()).isTrue();
		assertThat(response.value().get("label").asString()).isEqualTo("main");
		assertThat(response.value().get("trace").asString()).isEqualTo("42");
		assertThat(response.value().get("sameApp").asBoolean()).isTrue();
		assertThat(response.value().get("command").asString()).isEqualTo("injected");
		assertThat(response.value().get("anonymous").asBoolean()).isTrue();
	}

	@Test
	void customArgumentResolverBeansComeFirst() throws Exception {
		Response response = this.window.invoke("tenant", "{\"tenant\":\"from-args\"}", Map.of("x-tenant", "acme"))
			.get(10, TimeUnit.SECONDS);
		assertThat(response.text()).isEqualTo("acme");
	}

	// raw bytes both ways

	@Test
	void rawBodyReachesAByteArrayParameter() throws Exception {
		Response response = this.window.invokeBytes("upload", new byte[] { 1, 2, 3 }).get(10, TimeUnit.SECONDS);
		assertThat(response.ok()).isTrue();
		assertThat(response.value().asInt()).isEqualTo(6);
	}

	@Test
	void rawBodyForAKeyedParameterRejectsWithTaurisText() throws Exception {
		Response response = this.window.invokeBytes("greet", new byte[] { 1 }).get(10, TimeUnit.SECONDS);
		assertThat(response.ok()).isFalse();
		assertThat(response.text()).isEqualTo(
				"invalid args `name` for command `greet`: command greet expected a value for key name but the IPC call used a bytes payload");
	}

	@Test
	void byteArrayResultResolvesAnArrayBuffer() throws Exception {
		Response response = this.window.invokeBytes("reverse", new byte[] { 1, 2, 3 }).get(10, TimeUnit.SECONDS);
		assertThat(response.ok()).isTrue();
		assertThat(response.bytes()).containsExactly(3, 2, 1);
		Response json = this.window.call("reverse", "{\"data\":[4,5]}");
		assertThat(json.bytes()).containsExactly(5, 4);
	}

	// results

	@Test
	void voidResolvesNull() throws Exception {
		Response response = this.window.call("touch", "{}");
		assertThat(response.ok()).isTrue();
		assertThat(response.value().isNull()).isTrue();
		assertThat(this.commands.touched).isTrue();
	}

	@Test
	void asyncResultsAreAwaited() throws Exception {
		assertThat(this.window.call("async_greet", "{\"name\":\"Ada\"}").text()).isEqualTo("Hello later, Ada!");
		assertThat(this.window.call("stage", "{}").value().asInt()).isEqualTo(42);
		assertThat(this.window.call("mono", "{\"name\":\"Ada\"}").text()).isEqualTo("Mono Ada");
		Response failed = this.window.call("async_failure", "{}");
		assertThat(failed.ok()).isFalse();
		assertThat(failed.value().get("kind").asString()).isEqualTo("late");
	}

	// errors

	@Test
	void invokeExceptionRejectsWithItsValue() throws Exception {
		Response object = this.window.call("read_file", "{\"path\":\"/nope\"}");
		assertThat(object.ok()).isFalse();
		assertThat(object.value().get("kind").asString()).isEqualTo("notFound");
		assertThat(object.value().get("message").asString()).isEqualTo("/nope does not exist");
		Response string = this.window.call("fail_with_string", "{}");
		assertThat(string.text()).isEqualTo("plain failure");
	}

	@Test
	void exceptionHandlerMethodsChooseTheRejectionValue() throws Exception {
		Response local = this.window.call("open_file", "{}");
		assertThat(local.ok()).isFalse();
		assertThat(local.value().get("kind").asString()).isEqualTo("io");
		assertThat(local.value().get("message").asString()).isEqualTo("missing.txt");
		Response advised = this.window.call("advised", "{}");
		assertThat(advised.ok()).isFalse();
		assertThat(advised.text()).isEqualTo("advice: quota exceeded");
	}

	@Test
	void unexpectedExceptionRejectsGenericallyWithoutInternals() throws Exception {
		Response response = this.window.call("explode", "{}");
		assertThat(response.ok()).isFalse();
		assertThat(response.text()).isEqualTo("command explode failed");
		assertThat(response.value().toString()).doesNotContain("secret").doesNotContain("Exception");
	}

	@Test
	void badInputKeepsTheConnectionAndOtherWindowsWorking() throws Exception {
		try (CommandTestWindow other = CommandTestWindow.connect(this.port, "other")) {
			this.window.call("explode", "{}");
			this.window.call("add", "{\"a\":\"x\"}");
			this.window.call("nope", "{}");
			assertThat(this.window.call("greet", "{\"name\":\"again\"}").text()).isEqualTo("Hello, again!");
			assertThat(other.call("greet", "{\"name\":\"other\"}").text()).isEqualTo("Hello, other!");
		}
	}

	// execution

	@Test
	void commandsRunOnTheApplicationTaskExecutor() throws Exception {
		// "task-" is the thread name prefix of Boot's applicationTaskExecutor; WebSocket threads are "http-nio-..."
		assertThat(this.window.call("thread_name", "{}").text()).startsWith("task-");
	}

	@Test
	void slowCommandBlocksNeitherOtherInvokesNorEvents() throws Exception {
		this.commands.slowGate = new CountDownLatch(1);
		CompletableFuture<Response> slow = this.window.invoke("slow", "{}");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.commands.slowStarted);
		Response listen = this.window.call("plugin:event|listen",
				"{\"event\":\"tick\",\"target\":{\"kind\":\"Any\"},\"handler\":1}");
		assertThat(listen.ok()).isTrue();
		assertThat(this.window.call("greet", "{\"name\":\"fast\"}").text()).isEqualTo("Hello, fast!");
		assertThat(this.window.call("emit_tick", "{}").ok()).isTrue();
		JsonNodeAssert.eventNamed(this.window.events.poll(10, TimeUnit.SECONDS), "tick");
		assertThat(slow).isNotDone();
		this.commands.slowGate.countDown();
		assertThat(slow.get(10, TimeUnit.SECONDS).text()).isEqualTo("slow done");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Commands commands() {
			return new Commands();
		}

		@Bean
		FileCommands fileCommands() {
			return new FileCommands();
		}

		@Bean
		QuotaAdvice quotaAdvice() {
			return new QuotaAdvice();
		}

		@Bean
		CommandArgumentResolver tenantResolver() {
			return new CommandArgumentResolver() {

				@Override
				public boolean supportsParameter(MethodParameter parameter) {
					return parameter.getParameterType() == Tenant.class;
				}

				@Override
				public Object resolveArgument(MethodParameter parameter, Message<?> message) {
					return new Tenant(Invocation.from(message).headers().get("x-tenant"));
				}

			};
		}

	}

	record Tenant(String name) {
	}

	record Address(String city) {
	}

	record Person(String name, int age, Address address) {
	}

	enum Color {

		RED, GREEN

	}

	record FileError(String kind, String message) {
	}

	static class QuotaExceededException extends RuntimeException {

		QuotaExceededException() {
			super("quota exceeded");
		}

	}

	@Component
	static class Commands {

		volatile CountDownLatch slowGate = new CountDownLatch(0);

		volatile boolean slowStarted;

		volatile boolean touched;

		@TauriCommand
		String greet(String name) {
			return "Hello, " + name + "!";
		}

		@TauriCommand
		String myCustomCommand(String invokeMessage) {
			return "I was invoked from JavaScript, with this message: " + invokeMessage;
		}

		@TauriCommand
		String sendToSpecificWindow(String label, String message) {
			return message + " -> " + label;
		}

		@TauriCommand
		int getHTTPStatus() {
			return 200;
		}

		@TauriCommand("custom_name")
		String renamedMethod() {
			return "renamed";
		}

		@TauriCommand(renameAll = ArgumentCase.SNAKE_CASE)
		String snakeArgs(String invokeMessage) {
			return invokeMessage;
		}

		@TauriCommand
		Map<String, Object> describe(Person person, List<Map<String, Integer>> scores, Color color) {
			int total = scores.stream().flatMap((score) -> score.values().stream()).mapToInt(Integer::intValue).sum();
			return Map.of("name", person.name(), "city", person.address().city(), "total", total, "color", color);
		}

		@TauriCommand
		String optionalArgs(Optional<String> nickname, @Nullable Integer count) {
			return nickname.orElse("anonymous") + "/" + ((count != null) ? count : "none");
		}

		@TauriCommand
		int add(int a, int b) {
			return a + b;
		}

		@TauriCommand
		Map<String, Object> injected(AppHandle app, WebviewWindow window, Invocation invocation,
				@Header("x-trace") String trace, Optional<java.security.Principal> principal) {
			return Map.of("label", window.label(), "trace", trace, "sameApp", app == this.app, "command",
					invocation.command(), "anonymous", principal.isEmpty());
		}

		@Autowired
		AppHandle app;

		@TauriCommand
		String tenant(Tenant tenant) {
			return tenant.name();
		}

		@TauriCommand
		int upload(byte[] data) {
			int sum = 0;
			for (byte value : data) {
				sum += value;
			}
			return sum;
		}

		@TauriCommand
		byte[] reverse(byte[] data) {
			byte[] reversed = new byte[data.length];
			for (int i = 0; i < data.length; i++) {
				reversed[i] = data[data.length - 1 - i];
			}
			return reversed;
		}

		@TauriCommand
		void touch() {
			this.touched = true;
		}

		@TauriCommand
		CompletableFuture<String> asyncGreet(String name) {
			return CompletableFuture.supplyAsync(() -> "Hello later, " + name + "!");
		}

		@TauriCommand
		CompletionStage<Integer> stage() {
			return CompletableFuture.supplyAsync(() -> 42);
		}

		@TauriCommand
		Mono<String> mono(String name) {
			return Mono.fromSupplier(() -> "Mono " + name);
		}

		@TauriCommand
		CompletableFuture<String> asyncFailure() {
			return CompletableFuture.supplyAsync(() -> {
				throw new InvokeException(new FileError("late", "failed later"));
			});
		}

		@TauriCommand
		String readFile(String path) {
			throw new InvokeException(new FileError("notFound", path + " does not exist"));
		}

		@TauriCommand
		String failWithString() {
			throw new InvokeException("plain failure");
		}

		@TauriCommand
		String explode() {
			throw new IllegalStateException("secret internals: password=hunter2");
		}

		@TauriCommand
		String threadName() {
			return Thread.currentThread().getName();
		}

		@TauriCommand
		String slow() throws InterruptedException {
			this.slowStarted = true;
			this.slowGate.await(30, TimeUnit.SECONDS);
			return "slow done";
		}

		@TauriCommand
		void emitTick() {
			this.app.emit("tick", 1);
		}

	}

	static class FileCommands {

		@TauriCommand
		String openFile() throws FileNotFoundException {
			throw new FileNotFoundException("missing.txt");
		}

		@TauriCommand
		String advised() {
			throw new QuotaExceededException();
		}

		@MessageExceptionHandler
		FileError onMissingFile(FileNotFoundException ex) {
			return new FileError("io", ex.getMessage());
		}

	}

	@ControllerAdvice
	static class QuotaAdvice {

		@MessageExceptionHandler
		String onQuota(QuotaExceededException ex) {
			return "advice: " + ex.getMessage();
		}

	}

}
