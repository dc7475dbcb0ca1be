package io.taurievents.bindings;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/**
 * Maps Java types to TypeScript types as the application's Jackson 3 {@code JsonMapper} writes them with its
 * defaults, and collects the declarations ({@code interface}, {@code type}) of the application's own types.
 */
final class TypeScriptTypes {

	private static final String JACKSON = "com.fasterxml.jackson.annotation.";

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

	private static final Set<String> STRINGS = Set.of("java.lang.String", "java.lang.Character",
			"java.lang.CharSequence", "java.util.UUID", "java.net.URI", "java.net.URL", "java.util.Locale",
			"java.util.Currency", "java.util.Date", "java.util.regex.Pattern", "java.time.Instant",
			"java.time.LocalDate", "java.time.LocalDateTime", "java.time.LocalTime", "java.time.OffsetDateTime",
			"java.time.OffsetTime", "java.time.ZonedDateTime", "java.time.Duration", "java.time.Period",
			"java.time.YearMonth", "java.time.MonthDay", "java.time.ZoneId", "java.time.ZoneOffset",
			"java.nio.ByteBuffer");

	private static final Set<String> NUMBERS = Set.of("java.lang.Byte", "java.lang.Short", "java.lang.Integer",
			"java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.math.BigDecimal",
			"java.math.BigInteger", "java.util.concurrent.atomic.AtomicInteger",
			"java.util.concurrent.atomic.AtomicLong", "java.time.Year");

	private static final Set<String> ANY = Set.of("java.lang.Object", "tools.jackson.databind.JsonNode",
			"com.fasterxml.jackson.databind.JsonNode");

	/** Async results: the page receives what they complete with. */
	static final Set<String> ASYNC = Set.of("java.util.concurrent.CompletableFuture",
			"java.util.concurrent.CompletionStage", "java.util.concurrent.Future", "reactor.core.publisher.Mono");

	private final Elements elements;

	private final Types types;

	private final Messager messager;

	private final Annotations annotations;

	/** Qualified Java name to TypeScript name. */
	private final Map<String, String> names = new HashMap<>();

	private final Set<String> usedNames = new HashSet<>();

	/** Qualified Java name to its rendered declaration: sorted, so the module does not depend on javac's order. */
	private final Map<String, String> declarations = new java.util.TreeMap<>();

	private final Deque<Set<String>> typeVariables = new ArrayDeque<>();

	private final Set<String> warned = new HashSet<>();

	private final Map<String, TypeElement> elementsByName = new LinkedHashMap<>();

	private static final char PLACEHOLDER_START = '\u0001';

	private static final char PLACEHOLDER_END = '\u0002';

	/** What a type or annotation the bindings cannot model is reported as: a warning, or an error. */
	private final Diagnostic.Kind unsupported;

	/** The application's naming strategy ({@code SnakeCaseStrategy}…), empty for Jackson's default. */
	private final String naming;

	/** The types whose properties are being inlined into an owner ({@code @JsonUnwrapped}), against cycles. */
	private final Set<TypeElement> unwrapping = new HashSet<>();

	TypeScriptTypes(ProcessingEnvironment environment, Annotations annotations, Set<String> reservedNames,
			Diagnostic.Kind unsupported, String naming) {
		this.unsupported = unsupported;
		this.naming = naming;
		this.elements = environment.getElementUtils();
		this.types = environment.getTypeUtils();
		this.messager = environment.getMessager();
		this.annotations = annotations;
		this.usedNames.addAll(reservedNames);
	}

	/**
	 * The declarations of every type mapped so far.
	 * @return the TypeScript declarations, each ending with a new line
	 */
	List<String> declarations() {
		return new ArrayList<>(this.declarations.values());
	}

	/**
	 * Replaces the placeholders of the declared types with their names: a type's simple name, or, when several
	 * types share it (or the module uses it), its name prefixed with its enclosing types' names, then a number.
	 * Names depend on the set of types only, not on the order they were met.
	 * @param text text with placeholders
	 * @return the text with names
	 */
	String finish(String text) {
		Map<String, List<String>> bySimpleName = new java.util.TreeMap<>();
		for (Map.Entry<String, TypeElement> entry : this.elementsByName.entrySet()) {
			bySimpleName.computeIfAbsent(entry.getValue().getSimpleName().toString(), (k) -> new ArrayList<>())
				.add(entry.getKey());
		}
		Map<String, String> chosen = new java.util.TreeMap<>();
		for (Map.Entry<String, List<String>> group : bySimpleName.entrySet()) {
			boolean unique = group.getValue().size() == 1 && !this.usedNames.contains(group.getKey());
			List<String> candidates = new ArrayList<>();
			for (String qualifiedName : group.getValue()) {
				candidates.add(unique ? group.getKey() : tsName(this.elementsByName.get(qualifiedName)));
			}
			for (int i = 0; i < candidates.size(); i++) {
				String candidate = candidates.get(i);
				TypeElement element = this.elementsByName.get(group.getValue().get(i));
				if (this.usedNames.contains(candidate) || candidates.indexOf(candidate) != candidates.lastIndexOf(candidate)) {
					// top-level types of different packages, or a name the module uses: orders.Item is OrdersItem
					candidate = packagePrefix(element) + candidate;
				}
				chosen.put(group.getValue().get(i), candidate);
			}
		}
		Set<String> taken = new HashSet<>(this.usedNames);
		String result = text;
		for (Map.Entry<String, String> entry : chosen.entrySet()) {
			String name = entry.getValue();
			for (int i = 2; !taken.add(name); i++) {
				name = entry.getValue() + i;
			}
			result = result.replace(PLACEHOLDER_START + entry.getKey() + PLACEHOLDER_END, name);
		}
		return result;
	}

	/**
	 * Reserves a TypeScript name that is not a Java type's (an arguments type, for instance).
	 * @param wanted the name wanted
	 * @return the name, suffixed with a number when taken
	 */
	String reserve(String wanted) {
		String name = wanted;
		for (int i = 2; !this.usedNames.add(name); i++) {
			name = wanted + i;
		}
		return name;
	}

	/**
	 * The TypeScript type of a use of a Java type, {@code | null} when it is {@code @Nullable}.
	 * @param type the Java type
	 * @param where the element the type belongs to, for warnings
	 * @return the TypeScript type
	 */
	String map(TypeMirror type, Element where) {
		String mapped = bare(type, where);
		return Annotations.hasNullable(type.getAnnotationMirrors()) ? nullable(mapped) : mapped;
	}

	/**
	 * The type with {@code | null}, unless it has it already.
	 * @param type a TypeScript type
	 * @return the nullable type
	 */
	static String nullable(String type) {
		return (type.equals("unknown") || type.endsWith(" | null")) ? type : type + " | null";
	}

	/**
	 * Whether the type is {@code java.util.Optional} (or a primitive optional).
	 * @param type a type
	 * @return whether it is an optional
	 */
	static boolean isOptional(TypeMirror type) {
		return qualifiedName(type).startsWith("java.util.Optional");
	}

	/**
	 * The qualified name of a declared type's element; empty for other types.
	 * @param type a type
	 * @return the qualified name
	 */
	static String qualifiedName(TypeMirror type) {
		if (type.getKind() == TypeKind.DECLARED) {
			return ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
		}
		return "";
	}

	/**
	 * The first type argument of a declared type.
	 * @param type a parameterized type
	 * @return its first argument, or {@code null} when raw
	 */
	static TypeMirror firstArgument(TypeMirror type) {
		if (type.getKind() != TypeKind.DECLARED) {
			return null;
		}
		List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
		return arguments.isEmpty() ? null : arguments.get(0);
	}

	private String bare(TypeMirror type, Element where) {
		switch (type.getKind()) {
			case BOOLEAN:
				return "boolean";
			case CHAR:
				return "string";
			case BYTE, SHORT, INT, LONG, FLOAT, DOUBLE:
				return "number";
			case VOID:
				return "void";
			case ARRAY:
				TypeMirror component = ((ArrayType) type).getComponentType();
				// Jackson writes byte[] as a base64 string, char[] as a string
				return (component.getKind() == TypeKind.BYTE || component.getKind() == TypeKind.CHAR) ? "string"
						: array(map(component, where));
			case TYPEVAR:
				String variable = ((TypeVariable) type).asElement().getSimpleName().toString();
				return this.typeVariables.stream().anyMatch((scope) -> scope.contains(variable)) ? variable : "unknown";
			case WILDCARD:
				TypeMirror bound = ((WildcardType) type).getExtendsBound();
				return (bound != null) ? map(bound, where) : "unknown";
			case DECLARED:
				return declared((DeclaredType) type, where);
			default:
				warn(where, "type " + type + " has no TypeScript mapping; it is 'unknown' in the bindings");
				return "unknown";
		}
	}

	private String declared(DeclaredType type, Element where) {
		TypeElement element = (TypeElement) type.asElement();
		String name = element.getQualifiedName().toString();
		List<? extends TypeMirror> arguments = type.getTypeArguments();
		if (STRINGS.contains(name)) {
			return "string";
		}
		if (NUMBERS.contains(name)) {
			return "number";
		}
		if (name.equals("java.lang.Boolean")) {
			return "boolean";
		}
		if (name.equals("java.lang.Void")) {
			return "null";
		}
		if (ANY.contains(name)) {
			return "unknown";
		}
		if (name.equals("java.util.Optional")) {
			return arguments.isEmpty() ? "unknown" : nullable(map(arguments.get(0), where));
		}
		if (name.startsWith("java.util.Optional")) {
			return "number | null";
		}
		if (ASYNC.contains(name)) {
			return arguments.isEmpty() ? "unknown" : map(arguments.get(0), where);
		}
		if (isSubtype(type, "java.util.Map")) {
			return map(type, arguments, where);
		}
		if (isSubtype(type, "java.lang.Iterable") || isSubtype(type, "java.util.stream.BaseStream")) {
			return array(arguments.isEmpty() ? "unknown" : map(arguments.get(0), where));
		}
		if (name.startsWith("java.") && element.getKind() == ElementKind.ENUM) {
			// DayOfWeek, TimeUnit, ChronoUnit…: written like the application's enums
			return declare(element);
		}
		if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta.")
				|| name.startsWith("reactor.") || name.startsWith("org.springframework.")) {
			warn(where, "type " + name + " has no TypeScript mapping; it is 'unknown' in the bindings");
			return "unknown";
		}
		String declared = declare(element);
		String typeArguments = "";
		if (!arguments.isEmpty() && !element.getTypeParameters().isEmpty()) {
			List<String> mapped = new ArrayList<>();
			for (TypeMirror argument : arguments) {
				mapped.add(map(argument, where));
			}
			typeArguments = "<" + String.join(", ", mapped) + ">";
		}
		return use(element, declared + typeArguments, typeArguments);
	}

	private String map(DeclaredType type, List<? extends TypeMirror> arguments, Element where) {
		return (arguments.size() != 2) ? "Record<string, unknown>"
				: record(arguments.get(0), map(arguments.get(1), where), where);
	}

	/** A map's TypeScript type, from its Java key type and its values' TypeScript type. */
	private String record(TypeMirror key, String value, Element where) {
		if (key.getKind() == TypeKind.DECLARED
				&& ((DeclaredType) key).asElement().getKind() == ElementKind.ENUM) {
			// an EnumMap or a map with enum keys holds some of the constants
			return "Partial<Record<" + map(key, where) + ", " + value + ">>";
		}
		return "Record<string, " + value + ">";
	}

	private boolean isSubtype(DeclaredType type, String supertype) {
		TypeElement element = this.elements.getTypeElement(supertype);
		return element != null
				&& this.types.isAssignable(this.types.erasure(type), this.types.erasure(element.asType()));
	}

	private static String array(String component) {
		return (component.contains(" ") ? "(" + component + ")" : component) + "[]";
	}

	/**
	 * Declares an application type and returns its TypeScript name.
	 * @param element the type
	 * @return its TypeScript name
	 */
	String declare(TypeElement element) {
		String qualifiedName = element.getQualifiedName().toString();
		String existing = this.names.get(qualifiedName);
		if (existing != null) {
			return existing;
		}
		// a placeholder until every type is known: names are chosen in finish(), all at once
		String name = PLACEHOLDER_START + qualifiedName + PLACEHOLDER_END;
		this.names.put(qualifiedName, name);
		this.elementsByName.put(qualifiedName, element);
		Set<String> scope = new LinkedHashSet<>();
		for (TypeParameterElement parameter : element.getTypeParameters()) {
			scope.add(parameter.getSimpleName().toString());
		}
		this.typeVariables.push(scope);
		try {
			String parameters = scope.isEmpty() ? "" : "<" + String.join(", ", scope) + ">";
			String doc = doc(element, "Java: `" + qualifiedName + "`.");
			String body = body(element, name + parameters);
			this.declarations.put(qualifiedName, doc + body);
		}
		finally {
			this.typeVariables.pop();
		}
		return name;
	}

	/**
	 * The TypeScript type of a use of an application type: its name, or, for a concrete type with an inherited
	 * {@code @JsonTypeInfo}, the name with the type id Jackson writes and reads with it.
	 * @param element the type
	 * @return the TypeScript type
	 */
	String use(TypeElement element) {
		return use(element, declare(element), "");
	}

	private String use(TypeElement element, String declared, String typeArguments) {
		if (isConcrete(element)) {
			List<String> members = polymorphicMembers(element, typeArguments);
			if (members != null) {
				return (members.size() == 1) ? members.get(0) : "(" + String.join(" | ", members) + ")";
			}
		}
		return declared;
	}

	private String body(TypeElement element, String name) {
		if (element.getKind() == ElementKind.ENUM) {
			return enumeration(element, name);
		}
		if (!isConcrete(element)) {
			List<String> members = polymorphicMembers(element, "");
			if (members != null) {
				return "export type " + name + " =\n\t| " + String.join("\n\t| ", members) + ";\n";
			}
		}
		if (!shape(element).isEmpty() && !shape(element).equals("OBJECT")) {
			warn(element, "@JsonFormat(shape = " + shape(element) + ") on a type is not modelled by the bindings: "
					+ element.getSimpleName() + " is typed as an object");
		}
		List<String> properties = (element.getKind() == ElementKind.RECORD) ? recordProperties(element)
				: beanProperties(element);
		StringBuilder body = new StringBuilder("export interface ").append(name).append(" {\n");
		for (String property : properties) {
			body.append("\t").append(property).append(";\n");
		}
		return body.append("}\n").toString();
	}

	private String enumeration(TypeElement element, String name) {
		for (Element member : element.getEnclosedElements()) {
			AnnotationMirror jsonValue = Annotations.find(member, JACKSON + "JsonValue");
			if (jsonValue != null && !Boolean.FALSE.equals(this.annotations.value(jsonValue, "value"))) {
				// the values are computed at run time: the type of the @JsonValue method or field is all we know
				TypeMirror type = (member instanceof ExecutableElement method) ? method.getReturnType() : member.asType();
				return "export type " + name + " = " + map(type, member) + ";\n";
			}
		}
		if (shape(element).startsWith("NUMBER")) {
			// @JsonFormat(shape = NUMBER): the constant's index
			return "export type " + name + " = number;\n";
		}
		// Jackson 3 writes (and reads) an enum constant by its toString() unless @JsonProperty names it
		boolean toString = ElementFilter.methodsIn(element.getEnclosedElements())
			.stream()
			.anyMatch((method) -> method.getSimpleName().contentEquals("toString") && method.getParameters().isEmpty());
		if (toString && isJdk(element)) {
			// ChronoUnit, ChronoField: the processor runs on a JDK, which has their toString() values ("HalfDays")
			List<String> values = jdkEnumStrings(element);
			return "export type " + name + " = "
					+ (values.isEmpty() ? "string" : String.join(" | ", values.stream().map(TypeScriptTypes::literal).toList()))
					+ ";\n";
		}
		List<String> constants = new ArrayList<>();
		for (Element enclosed : element.getEnclosedElements()) {
			if (enclosed.getKind() == ElementKind.ENUM_CONSTANT) {
				AnnotationMirror property = Annotations.find(enclosed, JACKSON + "JsonProperty");
				String value = (property != null) ? this.annotations.string(property, "value") : "";
				if (value.isEmpty() && toString) {
					warn(element, element.getSimpleName() + " overrides toString(), which Jackson 3 writes for its "
							+ "constants: they are typed as 'string' (name them with @JsonProperty, or use @JsonValue)");
					return "export type " + name + " = string;\n";
				}
				constants.add(literal(value.isEmpty() ? enclosed.getSimpleName().toString() : value));
			}
		}
		return "export type " + name + " = " + (constants.isEmpty() ? "never" : String.join(" | ", constants))
				+ ";\n";
	}

	private static boolean isJdk(TypeElement element) {
		String name = element.getQualifiedName().toString();
		return name.startsWith("java.") || name.startsWith("javax.");
	}

	/**
	 * The {@code toString()} values of a JDK enum's constants, from the JDK the processor runs on; empty when it
	 * does not have the enum (the type is then {@code string}: nothing the application could change).
	 */
	private List<String> jdkEnumStrings(TypeElement element) {
		List<String> values = new ArrayList<>();
		try {
			Class<?> type = Class.forName(this.elements.getBinaryName(element).toString(), true,
					ClassLoader.getPlatformClassLoader());
			Object[] constants = type.getEnumConstants();
			for (Object constant : (constants != null) ? constants : new Object[0]) {
				values.add(constant.toString());
			}
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			values.clear();
		}
		return values;
	}

	/** The shape of an element's {@code @JsonFormat}; empty when it has none. */
	private String shape(Element element) {
		AnnotationMirror format = Annotations.find(element, JACKSON + "JsonFormat");
		String shape = (format != null) ? this.annotations.enumName(format, "shape") : "";
		return shape.equals("ANY") ? "" : shape;
	}

	private List<String> recordProperties(TypeElement element) {
		List<String> properties = new ArrayList<>();
		String inclusion = inclusion(element);
		Set<String> ignored = ignoredProperties(element);
		String naming = naming(element);
		for (RecordComponentElement component : element.getRecordComponents()) {
			List<Element> carriers = new ArrayList<>();
			carriers.add(component);
			if (component.getAccessor() != null) {
				carriers.add(component.getAccessor());
			}
			for (VariableElement field : ElementFilter.fieldsIn(element.getEnclosedElements())) {
				if (field.getSimpleName().contentEquals(component.getSimpleName())) {
					carriers.add(field);
				}
			}
			List<String> unwrapped = unwrapped(carriers, component.asType());
			if (unwrapped != null) {
				properties.addAll(unwrapped);
				continue;
			}
			property(carriers, component.getSimpleName().toString(), component.asType(), inclusion, ignored, naming)
				.ifPresent(properties::add);
		}
		return properties;
	}

	/**
	 * The properties a {@code @JsonUnwrapped} property puts in its owner's JSON: those of its type, as Jackson
	 * writes them. {@code null} when the property is not unwrapped, is ignored, or is unwrapped in a way the
	 * bindings do not model (a prefix or suffix, a type that may be null, generic or polymorphic, a cycle): it is
	 * then a plain property, with a warning.
	 */
	private List<String> unwrapped(List<Element> carriers, TypeMirror type) {
		AnnotationMirror unwrap = null;
		for (Element carrier : carriers) {
			if (isIgnored(carrier)) {
				return null;
			}
			AnnotationMirror found = Annotations.find(carrier, JACKSON + "JsonUnwrapped");
			if (found != null && !Boolean.FALSE.equals(this.annotations.value(found, "enabled"))) {
				unwrap = found;
			}
		}
		if (unwrap == null) {
			return null;
		}
		boolean plain = this.annotations.string(unwrap, "prefix").isEmpty()
				&& this.annotations.string(unwrap, "suffix").isEmpty();
		boolean nullable = Annotations.hasNullable(type.getAnnotationMirrors()) || carriers.stream()
			.anyMatch((carrier) -> Annotations.hasNullable(carrier.getAnnotationMirrors()));
		if (!plain || nullable || !(type instanceof DeclaredType declared) || !declared.getTypeArguments().isEmpty()
				|| !(declared.asElement() instanceof TypeElement element) || !isConcrete(element)
				|| isJdk(element) || typeInfo(element) != null || !this.unwrapping.add(element)) {
			return null;
		}
		try {
			return (element.getKind() == ElementKind.RECORD) ? recordProperties(element) : beanProperties(element);
		}
		finally {
			this.unwrapping.remove(element);
		}
	}

	private List<String> beanProperties(TypeElement element) {
		// Jackson's defaults: public getters (isX for booleans) and public fields
		Map<String, String> properties = new LinkedHashMap<>();
		String inclusion = inclusion(element);
		Set<String> ignored = ignoredProperties(element);
		String naming = naming(element);
		for (Element member : this.elements.getAllMembers(element)) {
			if (!member.getModifiers().contains(Modifier.PUBLIC) || member.getModifiers().contains(Modifier.STATIC)
					|| ((TypeElement) member.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object")) {
				continue;
			}
			if (member instanceof VariableElement field && member.getKind() == ElementKind.FIELD
					&& !field.getModifiers().contains(Modifier.TRANSIENT)) {
				String name = field.getSimpleName().toString();
				List<String> unwrapped = unwrapped(List.of(field), field.asType());
				if (unwrapped != null) {
					unwrapped.forEach((p) -> properties.put(name + "." + p, p));
					continue;
				}
				property(List.of(field), name, field.asType(), inclusion, ignored, naming)
					.ifPresent((p) -> properties.put(name, p));
			}
			else if (member instanceof ExecutableElement method && method.getParameters().isEmpty()
					&& method.getKind() == ElementKind.METHOD) {
				String name = beanName(method);
				if (name != null) {
					List<String> unwrapped = unwrapped(List.of(method), method.getReturnType());
					if (unwrapped != null) {
						unwrapped.forEach((p) -> properties.put(name + "." + p, p));
						continue;
					}
					property(List.of(method), name, method.getReturnType(), inclusion, ignored, naming)
						.ifPresent((p) -> properties.put(name, p));
				}
			}
		}
		return new ArrayList<>(properties.values());
	}

	private static String beanName(ExecutableElement method) {
		String name = method.getSimpleName().toString();
		TypeMirror type = method.getReturnType();
		String rest;
		if (name.startsWith("get") && name.length() > 3 && type.getKind() != TypeKind.VOID) {
			rest = name.substring(3);
		}
		else if (name.startsWith("is") && name.length() > 2 && (type.getKind() == TypeKind.BOOLEAN
				|| qualifiedName(type).equals("java.lang.Boolean"))) {
			// Jackson 3 takes a Boolean isX() too
			rest = name.substring(2);
		}
		else {
			return null;
		}
		// Jackson 3 names as java.beans.Introspector does: getURL is "URL", getUrl is "url"
		if (rest.length() > 1 && Character.isUpperCase(rest.charAt(0)) && Character.isUpperCase(rest.charAt(1))) {
			return rest;
		}
		return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
	}

	private java.util.Optional<String> property(List<Element> carriers, String javaName, TypeMirror type,
			String typeInclusion, Set<String> ignoredNames, String naming) {
		String name = translate(naming, javaName);
		String inclusion = typeInclusion;
		boolean optional = isOptional(type);
		boolean nullable = Annotations.hasNullable(type.getAnnotationMirrors());
		String shape = "";
		String serializer = "";
		for (Element carrier : carriers) {
			if (isIgnored(carrier)) {
				return java.util.Optional.empty();
			}
			AnnotationMirror property = Annotations.find(carrier, JACKSON + "JsonProperty");
			if (property != null && !this.annotations.string(property, "value").isEmpty()) {
				name = this.annotations.string(property, "value");
			}
			String own = inclusion(carrier);
			inclusion = own.isEmpty() ? inclusion : own;
			nullable |= Annotations.hasNullable(carrier.getAnnotationMirrors());
			if (carrier instanceof ExecutableElement accessor) {
				nullable |= Annotations.hasNullable(accessor.getReturnType().getAnnotationMirrors());
			}
			shape = shape.isEmpty() ? shape(carrier) : shape;
			serializer = serializer.isEmpty() ? serializer(carrier) : serializer;
			if (Annotations.find(carrier, JACKSON + "JsonUnwrapped") != null
					|| Annotations.find(carrier, JACKSON + "JsonAnyGetter") != null) {
				warn(carrier, "@JsonUnwrapped with a prefix or suffix, of a type that may be null, generic or "
						+ "polymorphic, and @JsonAnyGetter are not modelled by the bindings: '" + javaName
						+ "' is typed as a plain property");
			}
		}
		if (ignoredNames.contains(name)) {
			return java.util.Optional.empty();
		}
		String mapped = (shape.isEmpty() || !serializer.isEmpty()) ? map(type, carriers.get(0))
				: shaped(type, shape, carriers.get(0), javaName);
		if (serializer.equals("ToStringSerializer")) {
			mapped = "string";
		}
		else if (!serializer.isEmpty()) {
			warn(carriers.get(0), "@JsonSerialize(using = " + serializer + ") is not modelled by the bindings: '"
					+ javaName + "' is typed as its Java type");
		}
		if (Annotations.hasNullable(type.getAnnotationMirrors())) {
			mapped = nullable(mapped);
		}
		// what Jackson leaves out of the JSON under the property's or its type's @JsonInclude
		boolean mayBeAbsent = switch (inclusion) {
			case "NON_NULL" -> nullable;
			case "NON_ABSENT" -> nullable || optional;
			case "NON_EMPTY" -> nullable || optional || canBeEmpty(type);
			case "NON_DEFAULT", "CUSTOM" -> true;
			default -> false;
		};
		if (mayBeAbsent) {
			// Optional.empty() under NON_NULL is still written, as null
			boolean stillNull = inclusion.equals("NON_NULL") && optional;
			return java.util.Optional.of(key(name) + "?: " + (stillNull ? mapped : stripNull(mapped)));
		}
		return java.util.Optional.of(key(name) + ": " + ((nullable || optional) ? nullable(mapped) : mapped));
	}

	/**
	 * The TypeScript type of a property's value under its {@code @JsonFormat(shape = …)}: Jackson applies the shape
	 * to the value, or to the elements of an object array, a collection or an {@code Optional} and to a map's values
	 * (not to a primitive array's elements, nor to map keys).
	 */
	private String shaped(TypeMirror type, String shape, Element where, String javaName) {
		String mapped = null;
		if (type.getKind() == TypeKind.ARRAY) {
			TypeMirror component = ((ArrayType) type).getComponentType();
			if (!component.getKind().isPrimitive()) {
				mapped = array(shaped(component, shape, where, javaName));
			}
		}
		else if (type instanceof DeclaredType declared) {
			List<? extends TypeMirror> arguments = declared.getTypeArguments();
			String name = qualifiedName(type);
			if (name.equals("java.util.Optional") && arguments.size() == 1) {
				mapped = nullable(shaped(arguments.get(0), shape, where, javaName));
			}
			else if (isSubtype(declared, "java.util.Map") && arguments.size() == 2) {
				mapped = record(arguments.get(0), shaped(arguments.get(1), shape, where, javaName), where);
			}
			else if (isSubtype(declared, "java.lang.Iterable") && arguments.size() == 1) {
				mapped = array(shaped(arguments.get(0), shape, where, javaName));
			}
		}
		if (mapped == null) {
			mapped = scalarShape(type, shape, where, javaName);
		}
		if (mapped == null) {
			return map(type, where);
		}
		return Annotations.hasNullable(type.getAnnotationMirrors()) ? nullable(mapped) : mapped;
	}

	/** The dates and times a numeric (or {@code ARRAY}) shape writes as a number: seconds or milliseconds. */
	private static final Set<String> TIMESTAMPS = Set.of("java.time.Instant", "java.time.OffsetDateTime",
			"java.time.ZonedDateTime", "java.time.Duration");

	/** The local dates and times a numeric (or {@code ARRAY}) shape writes as an array: {@code [2026, 11, 30]}. */
	private static final Set<String> LOCAL_ARRAYS = Set.of("java.time.LocalDate", "java.time.LocalDateTime",
			"java.time.LocalTime", "java.time.YearMonth", "java.time.MonthDay");

	/**
	 * What Jackson 3 writes for a scalar under a shape, checked type by type against its serializers; {@code null}
	 * when the shape changes nothing (a {@code String}, a {@code UUID}, a {@code Period} or a {@code ZoneId} stay
	 * strings whatever the shape).
	 */
	private String scalarShape(TypeMirror type, String shape, Element where, String javaName) {
		boolean numeric = shape.startsWith("NUMBER");
		String name = (type.getKind() == TypeKind.DECLARED) ? qualifiedName(type) : "";
		if (type.getKind() == TypeKind.BOOLEAN || name.equals("java.lang.Boolean")) {
			// NUMBER writes 1 or 0
			return shape.equals("STRING") ? "string" : numeric ? "number" : null;
		}
		if ((type.getKind().isPrimitive() && type.getKind() != TypeKind.CHAR)
				|| (NUMBERS.contains(name) && !name.startsWith("java.util.concurrent.atomic."))) {
			// an AtomicInteger or AtomicLong stays a number even as STRING
			return shape.equals("STRING") ? "string" : null;
		}
		boolean timestamp = numeric || shape.equals("ARRAY");
		if (TIMESTAMPS.contains(name)) {
			return timestamp ? "number" : null;
		}
		if (name.equals("java.util.Date")) {
			// ARRAY leaves a Date a string
			return numeric ? "number" : null;
		}
		if (name.equals("java.time.LocalDate") && shape.equals("NUMBER_INT")) {
			// the epoch day
			return "number";
		}
		if (LOCAL_ARRAYS.contains(name)) {
			// seconds and nanoseconds are left out when zero: [8, 30], [8, 30, 15]
			return timestamp ? "number[]" : null;
		}
		if (name.equals("java.time.OffsetTime")) {
			// [8, 30, 15, '+01:00']
			return timestamp ? "(number | string)[]" : null;
		}
		if (type.getKind() != TypeKind.DECLARED || STRINGS.contains(name) || ANY.contains(name)) {
			return null;
		}
		boolean natural = shape.equals("STRING") || shape.equals("NATURAL") || shape.equals("SCALAR");
		if (((DeclaredType) type).asElement().getKind() == ElementKind.ENUM) {
			if (timestamp) {
				// the constant's index
				return "number";
			}
			if (!natural) {
				// OBJECT writes the enum's properties, BOOLEAN and BINARY fail at run time
				warn(where, "@JsonFormat(shape = " + shape + ") on the enum property '" + javaName
						+ "' is not modelled by the bindings: it is typed as its constants");
			}
			return null;
		}
		if (!shape.equals("NATURAL") && !shape.equals("SCALAR") && !shape.equals("OBJECT") && !shape.equals("POJO")
				&& !name.startsWith("java.")) {
			// ARRAY writes a bean's properties as an array
			warn(where, "@JsonFormat(shape = " + shape + ") on '" + javaName + "' is not modelled by the bindings: "
					+ "it is typed as its Java type");
		}
		return null;
	}

	/** Whether {@code NON_EMPTY} leaves a value of the type out: empty strings, collections, maps and arrays. */
	private boolean canBeEmpty(TypeMirror type) {
		return type.getKind() == TypeKind.ARRAY || (type.getKind() == TypeKind.DECLARED
				&& (qualifiedName(type).equals("java.lang.String") || isSubtype((DeclaredType) type, "java.util.Map")
						|| isSubtype((DeclaredType) type, "java.util.Collection")));
	}

	/** The simple name of the {@code @JsonSerialize(using = …)} class; empty when there is none. */
	private String serializer(Element element) {
		for (String annotation : List.of("tools.jackson.databind.annotation.JsonSerialize",
				"com.fasterxml.jackson.databind.annotation.JsonSerialize")) {
			AnnotationMirror serialize = Annotations.find(element, annotation);
			Object using = (serialize != null) ? this.annotations.value(serialize, "using") : null;
			if (using instanceof DeclaredType type) {
				String name = type.asElement().getSimpleName().toString();
				// the default, ValueSerializer.None (or JsonSerializer.None), means none
				return name.equals("None") ? "" : name;
			}
		}
		return "";
	}

	private static String stripNull(String type) {
		return type.endsWith(" | null") ? type.substring(0, type.length() - 7) : type;
	}

	private boolean isIgnored(Element element) {
		AnnotationMirror ignore = Annotations.find(element, JACKSON + "JsonIgnore");
		return ignore != null && !Boolean.FALSE.equals(this.annotations.value(ignore, "value"));
	}

	/**
	 * The simple name of the strategy of a type's {@code @JsonNaming}; the application's ({@link #naming}) when it
	 * has none.
	 */
	private String naming(TypeElement element) {
		for (String annotation : List.of("tools.jackson.databind.annotation.JsonNaming",
				"com.fasterxml.jackson.databind.annotation.JsonNaming")) {
			AnnotationMirror naming = Annotations.find(element, annotation);
			if (naming != null && this.annotations.value(naming, "value") instanceof DeclaredType strategy) {
				String name = strategy.asElement().getSimpleName().toString();
				if (!NAMINGS.contains(name)) {
					warn(element, "@JsonNaming(" + name + ") is not modelled by the bindings: the properties of "
							+ element.getSimpleName() + " keep their Java names");
					return "";
				}
				return name;
			}
		}
		return this.naming;
	}

	/**
	 * A strategy as {@code spring.jackson.property-naming-strategy} names it: a constant of
	 * {@code PropertyNamingStrategies} ({@code SNAKE_CASE}) or the class name of one of its strategies.
	 * @param configured the configured name
	 * @return the strategy's simple class name, {@code null} for one the bindings do not model
	 */
	static String namingStrategy(String configured) {
		for (String holder : List.of("tools.jackson.databind.PropertyNamingStrategies",
				"com.fasterxml.jackson.databind.PropertyNamingStrategies")) {
			if (configured.startsWith(holder + "$") || configured.startsWith(holder + ".")) {
				String simpleName = configured.substring(holder.length() + 1);
				return NAMINGS.contains(simpleName) ? simpleName : null;
			}
		}
		if (!configured.matches("[A-Z_]+")) {
			return null;
		}
		// SNAKE_CASE -> SnakeCaseStrategy
		StringBuilder name = new StringBuilder();
		for (String word : configured.toLowerCase(Locale.ROOT).split("_")) {
			if (!word.isEmpty()) {
				name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
			}
		}
		name.append("Strategy");
		return NAMINGS.contains(name.toString()) ? name.toString() : null;
	}

	private static final Set<String> NAMINGS = Set.of("SnakeCaseStrategy", "UpperSnakeCaseStrategy",
			"KebabCaseStrategy", "LowerDotCaseStrategy", "LowerCaseStrategy", "UpperCamelCaseStrategy",
			"LowerCamelCaseStrategy");

	/** A property name through one of Jackson's {@code PropertyNamingStrategies}, as Jackson translates it. */
	static String translate(String strategy, String name) {
		if (name.isEmpty()) {
			return name;
		}
		return switch (strategy) {
			case "SnakeCaseStrategy" -> snakeCase(name);
			case "UpperSnakeCaseStrategy" -> snakeCase(name).toUpperCase(Locale.ROOT);
			case "KebabCaseStrategy" -> lowerCaseWithSeparator(name, '-');
			case "LowerDotCaseStrategy" -> lowerCaseWithSeparator(name, '.');
			case "LowerCaseStrategy" -> name.toLowerCase(Locale.ROOT);
			case "UpperCamelCaseStrategy" -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
			default -> name;
		};
	}

	/** Jackson's snake_case: an upper-case run is one word ({@code userURL} is {@code user_url}). */
	private static String snakeCase(String name) {
		StringBuilder result = new StringBuilder();
		boolean previousTranslated = false;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (i == 0 && c == '_') {
				continue;
			}
			if (Character.isUpperCase(c)) {
				if (!previousTranslated && !result.isEmpty() && result.charAt(result.length() - 1) != '_') {
					result.append('_');
				}
				c = Character.toLowerCase(c);
				previousTranslated = true;
			}
			else {
				previousTranslated = false;
			}
			result.append(c);
		}
		return result.isEmpty() ? name : result.toString();
	}

	/** Jackson's kebab-case and lower.dot.case: an acronym's last letter starts the next word. */
	private static String lowerCaseWithSeparator(String name, char separator) {
		StringBuilder result = new StringBuilder();
		int upper = 0;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			char lower = Character.toLowerCase(c);
			if (lower == c) {
				if (upper > 1) {
					result.insert(result.length() - 1, separator);
				}
				upper = 0;
			}
			else {
				if (upper == 0 && i > 0) {
					result.append(separator);
				}
				upper++;
			}
			result.append(lower);
		}
		return result.toString();
	}

	/** The names a type's {@code @JsonIgnoreProperties} leaves out. */
	private Set<String> ignoredProperties(TypeElement element) {
		Set<String> names = new HashSet<>();
		AnnotationMirror ignore = Annotations.find(element, JACKSON + "JsonIgnoreProperties");
		if (ignore != null) {
			for (Object name : this.annotations.list(ignore, "value")) {
				names.add(name.toString());
			}
		}
		return names;
	}

	/** The inclusion of an element's {@code @JsonInclude}; empty when it says nothing. */
	private String inclusion(Element element) {
		AnnotationMirror include = Annotations.find(element, JACKSON + "JsonInclude");
		String value = (include != null) ? this.annotations.enumName(include, "value") : "";
		return value.equals("USE_DEFAULTS") ? "" : value;
	}

	/** A polymorphic type's {@code @JsonTypeInfo}, its own or inherited, as Jackson finds it. */
	private record TypeInfo(TypeElement owner, String use, String include, String property) {

		boolean tagged() {
			return !this.use.equals("NONE") && !this.use.equals("DEDUCTION") && !this.use.equals("CUSTOM")
					&& !this.include.equals("EXTERNAL_PROPERTY");
		}

	}

	private TypeInfo typeInfo(TypeElement element) {
		Deque<TypeElement> queue = new ArrayDeque<>(List.of(element));
		Set<TypeElement> visited = new HashSet<>();
		while (!queue.isEmpty()) {
			TypeElement type = queue.poll();
			if (!visited.add(type)) {
				continue;
			}
			AnnotationMirror info = Annotations.find(type, JACKSON + "JsonTypeInfo");
			if (info != null) {
				String use = this.annotations.enumName(info, "use");
				String property = this.annotations.string(info, "property");
				if (property.isEmpty()) {
					property = switch (use) {
						case "CLASS" -> "@class";
						case "MINIMAL_CLASS" -> "@c";
						default -> "@type";
					};
				}
				return new TypeInfo(type, use, this.annotations.enumName(info, "include"), property);
			}
			for (TypeMirror supertype : this.types.directSupertypes(type.asType())) {
				if (supertype.getKind() == TypeKind.DECLARED) {
					queue.add((TypeElement) ((DeclaredType) supertype).asElement());
				}
			}
		}
		return null;
	}

	private static boolean isConcrete(TypeElement element) {
		return (element.getKind() == ElementKind.CLASS || element.getKind() == ElementKind.RECORD)
				&& !element.getModifiers().contains(Modifier.ABSTRACT);
	}

	/** The direct subtypes Jackson knows: {@code @JsonSubTypes}, or a sealed type's permitted ones. */
	private List<TypeElement> subtypes(TypeElement element) {
		List<TypeElement> subtypes = new ArrayList<>();
		AnnotationMirror declared = Annotations.find(element, JACKSON + "JsonSubTypes");
		if (declared != null) {
			for (Object value : this.annotations.list(declared, "value")) {
				subtypes.add((TypeElement) this.types.asElement(this.annotations.type((AnnotationMirror) value, "value")));
			}
			return subtypes;
		}
		// Jackson 3 finds the subtypes of a sealed type by itself
		for (TypeMirror permitted : element.getPermittedSubclasses()) {
			subtypes.add((TypeElement) this.types.asElement(permitted));
		}
		return subtypes;
	}

	/** The concrete types a value of the type can be: itself when concrete, and its subtypes', transitively. */
	private Set<TypeElement> leaves(TypeElement element, Set<TypeElement> visited) {
		Set<TypeElement> leaves = new LinkedHashSet<>();
		if (!visited.add(element)) {
			return leaves;
		}
		if (isConcrete(element)) {
			leaves.add(element);
		}
		for (TypeElement subtype : subtypes(element)) {
			leaves.addAll(leaves(subtype, visited));
		}
		return leaves;
	}

	/**
	 * How a value of a polymorphic type is written at a use of the type: its concrete types, each with the type id
	 * Jackson writes for it (a concrete subtype used by itself is written with its id too); {@code null} when the
	 * type is not polymorphic.
	 */
	private List<String> polymorphicMembers(TypeElement element, String arguments) {
		TypeInfo info = typeInfo(element);
		List<TypeElement> subtypes = subtypes(element);
		if (info == null && subtypes.isEmpty()) {
			return null;
		}
		if (info == null && isConcrete(element)) {
			// a class with @JsonSubTypes but no @JsonTypeInfo: written as the class it is
			return null;
		}
		if (info == null || !info.tagged()) {
			String reason = (info == null) ? "has subtypes but no @JsonTypeInfo: Jackson writes no type id, so the "
					+ "bindings type it as an untagged union (and Jackson cannot read it back)"
					: "has @JsonTypeInfo(use = " + info.use() + ", include = " + info.include() + "), which the "
							+ "bindings type as an untagged union";
			warn(element, element.getSimpleName() + " " + reason);
		}
		List<String> members = new ArrayList<>();
		for (TypeElement leaf : leaves(element, new HashSet<>())) {
			String member = declare(leaf);
			if (!leaf.getTypeParameters().isEmpty()) {
				if (leaf.equals(element)) {
					member += arguments;
				}
				else {
					// the subtype's own type variables, which must be the base type's ones by name
					List<String> variables = new ArrayList<>();
					for (TypeParameterElement parameter : leaf.getTypeParameters()) {
						String variable = parameter.getSimpleName().toString();
						boolean inScope = this.typeVariables.stream().anyMatch((scope) -> scope.contains(variable));
						variables.add(inScope ? variable : "unknown");
					}
					member += "<" + String.join(", ", variables) + ">";
				}
			}
			if (info == null || !info.tagged()) {
				members.add(member);
				continue;
			}
			List<String> ids = explicitIds(leaf);
			if (ids.isEmpty()) {
				ids = List.of(typeId(info.owner(), leaf, info.use()));
			}
			for (String id : ids) {
				members.add(switch (info.include()) {
					case "WRAPPER_OBJECT" -> "{ " + key(id) + ": " + member + " }";
					case "WRAPPER_ARRAY" -> "[" + literal(id) + ", " + member + "]";
					default -> "(" + member + " & { " + key(info.property()) + ": " + literal(id) + " })";
				});
			}
		}
		return members.isEmpty() ? List.of("never") : members;
	}

	/** The names {@code @JsonSubTypes} gives a type, on any of its supertypes; empty when none does. */
	private List<String> explicitIds(TypeElement leaf) {
		Deque<TypeElement> queue = new ArrayDeque<>(List.of(leaf));
		Set<TypeElement> visited = new HashSet<>();
		while (!queue.isEmpty()) {
			TypeElement type = queue.poll();
			if (!visited.add(type)) {
				continue;
			}
			AnnotationMirror declared = Annotations.find(type, JACKSON + "JsonSubTypes");
			if (declared != null) {
				for (Object value : this.annotations.list(declared, "value")) {
					AnnotationMirror entry = (AnnotationMirror) value;
					if (!leaf.equals(this.types.asElement(this.annotations.type(entry, "value")))) {
						continue;
					}
					List<String> ids = new ArrayList<>();
					if (!this.annotations.string(entry, "name").isEmpty()) {
						ids.add(this.annotations.string(entry, "name"));
					}
					for (Object name : this.annotations.list(entry, "names")) {
						ids.add(name.toString());
					}
					if (!ids.isEmpty()) {
						return ids;
					}
				}
			}
			for (TypeMirror supertype : this.types.directSupertypes(type.asType())) {
				if (supertype.getKind() == TypeKind.DECLARED) {
					queue.add((TypeElement) ((DeclaredType) supertype).asElement());
				}
			}
		}
		return List.of();
	}

	private String typeId(TypeElement base, TypeElement subtype, String use) {
		AnnotationMirror typeName = Annotations.find(subtype, JACKSON + "JsonTypeName");
		if (typeName != null && !this.annotations.string(typeName, "value").isEmpty()) {
			return this.annotations.string(typeName, "value");
		}
		String binaryName = this.elements.getBinaryName(subtype).toString();
		String packageName = this.elements.getPackageOf(subtype).getQualifiedName().toString();
		return switch (use) {
			case "CLASS" -> binaryName;
			case "MINIMAL_CLASS" -> this.elements.getPackageOf(base).getQualifiedName().contentEquals(packageName)
					? binaryName.substring(packageName.length()) : binaryName;
			case "SIMPLE_NAME" -> subtype.getSimpleName().toString();
			// Id.NAME's default: the class name without its package, "Outer$Inner" for a nested class
			default -> binaryName.substring(binaryName.lastIndexOf('.') + 1);
		};
	}

	private String doc(Element element, String fallback) {
		String comment = this.elements.getDocComment(element);
		String text = fallback;
		if (comment != null && !comment.isBlank()) {
			String first = comment.strip().split("\\n\\s*\\n|\\n\\s*@", 2)[0].strip();
			if (!first.isEmpty()) {
				text = inlineTags(first.replaceAll("\\s*\\n\\s*", " ")) + " (" + fallback.replaceAll("\\.$", "")
						+ ")";
			}
		}
		return "/** " + text.replace("*/", "*\\/") + " */\n";
	}

	/**
	 * Javadoc's inline tags ({@code {@code x}}, {@code {@link x}}, with nested braces) as Markdown code.
	 */
	private static String inlineTags(String text) {
		StringBuilder result = new StringBuilder();
		int i = 0;
		while (i < text.length()) {
			int start = text.indexOf("{@", i);
			int space = (start < 0) ? -1 : text.indexOf(' ', start);
			if (start < 0 || space < 0) {
				result.append(text, i, text.length());
				break;
			}
			result.append(text, i, start);
			int depth = 1;
			int end = space + 1;
			while (end < text.length() && depth > 0) {
				char c = text.charAt(end);
				depth += (c == '{') ? 1 : (c == '}') ? -1 : 0;
				end++;
			}
			result.append('`').append(text, space + 1, end - 1).append('`');
			i = end;
		}
		return result.toString();
	}

	/**
	 * The TypeScript name of a Java type: its simple name, prefixed with its enclosing types' names.
	 */
	private static String tsName(TypeElement element) {
		StringBuilder name = new StringBuilder(element.getSimpleName());
		Element enclosing = element.getEnclosingElement();
		while (enclosing instanceof TypeElement outer) {
			name.insert(0, outer.getSimpleName());
			enclosing = outer.getEnclosingElement();
		}
		return name.toString();
	}

	/** The last segment of a type's package, capitalised; empty in the unnamed package. */
	private String packagePrefix(TypeElement element) {
		String name = this.elements.getPackageOf(element).getQualifiedName().toString();
		return Names.pascalCase(name.substring(name.lastIndexOf('.') + 1));
	}

	/**
	 * A property key: bare when it is an identifier, quoted otherwise.
	 * @param name the JSON property name
	 * @return the key
	 */
	static String key(String name) {
		return isIdentifier(name) ? name : literal(name);
	}

	/**
	 * Whether a name can be a bare property key.
	 * @param name a name
	 * @return whether it is an identifier
	 */
	static boolean isIdentifier(String name) {
		return IDENTIFIER.matcher(name).matches();
	}

	/**
	 * A TypeScript string literal.
	 * @param value the string
	 * @return the literal, in single quotes
	 */
	static String literal(String value) {
		StringBuilder literal = new StringBuilder("'");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '\'' -> literal.append("\\'");
				case '\\' -> literal.append("\\\\");
				case '\n' -> literal.append("\\n");
				case '\r' -> literal.append("\\r");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						literal.append(String.format("\\u%04x", (int) c));
					}
					else {
						literal.append(c);
					}
				}
			}
		}
		return literal.append("'").toString();
	}

	/**
	 * Reports what the bindings cannot model (a warning, or an error when the build asks), once per element and
	 * message.
	 * @param element where
	 * @param message what
	 */
	void warn(Element element, String message) {
		if (this.warned.add(element + message)) {
			this.messager.printMessage(this.unsupported, "[tauri-bindings] " + message, element);
		}
	}

	/**
	 * The documentation comment of an element as a one-line JSDoc comment.
	 * @param element the element
	 * @param fallback the text when it has none
	 * @return the JSDoc comment, with a new line
	 */
	String jsdoc(Element element, String fallback) {
		return doc(element, fallback);
	}

}
