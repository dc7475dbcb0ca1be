package io.taurievents;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Where an event is aimed, or what a listener listens to: Tauri's {@code EventTarget}.
 * <p>
 * The JSON form is Tauri's, tagged by {@code kind}: {@code {"kind":"Any"}},
 * {@code {"kind":"AnyLabel","label":"main"}}, {@code {"kind":"App"}}, {@code {"kind":"Window","label":"main"}},
 * {@code {"kind":"Webview","label":"main"}} and {@code {"kind":"WebviewWindow","label":"main"}}.
 * <p>
 * Whether an emission reaches a listener is decided by {@link #reaches(EventTarget)}, which implements the
 * matching table of Tauri 2.1 and later (see {@code docs/protocol.md}).
 *
 * <pre>{@code
 * app.emitTo(EventTarget.labeled("login"), "login-result", "loggedIn");
 * app.emitFilter("open-file", path, (target) -> target instanceof EventTarget.WebviewWindow w
 *         && (w.label().equals("main") || w.label().equals("file-viewer")));
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({ @JsonSubTypes.Type(value = EventTarget.Any.class, name = "Any"),
		@JsonSubTypes.Type(value = EventTarget.AnyLabel.class, name = "AnyLabel"),
		@JsonSubTypes.Type(value = EventTarget.App.class, name = "App"),
		@JsonSubTypes.Type(value = EventTarget.Window.class, name = "Window"),
		@JsonSubTypes.Type(value = EventTarget.Webview.class, name = "Webview"),
		@JsonSubTypes.Type(value = EventTarget.WebviewWindow.class, name = "WebviewWindow") })
public sealed interface EventTarget {

	/**
	 * Every target: as an emission it reaches every listener, as a listener target it hears every emission.
	 * @return the {@code Any} target
	 */
	static EventTarget any() {
		return Any.INSTANCE;
	}

	/**
	 * The application's own listeners ({@code AppHandle.listen}).
	 * @return the {@code App} target
	 */
	static EventTarget app() {
		return App.INSTANCE;
	}

	/**
	 * Any window, webview or webview window with the given label: what {@code emitTo("label", ...)} means.
	 * @param label the label
	 * @return an {@code AnyLabel} target
	 */
	static EventTarget labeled(String label) {
		return new AnyLabel(label);
	}

	/**
	 * {@code Window} listeners of the given label.
	 * @param label the label
	 * @return a {@code Window} target
	 */
	static EventTarget window(String label) {
		return new Window(label);
	}

	/**
	 * {@code Webview} listeners of the given label.
	 * @param label the label
	 * @return a {@code Webview} target
	 */
	static EventTarget webview(String label) {
		return new Webview(label);
	}

	/**
	 * {@code WebviewWindow} listeners of the given label ({@code getCurrentWebviewWindow().listen} in a page).
	 * @param label the label
	 * @return a {@code WebviewWindow} target
	 */
	static EventTarget webviewWindow(String label) {
		return new WebviewWindow(label);
	}

	/**
	 * The label this target names.
	 * @return the label, or {@code null} for {@code Any} and {@code App}
	 */
	default @Nullable String label() {
		return null;
	}

	/**
	 * Whether an emission aimed at this target is delivered to a listener registered with
	 * {@code listenerTarget}. A listener whose target is {@code Any} hears everything; {@code Any} as an
	 * emission reaches everyone; a label reaches every kind of that label; a specific kind reaches that kind
	 * and {@code AnyLabel} listeners of the same label.
	 * @param listenerTarget the target the listener was registered with
	 * @return whether the listener receives the emission
	 */
	default boolean reaches(EventTarget listenerTarget) {
		if (this instanceof Any || listenerTarget instanceof Any) {
			return true;
		}
		if (this instanceof App) {
			return listenerTarget instanceof App;
		}
		if (this instanceof AnyLabel emitted) {
			return emitted.label().equals(listenerTarget.label());
		}
		return this.equals(listenerTarget) || (listenerTarget instanceof AnyLabel listener
				&& listener.label().equals(label()));
	}


	/**
	 * Every target.
	 */
	record Any() implements EventTarget {
		static final Any INSTANCE = new Any();
	}

	/**
	 * The application (server-side {@code AppHandle} listeners).
	 */
	record App() implements EventTarget {
		static final App INSTANCE = new App();
	}

	/**
	 * Any kind with this label.
	 * @param label the label
	 */
	record AnyLabel(String label) implements EventTarget {
		public AnyLabel {
			Assert.notNull(label, "label must not be null");
		}
	}

	/**
	 * {@code Window} listeners of this label.
	 * @param label the label
	 */
	record Window(String label) implements EventTarget {
		public Window {
			Assert.notNull(label, "label must not be null");
		}
	}

	/**
	 * {@code Webview} listeners of this label.
	 * @param label the label
	 */
	record Webview(String label) implements EventTarget {
		public Webview {
			Assert.notNull(label, "label must not be null");
		}
	}

	/**
	 * {@code WebviewWindow} listeners of this label.
	 * @param label the label
	 */
	record WebviewWindow(String label) implements EventTarget {
		public WebviewWindow {
			Assert.notNull(label, "label must not be null");
		}
	}

}
