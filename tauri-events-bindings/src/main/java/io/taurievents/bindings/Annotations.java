package io.taurievents.bindings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Reads annotations by name: the processor sees the application's annotations (ours, Jackson's, JSpecify's)
 * without depending on them.
 */
final class Annotations {

	private final Elements elements;

	Annotations(Elements elements) {
		this.elements = elements;
	}

	/**
	 * The annotation of the given type on an element, if present.
	 * @param element the element
	 * @param type the annotation's qualified name
	 * @return the annotation, or {@code null}
	 */
	static AnnotationMirror find(Element element, String type) {
		for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
			if (((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName().contentEquals(type)) {
				return annotation;
			}
		}
		return null;
	}

	/**
	 * Whether any of the annotations (declaration or type use) is a {@code @Nullable} (JSpecify's, or any other
	 * annotation of that simple name).
	 * @param annotations the annotations
	 * @return whether one of them says nullable
	 */
	static boolean hasNullable(List<? extends AnnotationMirror> annotations) {
		for (AnnotationMirror annotation : annotations) {
			if (annotation.getAnnotationType().asElement().getSimpleName().contentEquals("Nullable")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A value of an annotation, its default when not given.
	 * @param annotation the annotation
	 * @param name the attribute
	 * @return the value, or {@code null} when the annotation has no such attribute
	 */
	Object value(AnnotationMirror annotation, String name) {
		Map<? extends ExecutableElement, ? extends AnnotationValue> values = this.elements
			.getElementValuesWithDefaults(annotation);
		for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : values.entrySet()) {
			if (entry.getKey().getSimpleName().contentEquals(name)) {
				return entry.getValue().getValue();
			}
		}
		return null;
	}

	/**
	 * A string value of an annotation.
	 * @param annotation the annotation
	 * @param name the attribute
	 * @return the value; empty when not given
	 */
	String string(AnnotationMirror annotation, String name) {
		Object value = value(annotation, name);
		return (value != null) ? value.toString() : "";
	}

	/**
	 * An enum value of an annotation, by constant name.
	 * @param annotation the annotation
	 * @param name the attribute
	 * @return the constant's name; empty when the attribute is missing
	 */
	String enumName(AnnotationMirror annotation, String name) {
		Object value = value(annotation, name);
		return (value instanceof Element constant) ? constant.getSimpleName().toString() : "";
	}

	/**
	 * An array value of an annotation, as its elements' values (strings, type mirrors, annotation mirrors).
	 * @param annotation the annotation
	 * @param name the attribute
	 * @return the values
	 */
	List<Object> list(AnnotationMirror annotation, String name) {
		List<Object> result = new ArrayList<>();
		Object value = value(annotation, name);
		if (value instanceof List<?> list) {
			for (Object item : list) {
				result.add(((AnnotationValue) item).getValue());
			}
		}
		else if (value != null) {
			result.add(value);
		}
		return result;
	}

	/**
	 * A class value of an annotation.
	 * @param annotation the annotation
	 * @param name the attribute
	 * @return the type
	 */
	TypeMirror type(AnnotationMirror annotation, String name) {
		return (TypeMirror) value(annotation, name);
	}

}
