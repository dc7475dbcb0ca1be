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

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.TauriCommand.ArgumentCase;
import io.taurievents.WebviewWindow;
import io.taurievents.test.TestWindow;

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
import org.springframework.validation.annotation.Validated;
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

	@Autowired
	FileCommands fileCommands;

	TestWindow window;

	@BeforeEach
	void connect() {
		this.window = TestWindow.connect(this.port, "main");
	}

	@AfterEach
	void close() {
		this.commands.slowGate.countDown();
		this.window.close();
	}

	static JsonNode args(String json) {
		return JsonMapper.shared().readTree(json);
	}

	// names

	@Test
	void commandNameIsTheMethodNameInSnakeCase() {
		assertThat(this.handler.getCommandNames()).contains("greet", "send_to_specific_window", "get_http_status");
		assertThat(this.window.resolve("send_to_specific_window", args("{\"label\":\"other\",\"message\":\"hi\"}"))
			.asString()).isEqualTo("hi -> other");
		assertThat(this.window.resolve("get_http_status", Map.of()).asInt()).isEqualTo(200);
	}

	@Test
	void annotationValueOverridesTheName() {
		assertThat(this.window.resolve("custom_name", Map.of()).asString()).isEqualTo("renamed");
		assertThat(this.window.reject("renamed_method", Map.of()).asString())
			.isEqualTo("Command renamed_method not found");
	}

	@Test
	void unknownCommandRejectsWithTaurisText() {
		assertThat(this.window.reject("nope", Map.of()).asString()).isEqualTo("Command nope not found");
	}

	// argument binding

	@Test
	void argumentKeysAreCamelCaseParameterNames() {
		assertThat(this.window.resolve("greet", args("{\"name\":\"Ada\",\"extra\":true}")).asString())
			.isEqualTo("Hello, Ada!");
		assertThat(this.window.resolve("my_custom_command", Map.of("invokeMessage", "Hello!")).asString())
			.isEqualTo("I was invoked from JavaScript, with this message: Hello!");
	}

	@Test
	void renameAllSnakeCaseKeepsSnakeCaseKeys() {
		assertThat(this.window.resolve("snake_args", Map.of("invoke_message", "snake")).asString()).isEqualTo("snake");
		assertThat(this.window.reject("snake_args", Map.of("invokeMessage", "camel")).asString()).isEqualTo(
				"invalid args `invoke_message` for command `snake_args`: command snake_args missing required key invoke_message");
	}

	@Test
	void recordsGenericsEnumsAndNestedObjectsAreDeserialized() {
		JsonNode result = this.window.resolve("describe",
				args("{\"person\":{\"name\":\"Ada\",\"age\":36,\"address\":{\"city\":\"London\"}},"
						+ "\"scores\":[{\"math\":9},{\"art\":7}],\"color\":\"GREEN\"}"));
		assertThat(result.get("name").asString()).isEqualTo("Ada");
		assertThat(result.get("city").asString()).isEqualTo("London");
		assertThat(result.get("total").asInt()).isEqualTo(16);
		assertThat(result.get("color").asString()).isEqualTo("GREEN");
	}

	@Test
	void optionalAndNullableParametersMayBeMissing() {
		assertThat(this.window.resolve("optional_args", Map.of()).asString()).isEqualTo("anonymous/none");
		assertThat(this.window.resolve("optional_args", args("{\"nickname\":null,\"count\":null}")).asString())
			.isEqualTo("anonymous/none");
		assertThat(this.window.resolve("optional_args", Map.of("nickname", "ada", "count", 3)).asString())
			.isEqualTo("ada/3");
	}

	@Test
	void missingKeyRejectsWithTaurisText() {
		assertThat(this.window.reject("add", Map.of("a", 1)).asString())
			.isEqualTo("invalid args `b` for command `add`: command add missing required key b");
		assertThat(this.window.reject("greet", args("{\"name\":null}")).asString())
			.isEqualTo("invalid args `name` for command `greet`: command greet missing required key name");
	}

	@Test
	void wrongTypeRejectsWithTheKeyAndADetail() {
		assertThat(this.window.reject("add", Map.of("a", 1, "b", "two")).asString())
			.isEqualTo("invalid args `b` for command `add`: "
					+ "Cannot deserialize value of type `int` from String \"two\": not a valid `int` value");
		JsonNode badEnum = this.window.reject("describe", args(
				"{\"person\":{\"name\":\"Ada\",\"age\":1,\"address\":{\"city\":\"x\"}},\"scores\":[],\"color\":\"PINK\"}"));
		assertThat(badEnum.asString()).startsWith("invalid args `color` for command `describe`: ").contains("PINK");
	}

	@Test
	void injectedParametersAreNotReadFromArgs() {
		JsonNode response = this.window
			.response(this.window.send("injected", Map.of(), Map.of("x-trace", "42", "id", "7", "timestamp", "1")));
		assertThat(response.get("ok").asBoolean()).isTrue();
		JsonNode result = response.get("payload");
		assertThat(result.get("label").asString()).isEqualTo("main");
		assertThat(result.get("trace").asString()).isEqualTo("42");
		// the caller's app instance, not the server-wide bean
		assertThat(result.get("sameApp").asBoolean()).isTrue();
		assertThat(result.get("command").asString()).isEqualTo("injected");
		assertThat(result.get("anonymous").asBoolean()).isTrue();
	}

	@Test
	void customArgumentResolverBeansComeFirst() {
		JsonNode response = this.window
			.response(this.window.send("tenant", Map.of("tenant", "from-args"), Map.of("x-tenant", "acme")));
		assertThat(response.get("payload").asString()).isEqualTo("acme");
	}

	// raw bytes both ways

	@Test
	void rawBodyReachesAByteArrayParameter() {
		JsonNode response = this.window.response(this.window.sendBytes("upload", new byte[] { 1, 2, 3 }));
		assertThat(response.get("ok").asBoolean()).isTrue();
		assertThat(response.get("payload").asInt()).isEqualTo(6);
	}

	@Test
	void rawBodyForAKeyedParameterRejectsWithTaurisText() {
		JsonNode response = this.window.response(this.window.sendBytes("greet", new byte[] { 1 }));
		assertThat(response.get("ok").asBoolean()).isFalse();
		assertThat(response.get("error").asString()).isEqualTo(
				"invalid args `name` for command `greet`: command greet expected a value for key name but the IPC call used a bytes payload");
	}

	@Test
	void byteArrayResultResolvesAnArrayBuffer() throws Exception {
		JsonNode response = this.window.response(this.window.sendBytes("reverse", new byte[] { 1, 2, 3 }));
		assertThat(response.get("ok").asBoolean()).isTrue();
		assertThat(response.has("payload")).isFalse();
		assertThat(this.window.nextBinary()).containsExactly(3, 2, 1);
		this.window.invoke("reverse", Map.of("data", List.of(4, 5)));
		assertThat(this.window.nextBinary()).containsExactly(5, 4);
	}

	// results

	@Test
	void voidResolvesNull() {
		assertThat(this.window.resolve("touch", Map.of()).isNull()).isTrue();
		assertThat(this.commands.touched).isTrue();
	}

	@Test
	void asyncResultsAreAwaited() {
		assertThat(this.window.resolve("async_greet", Map.of("name", "Ada")).asString()).isEqualTo("Hello later, Ada!");
		assertThat(this.window.resolve("stage", Map.of()).asInt()).isEqualTo(42);
		assertThat(this.window.resolve("mono", Map.of("name", "Ada")).asString()).isEqualTo("Mono Ada");
		assertThat(this.window.reject("async_failure", Map.of()).get("kind").asString()).isEqualTo("late");
	}

	@Test
	void resultsAreWrittenForTheDeclaredReturnType() {
		// the runtime class Box erases T: only the declared Box<Pet> writes each item's type id
		assertThat(this.window.resolve("pets", Map.of()).get("items").get(0).get("kind").asString()).isEqualTo("dog");
	}

	// errors

	@Test
	void invokeExceptionRejectsWithItsValue() {
		JsonNode error = this.window.reject("read_file", Map.of("path", "/nope"));
		assertThat(error.get("kind").asString()).isEqualTo("notFound");
		assertThat(error.get("message").asString()).isEqualTo("/nope does not exist");
		assertThat(this.window.reject("fail_with_string", Map.of()).asString()).isEqualTo("plain failure");
	}

	@Test
	void exceptionHandlerMethodsChooseTheRejectionValue() {
		JsonNode local = this.window.reject("open_file", Map.of());
		assertThat(local.get("kind").asString()).isEqualTo("io");
		assertThat(local.get("message").asString()).isEqualTo("missing.txt");
		assertThat(this.window.reject("advised", Map.of()).asString()).isEqualTo("advice: quota exceeded");
	}

	@Test
	void exceptionHandlerReturningNothingLeavesTheDefaultRejection() {
		assertThat(this.window.reject("audited", Map.of()).asString()).isEqualTo("command audited failed");
		assertThat(this.fileCommands.audited).containsExactly("no audit");
	}

	@Test
	void unexpectedExceptionRejectsGenericallyWithoutInternals() {
		JsonNode error = this.window.reject("explode", Map.of());
		assertThat(error.asString()).isEqualTo("command explode failed");
		assertThat(error.toString()).doesNotContain("secret").doesNotContain("Exception");
	}

	@Test
	void badInputKeepsTheConnectionAndOtherWindowsWorking() {
		try (TestWindow other = TestWindow.connect(this.port, "other")) {
			this.window.reject("explode", Map.of());
			this.window.reject("add", Map.of("a", "x"));
			this.window.reject("nope", Map.of());
			this.window.sendText("{\"type\":\"invoke\",\"id\":99,\"cmd\":\"greet\",\"args\":[1]}");
			assertThat(this.window.response(99).get("ok").asBoolean()).isFalse();
			assertThat(this.window.resolve("greet", Map.of("name", "again")).asString()).isEqualTo("Hello, again!");
			assertThat(other.resolve("greet", Map.of("name", "other")).asString()).isEqualTo("Hello, other!");
		}
	}

	@Test
	void validatedCommandsRejectBadArgumentsByKey() {
		assertThat(this.window.reject("register", args("{\"name\":\" \",\"account\":{\"email\":\"a@b.c\",\"age\":30}}"))
			.asString()).isEqualTo("invalid args `name` for command `register`: name is required");
		assertThat(this.window.reject("register", args("{\"name\":\"Ada\",\"account\":{\"email\":\"a@b.c\",\"age\":3}}"))
			.asString()).isEqualTo("invalid args `account` for command `register`: age: too young");
		assertThat(this.window.resolve("register", args("{\"name\":\"Ada\",\"account\":{\"email\":\"a@b.c\",\"age\":36}}"))
			.asString()).isEqualTo("registered Ada");
	}

	// execution

	@Test
	void commandsRunOnTheirOwnThreads() {
		// not Boot's applicationTaskExecutor ("task-"), nor a WebSocket thread ("http-nio-...")
		assertThat(this.window.resolve("thread_name", Map.of()).asString()).startsWith("tauri-command-");
	}

	@Test
	void slowCommandBlocksNeitherOtherInvokesNorEvents() {
		this.commands.slowGate = new CountDownLatch(1);
		long slow = this.window.send("slow", Map.of());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.commands.slowStarted);
		this.window.listen("tick", Map.of("kind", "Any"));
		assertThat(this.window.resolve("greet", Map.of("name", "fast")).asString()).isEqualTo("Hello, fast!");
		this.window.resolve("emit_tick", Map.of());
		assertThat(this.window.nextEvent("tick").get("payload").asInt()).isEqualTo(1);
		assertThat(this.commands.slowFinished).isFalse();
		this.commands.slowGate.countDown();
		assertThat(this.window.response(slow).get("payload").asString()).isEqualTo("slow done");
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
		ValidatedCommands validatedCommands() {
			return new ValidatedCommands();
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

	record Box<T>(List<T> items) {
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
	sealed interface Pet {

		@JsonTypeName("dog")
		record Dog(String name) implements Pet {
		}

	}

	static class QuotaExceededException extends RuntimeException {

		QuotaExceededException() {
			super("quota exceeded");
		}

	}

	@Component
	static class Commands {

		@TauriCommand
		Box<Pet> pets() {
			return new Box<>(List.of(new Pet.Dog("Rex")));
		}

		volatile CountDownLatch slowGate = new CountDownLatch(0);

		volatile boolean slowStarted;

		volatile boolean slowFinished;

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
			return Map.of("label", window.label(), "trace", trace, "sameApp", app == window.app() && app != this.app, "command",
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
			this.slowFinished = true;
			return "slow done";
		}

		@TauriCommand
		void emitTick() {
			this.app.emit("tick", 1);
		}

	}

	static class FileCommands {

		final List<String> audited = new java.util.concurrent.CopyOnWriteArrayList<>();

		@TauriCommand
		String openFile() throws FileNotFoundException {
			throw new FileNotFoundException("missing.txt");
		}

		@TauriCommand
		String advised() {
			throw new QuotaExceededException();
		}

		@TauriCommand
		String audited() {
			throw new UnsupportedOperationException("no audit");
		}

		@MessageExceptionHandler
		void audit(UnsupportedOperationException ex) {
			this.audited.add(ex.getMessage());
		}

		@MessageExceptionHandler
		FileError onMissingFile(FileNotFoundException ex) {
			return new FileError("io", ex.getMessage());
		}

	}

	record Account(String email, @Min(value = 18, message = "too young") int age) {
	}

	@Validated
	static class ValidatedCommands {

		@TauriCommand
		public String register(@NotBlank(message = "name is required") String name, @Valid Account account) {
			return "registered " + name;
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
