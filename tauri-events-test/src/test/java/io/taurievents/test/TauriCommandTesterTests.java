package io.taurievents.test;

import java.io.FileNotFoundException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.TauriCommand;
import io.taurievents.WebviewWindow;
import io.taurievents.acl.AccessControl;
import io.taurievents.acl.TauriCommandAccess;
import io.taurievents.ipc.Channel;
import io.taurievents.ipc.CommandHandler;
import io.taurievents.ipc.Invocation;
import io.taurievents.ipc.InvokeException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The command tester on the real pipeline, in a {@code @SpringBootTest} without a server: binding, validation,
 * method security, capabilities and access rules, exception handlers, error values, headers, channels and
 * emissions.
 */
@SpringBootTest(classes = TauriCommandTesterTests.App.class,
		properties = "tauri.events.capabilities.locations=classpath:capabilities-test/commands.json")
class TauriCommandTesterTests {

	@Autowired
	TauriCommandTester commands;

	@Autowired
	Commands commandBean;

	@Autowired
	TestWindows windows;

	@Test
	void windowsWithoutARunningServerSayWhatTheyNeed() {
		assertThatIllegalStateException().isThrownBy(() -> this.windows.open("main"))
			.withMessageContaining("@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)");
	}

	@Test
	void bindsArgumentsAndResolves() {
		assertThat(this.commands.invoke("greet", Map.of("name", "Ada"))).resolvesTo("Hello, Ada!");
		assertThat(this.commands.invoke("count_items", Map.of("n", 7)).value(Integer.class)).isEqualTo(7);
	}

	@Test
	void rejectsBadArgumentsWithTauriText() {
		assertThat(this.commands.invoke("count_items", Map.of("n", "many")))
			.rejectsWithMessageContaining("invalid args `n` for command `count_items`");
		assertThat(this.commands.invoke("greet")).rejectsWithMessageContaining("missing required key name");
	}

	@Test
	void validatesArguments() {
		assertThat(this.commands.invoke("count_items", Map.of("n", -1)))
			.rejectsWithMessageContaining("invalid args `n` for command `count_items`");
	}

	@Test
	void appliesMethodSecurityToTheUser() {
		assertThat(this.commands.invoke("count_admins")).rejectsWith("Command count_admins not allowed: authentication required");
		assertThat(this.commands.asUser("bob", "USER").invoke("count_admins"))
			.rejectsWith("Command count_admins not allowed: access denied");
		assertThat(this.commands.asUser("ada", "ADMIN").invoke("count_admins")).resolvesTo(1);
		assertThat(this.commands.asUser("ada").invoke("count_greeting").value(String.class)).isEqualTo("Hello, ada!");
	}

	@Test
	void appliesTheWindowsCapabilities() {
		assertThat(this.commands.invoke("wipe_all")).rejectsWith("Command wipe_all not allowed by ACL");
		assertThat(this.commands.from("admin-1").invoke("greet", Map.of("name", "Ada"))).isResolved();
		assertThat(this.commands.from("viewer").invoke("greet", Map.of("name", "Ada"))).isRejected();
	}

	@Test
	void rejectsWithTheValueOfAnInvokeException() {
		assertThat(this.commands.invoke("count_failure")).rejectsWith(Map.of("code", "EMPTY"));
	}

	@Test
	void appliesTheApplicationsAccessRules() {
		assertThat(this.commands.asUser("bob", "USER").invoke("count_vault"))
			.rejectsWith("Command count_vault not allowed: access denied");
		assertThat(this.commands.asUser("ada", "ADMIN").invoke("count_vault")).resolvesTo(3);
	}

	@Test
	void rejectsWithWhatAnExceptionHandlerReturns() {
		assertThat(this.commands.invoke("count_lines", Map.of("path", "/nowhere")))
			.rejectsWith(Map.of("kind", "io", "message", "/nowhere"));
	}

	@Test
	void passesInvokeHeaders() {
		assertThat(this.commands.withHeader("x-tenant", "acme").invoke("count_tenant")).resolvesTo("acme");
	}

	@Test
	void recordsWhatTheCommandSendsThroughAChannel() {
		TestChannel numbers = this.commands.channel();
		// more than the channel window: the tester acknowledges as a page does, or the command would wait
		assertThat(this.commands.invoke("count_to", Map.of("to", 200, "onNumber", numbers))).resolvesTo(200);
		assertThat(numbers.isEnded()).isTrue();
		assertThat(numbers.messages(Integer.class)).containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
	}

	@Test
	void recordsBinaryChannelMessagesAndBadChannelArguments() {
		TestChannel chunks = this.commands.channel();
		assertThat(this.commands.invoke("count_bytes", Map.of("onChunk", chunks))).isResolved();
		assertThat(chunks.awaitEnd()).singleElement()
			.satisfies((chunk) -> assertThat(chunk.binaryValue()).containsExactly(1, 2, 3));
		assertThat(this.commands.invoke("count_bytes", Map.of("onChunk", "nope")))
			.rejectsWith("invalid channel value `nope`, expected a string in the `__CHANNEL__:ID` format");
	}

	@Test
	void keepsAChannelTheCommandKeptOpen() {
		TestChannel ticks = this.commands.channel();
		assertThat(this.commands.invoke("count_ticks", Map.of("onTick", ticks))).isResolved();
		assertThat(ticks.isEnded()).isFalse();
		Channel<String> ticker = this.commandBean.ticker();
		ticker.send("tick");
		ticker.close();
		assertThat(ticks.awaitEnd()).extracting(JsonNode::asString).containsExactly("first", "tick");
	}

	@Test
	void readsChannelMessagesWithTheTestersMapper(@Autowired CommandHandler commandHandler,
			@Autowired AccessControl accessControl) {
		// a mapper only this tester has: messages(Type) reads with it, not with a default one
		JsonMapper caseInsensitive = JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build();
		TauriCommandTester tester = TauriCommandTester.of(commandHandler, accessControl, caseInsensitive);
		TestChannel progress = tester.channel();
		assertThat(tester.invoke("count_percent", Map.of("onProgress", progress))).isResolved();
		assertThat(progress.messages(Percent.class)).containsExactly(new Percent(50));
	}

	@Test
	void recordsWhatTheCommandEmits() {
		CommandResult result = this.commands.invoke("greet", Map.of("name", "Ada"));
		assertThat(result.app()).emitted("greeted").withPayload("Ada");
		assertThat(result.app()).emittedNothingMore();
	}

	@Test
	void aWindowListenerHearsWhatARealWindowWouldHear() {
		// the window's own target: every target and its label, not the server's listeners nor another label
		assertThat(this.commands.invoke("count_heard").value(String[].class)).containsExactly("everyone", "main",
				"filtered in", "once");
	}

	record Percent(int percent) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableMethodSecurity
	static class App {

		@Bean
		Commands commands() {
			return new Commands();
		}

		@Bean
		AuthorizationManager<TauriCommandAccess> commandAccess() {
			AuthorizationManager<TauriCommandAccess> admins = AuthorityAuthorizationManager.hasRole("ADMIN");
			return (authentication, access) -> access.command().equals("count_vault")
					? admins.authorize(authentication, access) : new AuthorizationDecision(true);
		}

	}

	@Validated
	static class Commands {

		@TauriCommand
		String greet(AppHandle app, String name) {
			app.emit("greeted", name);
			return "Hello, " + name + "!";
		}

		@TauriCommand
		String countGreeting(Principal principal) {
			return "Hello, " + principal.getName() + "!";
		}

		@TauriCommand
		List<String> countHeard(WebviewWindow window) {
			List<String> heard = new ArrayList<>();
			window.listen("note", (event) -> heard.add(event.payload(String.class)));
			window.app().emit("note", "everyone");
			window.app().emitTo("main", "note", "main");
			window.app().emitTo("other", "note", "other");
			window.app().emitTo(EventTarget.app(), "note", "server");
			window.app().emitTo(EventTarget.webview("main"), "note", "webview");
			window.app().emitFilter("note", "filtered in", (target) -> target.equals(EventTarget.webviewWindow("main")));
			window.app().emitFilter("note", "filtered out", (target) -> target.equals(EventTarget.app()));
			window.once("note-once", (event) -> heard.add(event.payload(String.class)));
			window.app().emit("note-once", "once");
			window.app().emit("note-once", "twice");
			return heard;
		}

		@TauriCommand
		int countItems(@Min(0) int n) {
			return n;
		}

		@TauriCommand
		@PreAuthorize("hasRole('ADMIN')")
		int countAdmins() {
			return 1;
		}

		@TauriCommand
		void countFailure() {
			throw new InvokeException(Map.of("code", "EMPTY"));
		}

		@TauriCommand
		void wipeAll() {
		}

		@TauriCommand
		int countVault() {
			return 3;
		}

		@TauriCommand
		int countLines(String path) throws FileNotFoundException {
			throw new FileNotFoundException(path);
		}

		@MessageExceptionHandler
		Map<String, String> onMissingFile(FileNotFoundException ex) {
			return Map.of("kind", "io", "message", ex.getMessage());
		}

		@TauriCommand
		String countTenant(Invocation invocation) {
			return invocation.headers().get("x-tenant");
		}

		@TauriCommand
		int countTo(int to, Channel<Integer> onNumber) {
			for (int i = 0; i < to; i++) {
				onNumber.send(i);
			}
			return to;
		}

		@TauriCommand
		void countPercent(Channel<Map<String, Integer>> onProgress) {
			onProgress.send(Map.of("PERCENT", 50));
		}

		@TauriCommand
		void countBytes(Channel<byte[]> onChunk) {
			onChunk.send(new byte[] { 1, 2, 3 });
		}

		volatile Channel<String> ticker;

		@TauriCommand
		void countTicks(Channel<String> onTick) {
			onTick.send("first");
			this.ticker = onTick.keepOpen();
		}

		/** Through a method: the bean is a proxy (validation, method security), its fields are the target's. */
		Channel<String> ticker() {
			return this.ticker;
		}

	}

}
