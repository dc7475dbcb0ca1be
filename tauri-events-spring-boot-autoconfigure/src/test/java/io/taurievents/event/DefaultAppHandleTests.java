package io.taurievents.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.event.ListenerRegistryTests.RecordingSink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DefaultAppHandleTests {

	private final JsonMapper snakeCase = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private final ListenerRegistry registry = new ListenerRegistry(this.snakeCase);

	private final DefaultAppHandle app = new DefaultAppHandle(this.registry,
			new AppInstances(this.registry, InstanceMode.PER_TAB, Duration.ZERO, (event) -> {
			}));

	@Test
	void payloadIsSerializedOnceWithTheApplicationsMapperWhateverTheNumberOfWindows() {
		List<RecordingSink> windows = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			RecordingSink window = new RecordingSink();
			this.registry.listenWindow(window, "download-progress", EventTarget.any());
			windows.add(window);
		}
		List<String> server = new ArrayList<>();
		this.app.listen("download-progress", (event) -> server.add(event.payload()));
		CountingPayload payload = new CountingPayload();
		this.app.emit("download-progress", payload);
		assertThat(payload.serializations).hasValue(1);
		assertThat(server).containsExactly("{\"chunk_length\":15}");
		assertThat(windows).allSatisfy((window) -> assertThat(window.deliveries).singleElement()
			.satisfies((delivery) -> assertThat(delivery.emission().payloadJson()).isEqualTo("{\"chunk_length\":15}")));
	}

	@Test
	void nothingIsSerializedWhenNobodyListens() {
		CountingPayload payload = new CountingPayload();
		this.app.emit("nobody-listens", payload);
		assertThat(payload.serializations).hasValue(0);
	}

	@Test
	void omittedPayloadsArriveAsNull() {
		List<Event> received = new ArrayList<>();
		this.app.listen("ready", received::add);
		this.app.emit("ready", null);
		assertThat(received).singleElement().satisfies((event) -> {
			assertThat(event.payload()).isEqualTo("null");
			assertThat(event.payload(String.class)).isNull();
		});
	}

	@Test
	void appListenersHaveTheAppTarget() {
		List<String> received = new ArrayList<>();
		this.app.listen("e", (event) -> received.add("app"));
		this.app.listenAny("e", (event) -> received.add("any"));
		this.app.emitTo("main", "e", 1);
		assertThat(received).containsExactly("any");
		this.app.emitTo(EventTarget.app(), "e", 1);
		assertThat(received).containsExactly("any", "app", "any");
	}

	@Test
	void onceAndOnceAny() {
		AtomicInteger once = new AtomicInteger();
		AtomicInteger onceAny = new AtomicInteger();
		this.app.once("ready", (event) -> once.incrementAndGet());
		this.app.onceAny("ready", (event) -> onceAny.incrementAndGet());
		this.app.emitTo("main", "ready", null);
		this.app.emit("ready", null);
		this.app.emit("ready", null);
		assertThat(once).hasValue(1);
		assertThat(onceAny).hasValue(1);
	}

	@Test
	void invalidEventNamesFailFast() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.app.emit("player.state", 1))
			.withMessage("Invalid event name \"player.state\": Event name must include only alphanumeric characters, "
					+ "'-', '/', ':' and '_'.");
		assertThatIllegalArgumentException().isThrownBy(() -> this.app.emitTo("main", "a b", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.app.emitFilter("a*", 1, (target) -> true));
		assertThatIllegalArgumentException().isThrownBy(() -> this.app.listen("a?", (event) -> {
		}));
	}

	@Test
	void emitJsonSendsTheTextAsItIs() {
		List<String> received = new ArrayList<>();
		this.app.listen("e", (event) -> received.add(event.payload()));
		this.app.emitJson("e", "{\"already\":\"serialized\"}");
		this.app.emitJsonTo(EventTarget.app(), "e", "[1,2]");
		this.app.emitJsonFilter("e", "3", (target) -> true);
		assertThat(received).containsExactly("{\"already\":\"serialized\"}", "[1,2]", "3");
	}

	@Test
	void emitJsonRejectsTextThatIsNotOneJsonValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.app.emitJson("e", "{broken"))
			.withMessageContaining("not valid JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> this.app.emitJson("e", "1 2"))
			.withMessageContaining("more than one JSON value");
		assertThatIllegalArgumentException().isThrownBy(() -> this.app.emitJson("e", ""))
			.withMessageContaining("empty");
	}

	@Test
	void noWindowsAreConnectedWithoutATransport() {
		assertThat(this.app.getWebviewWindow("main")).isEmpty();
		assertThat(this.app.webviewWindows()).isEmpty();
	}

	@Test
	void aCollectionOfOnePolymorphicTypeKeepsItsItemsTypeIds() {
		List<String> received = new ArrayList<>();
		this.app.listen("shapes", (event) -> received.add(event.payload()));
		this.app.emit("shapes", List.of(new Circle(1), new Square(2)));
		// what Jackson writes for a declared List<Shape>, as a command's result is written
		this.app.emit("shapes", Set.of(new Circle(3)));
		// not all of one polymorphic type, or none: written for their runtime classes, as before
		this.app.emit("shapes", List.of(new Circle(1), "text"));
		this.app.emit("shapes", List.of("a", "b"));
		this.app.emit("shapes", Arrays.asList(null, new Square(4)));
		assertThat(received).containsExactly("[{\"kind\":\"circle\",\"radius\":1},{\"kind\":\"square\",\"side\":2}]",
				"[{\"kind\":\"circle\",\"radius\":3}]", "[{\"radius\":1},\"text\"]", "[\"a\",\"b\"]",
				"[null,{\"kind\":\"square\",\"side\":4}]");
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
	@JsonSubTypes({ @JsonSubTypes.Type(value = Circle.class, name = "circle"),
			@JsonSubTypes.Type(value = Square.class, name = "square") })
	sealed interface Shape permits Circle, Square {
	}

	record Circle(int radius) implements Shape {
	}

	record Square(int side) implements Shape {
	}

	static final class CountingPayload {

		final AtomicInteger serializations = new AtomicInteger();

		public int getChunkLength() {
			this.serializations.incrementAndGet();
			return 15;
		}

	}

}
