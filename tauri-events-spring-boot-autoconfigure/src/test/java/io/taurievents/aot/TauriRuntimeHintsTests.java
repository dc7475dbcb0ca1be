package io.taurievents.aot;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.TauriCommand;
import io.taurievents.TauriEventListener;
import io.taurievents.WebviewWindow;
import io.taurievents.autoconfigure.TauriEventsAutoConfiguration;
import io.taurievents.ipc.Channel;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.context.annotation.ImportRuntimeHints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native-image hints: command and listener methods are invocable and what Jackson binds for them is reflectable.
 */
class TauriRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	@Test
	void commandMethodsAreInvocableAndTheirArgumentsResultsAndChannelMessagesBindable() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Commands.class);
		assertThat(this.reflection.onMethodInvocation(Commands.class, "greet")).accepts(this.hints);
		assertThat(this.reflection.onMethodInvocation(Commands.class, "download")).accepts(this.hints);
		assertThat(this.reflection.onType(Person.class)).accepts(this.hints);
		assertThat(this.reflection.onMethodInvocation(Person.class, "name")).accepts(this.hints);
		assertThat(this.reflection.onType(Greeting.class)).accepts(this.hints);
		assertThat(this.reflection.onType(Progress.class)).accepts(this.hints);
		assertThat(this.reflection.onType(Tag.class)).accepts(this.hints);
		// injected, never bound from JSON
		assertThat(this.reflection.onType(AppHandle.class)).rejects(this.hints);
		assertThat(this.reflection.onType(WebviewWindow.class)).rejects(this.hints);
		// not a command
		assertThat(this.reflection.onMethodInvocation(Commands.class, "helper")).rejects(this.hints);
	}

	@Test
	void listenerMethodsAreInvocableAndTheirPayloadsBindable() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Listeners.class);
		assertThat(this.reflection.onMethodInvocation(Listeners.class, "onClick")).accepts(this.hints);
		assertThat(this.reflection.onType(Click.class)).accepts(this.hints);
	}

	@Test
	void eventTargetsAreBindable() {
		ImportRuntimeHints imported = TauriEventsAutoConfiguration.class.getAnnotation(ImportRuntimeHints.class);
		assertThat(imported.value()).contains(TauriEventsRuntimeHints.class);
		new TauriEventsRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(this.reflection.onType(EventTarget.class)).accepts(this.hints);
		assertThat(this.reflection.onType(EventTarget.AnyLabel.class)).accepts(this.hints);
		assertThat(this.reflection.onMethodInvocation(EventTarget.WebviewWindow.class, "label")).accepts(this.hints);
	}

	record Person(String name) {
	}

	record Greeting(String text, List<Tag> tags) {
	}

	record Tag(String value) {
	}

	record Progress(int percent) {
	}

	record Click(int x, int y) {
	}

	static class Commands {

		@TauriCommand
		CompletableFuture<Greeting> greet(AppHandle app, WebviewWindow caller, Person person) {
			return CompletableFuture.completedFuture(new Greeting("Hello, " + person.name(), List.of()));
		}

		@TauriCommand
		void download(String url, Channel<Progress> onProgress) {
			onProgress.send(new Progress(100));
		}

		String helper() {
			return "not a command";
		}

	}

	static class Listeners {

		@TauriEventListener("click")
		void onClick(Click click, WebviewWindow from) {
		}

	}

}
