package io.taurievents;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The matching table of Tauri 2.1+ (tauri-semantics.md, section 2.4), every cell.
 */
class EventTargetTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	/**
	 * Rows: listener targets. Columns: emit (Any), emitTo(App), emitTo("main"), emitTo(Window main),
	 * emitTo(Webview main), emitTo(WebviewWindow main), emitTo("other"). Y = delivered.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			App                | Y | Y | N | N | N | N | N
			Window:main        | Y | N | Y | Y | N | N | N
			Webview:main       | Y | N | Y | N | Y | N | N
			WebviewWindow:main | Y | N | Y | N | N | Y | N
			Any                | Y | Y | Y | Y | Y | Y | Y
			AnyLabel:main      | Y | N | Y | Y | Y | Y | N
			""")
	void matchingTable(String listener, String any, String app, String label, String window, String webview,
			String webviewWindow, String otherLabel) {
		EventTarget listenerTarget = parse(listener);
		List<EventTarget> emissions = List.of(EventTarget.any(), EventTarget.app(), EventTarget.labeled("main"),
				EventTarget.window("main"), EventTarget.webview("main"), EventTarget.webviewWindow("main"),
				EventTarget.labeled("other"));
		List<String> expected = List.of(any, app, label, window, webview, webviewWindow, otherLabel);
		for (int i = 0; i < emissions.size(); i++) {
			assertThat(emissions.get(i).reaches(listenerTarget))
				.as("%s emitted, %s listening", emissions.get(i), listenerTarget)
				.isEqualTo(expected.get(i).equals("Y"));
		}
	}

	@Test
	void labelsOfOtherWindowsNeverMatch() {
		assertThat(EventTarget.window("other").reaches(EventTarget.window("main"))).isFalse();
		assertThat(EventTarget.window("main").reaches(EventTarget.labeled("other"))).isFalse();
		assertThat(EventTarget.labeled("").reaches(EventTarget.app())).isFalse();
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "Any", "App", "AnyLabel:main", "Window:main",
			"Webview:main", "WebviewWindow:file-viewer" })
	void jsonFormIsTaurisBothWays(String target) {
		EventTarget eventTarget = parse(target);
		String json = this.jsonMapper.writeValueAsString(eventTarget);
		String expected = target.contains(":")
				? "{\"kind\":\"" + target.substring(0, target.indexOf(':')) + "\",\"label\":\""
						+ target.substring(target.indexOf(':') + 1) + "\"}"
				: "{\"kind\":\"" + target + "\"}";
		assertThat(json).isEqualTo(expected);
		assertThat(this.jsonMapper.readValue(json, EventTarget.class)).isEqualTo(eventTarget);
	}

	@Test
	void unknownKindIsRejected() {
		assertThatExceptionOfType(InvalidTypeIdException.class)
			.isThrownBy(() -> this.jsonMapper.readValue("{\"kind\":\"Tray\"}", EventTarget.class));
	}

	@Test
	void filterSeesListenerTargets() {
		Predicate<EventTarget> seed002 = (target) -> target instanceof EventTarget.WebviewWindow w
				&& (w.label().equals("main") || w.label().equals("file-viewer"));
		assertThat(seed002).accepts(EventTarget.webviewWindow("main"), EventTarget.webviewWindow("file-viewer"))
			.rejects(EventTarget.webviewWindow("settings"), EventTarget.window("main"), EventTarget.app());
	}

	static EventTarget parse(String spec) {
		String[] parts = spec.trim().split(":", 2);
		return switch (parts[0]) {
			case "Any" -> EventTarget.any();
			case "App" -> EventTarget.app();
			case "AnyLabel" -> EventTarget.labeled(parts[1]);
			case "Window" -> EventTarget.window(parts[1]);
			case "Webview" -> EventTarget.webview(parts[1]);
			case "WebviewWindow" -> EventTarget.webviewWindow(parts[1]);
			default -> throw new IllegalArgumentException(spec);
		};
	}

}
