package io.taurievents.ipc;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.taurievents.TauriCommand;
import io.taurievents.autoconfigure.TauriCommandAutoConfiguration;
import io.taurievents.autoconfigure.TauriEventsAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mistakes in command declarations stop the application at startup with a message that names the methods and the
 * fix.
 */
class TauriCommandStartupFailureTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TauriEventsAutoConfiguration.class, TauriCommandAutoConfiguration.class));

	@Test
	void commandsAreRegistered() {
		this.contextRunner.withBean(FirstGreeter.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TauriCommandMessageHandler.class).getCommandNames()).containsExactly("greet");
		});
	}

	@Test
	void twoMethodsWithOneCommandNameFail() {
		this.contextRunner.withBean(FirstGreeter.class).withBean(SecondGreeter.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Duplicate command 'greet'")
				.hasMessageContaining(FirstGreeter.class.getName() + "#greet(String)")
				.hasMessageContaining(SecondGreeter.class.getName() + "#hello(String)")
				.hasMessageContaining("@TauriCommand(\"another_name\")");
		});
	}

	@Test
	void parameterNamesMissingFail(@TempDir Path classes) throws Exception {
		Class<?> nameless = compileWithoutParameters(classes, "NamelessCommands", """
				@TauriCommand
				public String shout(String text) {
					return text.toUpperCase();
				}
				""");
		assertThat(nameless.getDeclaredMethod("shout", String.class).getParameters()[0].isNamePresent()).isFalse();
		withBean(this.contextRunner, nameless).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Command 'shout'")
				.hasMessageContaining("generated.NamelessCommands#shout(String)")
				.hasMessageContaining("compiled without '-parameters'")
				.hasMessageContaining("<parameters>true</parameters>");
		});
	}

	@Test
	void injectedParametersNeedNoNames(@TempDir Path classes) throws Exception {
		Class<?> injectedOnly = compileWithoutParameters(classes, "InjectedOnlyCommands", """
				@TauriCommand
				public String label(WebviewWindow window) {
					return window.label();
				}
				""");
		withBean(this.contextRunner, injectedOnly).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TauriCommandMessageHandler.class).getCommandNames()).containsExactly("label");
		});
	}

	@Test
	void userCommandHandlerReplacesTheDefault() {
		this.contextRunner.withBean(CommandHandler.class, CommandHandler::none)
			.run((context) -> assertThat(context).doesNotHaveBean(TauriCommandMessageHandler.class)
				.hasSingleBean(CommandHandler.class));
	}

	@Test
	void disabledWithTauriEvents() {
		this.contextRunner.withPropertyValues("tauri.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CommandHandler.class));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static WebApplicationContextRunner withBean(WebApplicationContextRunner runner, Class<?> type) {
		return runner.withBean((Class) type);
	}

	/**
	 * Compiles a class the way a build without {@code -parameters} does, and loads it.
	 */
	private static Class<?> compileWithoutParameters(Path classes, String name, String body) throws Exception {
		Path source = classes.resolve("generated/" + name + ".java");
		Files.createDirectories(source.getParent());
		Files.writeString(source, """
				package generated;

				import io.taurievents.TauriCommand;
				import io.taurievents.WebviewWindow;

				public class %s {

				%s
				}
				""".formatted(name, body));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int status = compiler.run(null, null, null, "-classpath", System.getProperty("java.class.path"), "-d",
				classes.toString(), source.toString());
		assertThat(status).as("javac exit status").isZero();
		URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				TauriCommandStartupFailureTests.class.getClassLoader());
		return loader.loadClass("generated." + name);
	}

	static class FirstGreeter {

		@TauriCommand
		String greet(String name) {
			return "Hello, " + name;
		}

	}

	static class SecondGreeter {

		@TauriCommand("greet")
		String hello(String name) {
			return "Hi, " + name;
		}

	}

}
