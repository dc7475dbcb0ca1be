package io.taurievents.test;

import java.security.Principal;
import java.util.Map;

import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.ipc.InvokeException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command tester on the real pipeline, in a {@code @SpringBootTest} without a server: binding, validation,
 * method security, capabilities, error values and emissions.
 */
@SpringBootTest(classes = TauriCommandTesterTests.App.class,
		properties = "tauri.events.capabilities.locations=classpath:capabilities-test/commands.json")
class TauriCommandTesterTests {

	@Autowired
	TauriCommandTester commands;

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
	void recordsWhatTheCommandEmits() {
		CommandResult result = this.commands.invoke("greet", Map.of("name", "Ada"));
		assertThat(result.app()).emitted("greeted").withPayload("Ada");
		assertThat(result.app()).emittedNothingMore();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableMethodSecurity
	static class App {

		@Bean
		Commands commands() {
			return new Commands();
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

	}

}
