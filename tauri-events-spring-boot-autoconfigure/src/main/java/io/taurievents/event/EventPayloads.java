package io.taurievents.event;

import java.util.Collection;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * How {@code emit} writes a payload, for an {@code AppHandle} of one's own (a test double) that should write it the
 * same way: with the application's {@code JsonMapper}, for the payload's runtime class, except that a collection
 * whose elements are all of one polymorphic type ({@code @JsonTypeInfo}, own or inherited) is written as a
 * collection of that type. Jackson would write its elements as {@code Object}s and drop their type ids, which a
 * command's declared {@code List<Shape>} result and the generated bindings keep.
 *
 * <pre class="code">
 * app.emit("shapes", List.of(new Circle(1), new Square(2)));   // [{"kind":"circle",…},{"kind":"square",…}]
 * </pre>
 */
public final class EventPayloads {

	/** Per element class, the type declaring its {@code @JsonTypeInfo}, if any; a ClassValue keeps no class loader. */
	private static final ClassValue<Optional<Class<?>>> POLYMORPHIC_BASES = new ClassValue<>() {

		@Override
		protected Optional<Class<?>> computeValue(Class<?> type) {
			MergedAnnotation<JsonTypeInfo> info = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY)
				.get(JsonTypeInfo.class);
			return (info.isPresent() && info.getSource() instanceof Class<?> declaring) ? Optional.of(declaring)
					: Optional.empty();
		}

	};

	private EventPayloads() {
	}

	/**
	 * Writes a payload as {@code emit} does.
	 * @param jsonMapper the application's mapper
	 * @param payload the payload, {@code null} for none
	 * @return the payload as JSON text (the text {@code null} for none)
	 */
	public static String write(JsonMapper jsonMapper, @Nullable Object payload) {
		if (payload == null) {
			return "null";
		}
		Class<?> elements = (payload instanceof Collection<?> items) ? polymorphicElements(items) : null;
		if (elements != null) {
			return jsonMapper.writerFor(jsonMapper.getTypeFactory().constructCollectionType(Collection.class, elements))
				.writeValueAsString(payload);
		}
		return jsonMapper.writeValueAsString(payload);
	}

	/** The type declaring the first element's {@code @JsonTypeInfo} when every element is one, else {@code null}. */
	private static @Nullable Class<?> polymorphicElements(Collection<?> items) {
		Class<?> base = null;
		for (Object item : items) {
			if (item == null) {
				continue;
			}
			if (base == null) {
				base = POLYMORPHIC_BASES.get(item.getClass()).orElse(null);
				if (base == null) {
					return null;
				}
			}
			else if (!base.isInstance(item)) {
				return null;
			}
		}
		return base;
	}

}
