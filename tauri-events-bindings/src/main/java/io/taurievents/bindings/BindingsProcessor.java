package io.taurievents.bindings;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Generates a TypeScript module from the application's {@code @TauriCommand} methods and {@code @TauriEvent}
 * declarations: the types of their arguments, results, rejection values, channel messages and event payloads as
 * Jackson writes them, and typed wrappers over {@code invoke}, {@code listen}, {@code once}, {@code emit} and
 * {@code emitTo}. A renamed Java parameter or record component then fails the page's {@code tsc} build.
 * <p>
 * Add {@code io.taurievents:tauri-events-bindings} to the compile classpath as an optional dependency (javac finds
 * the processor; the application does not need it at run time). Options ({@code -Aname=value}):
 * <ul>
 * <li>{@value #OUTPUT}: the file to write, e.g. {@code ../frontend/src/generated/bindings.ts} (relative paths
 * resolve against javac's working directory, so prefer an absolute path such as Maven's
 * {@code ${project.basedir}/...}); by default {@code tauri-events/bindings.ts} among the generated sources.</li>
 * <li>{@value #MODULE}: the package the wrappers import {@code invoke}, {@code listen}… from, as
 * {@code <module>/core} and {@code <module>/event}: {@code @taurievents/api} (the default) or
 * {@code @tauri-apps/api}.</li>
 * <li>{@value #INJECTED_TYPES}: comma-separated qualified names of parameter types that the application's own
 * {@code CommandArgumentResolver} beans provide, which pages do not pass.</li>
 * <li>{@value #UNSUPPORTED}: {@code warning} (the default) or {@code error}: how a type the bindings cannot model
 * (typed {@code unknown}, or approximated) is reported; {@code error} fails the build instead.</li>
 * <li>{@value #NAMING}: the application's property naming strategy, as {@code spring.jackson.property-naming-strategy}
 * takes it; by default read from that property among the compiled resources.</li>
 * </ul>
 * When only some sources are recompiled (an IDE's build, Gradle's incremental compilation, where the processor is
 * declared aggregating), the commands and events of the others are read from their class files: the processor keeps
 * the names of the types holding them in {@code META-INF/tauri-events/bindings-types} among the generated sources
 * (not in the jar).
 */
public class BindingsProcessor extends AbstractProcessor {

	/** Option: the file the module is written to. */
	public static final String OUTPUT = "tauri.bindings.output";

	/** Option: the package {@code invoke}, {@code listen}… are imported from. */
	public static final String MODULE = "tauri.bindings.module";

	/**
	 * Option: {@code warning} (the default) or {@code error}: how a type or Jackson annotation the bindings cannot
	 * model (typed {@code unknown} or approximated) is reported.
	 */
	public static final String UNSUPPORTED = "tauri.bindings.unsupported";

	/**
	 * Option: the application's property naming strategy, one of Jackson's {@code PropertyNamingStrategies} as
	 * {@code spring.jackson.property-naming-strategy} takes it ({@code SNAKE_CASE}, {@code KEBAB_CASE}…, or its class
	 * name), or {@code default}. Without it the processor reads that property from the {@code application.properties}
	 * or {@code application.yml} among the compiled resources (Maven copies them before compiling; Gradle and IDE
	 * builds need the option), else property names are Jackson's defaults.
	 */
	public static final String NAMING = "tauri.bindings.naming";

	/** Option: parameter types the application's own argument resolvers inject. */
	public static final String INJECTED_TYPES = "tauri.bindings.injectedTypes";

	static final String TAURI_COMMAND = "io.taurievents.TauriCommand";

	static final String TAURI_EVENT = "io.taurievents.TauriEvent";

	private static final String CHANNEL = "io.taurievents.ipc.Channel";

	private static final String INVOKE_EXCEPTION = "io.taurievents.ipc.InvokeException";

	private static final Set<String> INJECTED = Set.of("io.taurievents.AppHandle", "io.taurievents.WebviewWindow",
			"io.taurievents.ipc.Invocation", "org.springframework.messaging.MessageHeaders",
			"org.springframework.messaging.support.MessageHeaderAccessor");

	private static final Set<String> INJECTING_ANNOTATIONS = Set.of(
			"org.springframework.messaging.handler.annotation.Header",
			"org.springframework.messaging.handler.annotation.Headers");

	/** Names the module declares itself. */
	private static final Set<String> RESERVED = Set.of("Commands", "Events", "TypedEvent", "commands", "events",
			"Channel", "InvokeOptions", "EventCallback", "EventTarget", "Options", "invoke", "listen", "once", "emit",
			"emitTo", "typedEvent",
			// TypeScript's own types that the module refers to
			"Record", "Partial", "Promise", "ReturnType", "ArrayBuffer", "Uint8Array", "Array");

	/** What a command whose one argument is a {@code byte[]} takes: the raw body, as {@code invoke} does. */
	private static final String BYTES_BODY = "Uint8Array | ArrayBuffer | number[]";

	/** The top-level types holding commands and events, kept among the generated sources for partial recompilations. */
	static final String INDEX = "META-INF/tauri-events/bindings-types";

	private final List<ExecutableElement> commands = new ArrayList<>();

	private List<String> index;

	private final List<Element> events = new ArrayList<>();

	private Annotations annotations;

	@Override
	public synchronized void init(ProcessingEnvironment processingEnv) {
		super.init(processingEnv);
		this.annotations = new Annotations(processingEnv.getElementUtils());
	}

	@Override
	public Set<String> getSupportedAnnotationTypes() {
		return Set.of(TAURI_COMMAND, TAURI_EVENT);
	}

	@Override
	public Set<String> getSupportedOptions() {
		return Set.of(OUTPUT, MODULE, INJECTED_TYPES, UNSUPPORTED, NAMING);
	}

	@Override
	public SourceVersion getSupportedSourceVersion() {
		return SourceVersion.latestSupported();
	}

	@Override
	public boolean process(Set<? extends TypeElement> annotationTypes, RoundEnvironment round) {
		for (TypeElement annotation : annotationTypes) {
			String name = annotation.getQualifiedName().toString();
			for (Element element : round.getElementsAnnotatedWith(annotation)) {
				if (name.equals(TAURI_COMMAND) && element.getKind() == ElementKind.METHOD) {
					this.commands.add((ExecutableElement) element);
				}
				else if (name.equals(TAURI_EVENT)) {
					this.events.add(element);
				}
			}
		}
		if (round.processingOver() && (!this.commands.isEmpty() || !this.events.isEmpty() || hasIndex())) {
			try {
				addIndexedTypes();
				if (this.commands.isEmpty() && this.events.isEmpty()) {
					return false;
				}
				writeIndex();
				write(generate());
			}
			catch (RuntimeException ex) {
				// a type the processor does not expect is a compile error naming it, not a javac stack trace
				this.processingEnv.getMessager()
					.printMessage(Diagnostic.Kind.ERROR, "[tauri-bindings] cannot generate the bindings: " + ex
							+ " (please report it, with the type involved, to tauri-events)");
			}
		}
		return false;
	}

	/**
	 * Adds the commands and events of the types a previous compilation indexed and this one did not see: when only
	 * some sources are recompiled (an IDE's build, Maven's stale sources), the others come from their class files
	 * and the module still has every command. A type deleted since then is no longer found and drops out.
	 */
	private void addIndexedTypes() {
		Set<String> seen = new LinkedHashSet<>();
		for (Element element : annotatedElements()) {
			seen.add(topLevel(element).getQualifiedName().toString());
		}
		for (String name : readIndex()) {
			TypeElement type = seen.contains(name) ? null : this.processingEnv.getElementUtils().getTypeElement(name);
			if (type != null) {
				collect(type);
			}
		}
	}

	private void collect(TypeElement type) {
		if (Annotations.find(type, TAURI_EVENT) != null) {
			this.events.add(type);
		}
		for (Element member : type.getEnclosedElements()) {
			if (member.getKind() == ElementKind.METHOD && Annotations.find(member, TAURI_COMMAND) != null) {
				this.commands.add((ExecutableElement) member);
			}
			else if (member.getKind() == ElementKind.FIELD && Annotations.find(member, TAURI_EVENT) != null) {
				this.events.add(member);
			}
			else if (member instanceof TypeElement nested) {
				collect(nested);
			}
		}
	}

	private List<Element> annotatedElements() {
		List<Element> elements = new ArrayList<>(this.commands);
		elements.addAll(this.events);
		return elements;
	}

	private static TypeElement topLevel(Element element) {
		Element current = element;
		while (!(current instanceof TypeElement type && type.getNestingKind() == NestingKind.TOP_LEVEL)) {
			current = current.getEnclosingElement();
		}
		return (TypeElement) current;
	}

	private boolean hasIndex() {
		return !readIndex().isEmpty();
	}

	private List<String> readIndex() {
		if (this.index == null) {
			this.index = new ArrayList<>();
			try {
				FileObject file = this.processingEnv.getFiler().getResource(StandardLocation.SOURCE_OUTPUT, "", INDEX);
				for (String line : file.getCharContent(true).toString().split("\n")) {
					if (!line.isBlank()) {
						this.index.add(line.strip());
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// no previous compilation (or a build tool that does not let processors read their output)
			}
		}
		return this.index;
	}

	private void writeIndex() {
		Set<String> names = new java.util.TreeSet<>();
		for (Element element : annotatedElements()) {
			names.add(topLevel(element).getQualifiedName().toString());
		}
		try {
			FileObject file = this.processingEnv.getFiler().createResource(StandardLocation.SOURCE_OUTPUT, "", INDEX);
			try (Writer writer = file.openWriter()) {
				writer.write(String.join("\n", names) + "\n");
			}
		}
		catch (IOException | RuntimeException ex) {
			this.processingEnv.getMessager()
				.printMessage(Diagnostic.Kind.WARNING, "[tauri-bindings] cannot write " + INDEX + ": " + ex);
		}
	}

	private String generate() {
		String module = option(MODULE, "@taurievents/api").replaceAll("/+$", "");
		String unsupported = option(UNSUPPORTED, "warning");
		if (!unsupported.equals("warning") && !unsupported.equals("error")) {
			this.processingEnv.getMessager()
				.printMessage(Diagnostic.Kind.ERROR, "[tauri-bindings] -A" + UNSUPPORTED + " is 'warning' or 'error', not '"
						+ unsupported + "'");
		}
		TypeScriptTypes types = new TypeScriptTypes(this.processingEnv, this.annotations, RESERVED,
				unsupported.equals("error") ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING, naming());
		Map<String, Command> commands = new TreeMap<>();
		for (ExecutableElement method : this.commands) {
			Command command = command(method, types);
			Command existing = commands.put(command.name(), command);
			if (existing != null) {
				error(method, "command '" + command.name() + "' is also declared by " + describe(existing.method()));
			}
		}
		Map<String, Event> events = new TreeMap<>();
		for (Element element : this.events) {
			for (Event event : events(element, types)) {
				Event existing = events.put(event.name(), event);
				if (existing != null && !existing.type().equals(event.type())) {
					error(element, "event '" + event.name() + "' is also declared with payload " + existing.type());
				}
			}
		}
		return types.finish(render(module, types, commands.values(), events.values()));
	}

	private record Command(String name, ExecutableElement method, String argumentsType, String arguments,
			boolean bytesBody, boolean argumentsOptional, String result, String error, String doc) {
	}

	private record Event(String name, String type, String doc) {
	}

	private Command command(ExecutableElement method, TypeScriptTypes types) {
		AnnotationMirror annotation = Annotations.find(method, TAURI_COMMAND);
		String name = this.annotations.string(annotation, "name");
		if (name.isEmpty()) {
			name = this.annotations.string(annotation, "value");
		}
		if (name.isEmpty()) {
			name = Names.snakeCase(method.getSimpleName().toString());
		}
		boolean snakeCase = this.annotations.enumName(annotation, "renameAll").equals("SNAKE_CASE");
		List<String> properties = new ArrayList<>();
		List<VariableElement> pageParameters = new ArrayList<>();
		boolean allOptional = true;
		for (VariableElement parameter : method.getParameters()) {
			if (isInjected(parameter)) {
				continue;
			}
			pageParameters.add(parameter);
			String key = snakeCase ? Names.snakeCase(parameter.getSimpleName().toString())
					: Names.camelCase(parameter.getSimpleName().toString());
			TypeMirror type = parameter.asType();
			boolean optional = TypeScriptTypes.isOptional(type) || isNullable(parameter);
			TypeMirror value = TypeScriptTypes.isOptional(type) && TypeScriptTypes.firstArgument(type) != null
					? TypeScriptTypes.firstArgument(type) : type;
			String mapped = TypeScriptTypes.qualifiedName(value).equals(CHANNEL)
					? "Channel<" + channelMessage(value, parameter, types) + ">" : types.map(value, parameter);
			if (optional && !type.getKind().isPrimitive()) {
				properties.add(TypeScriptTypes.key(key) + "?: " + TypeScriptTypes.nullable(mapped));
			}
			else {
				properties.add(TypeScriptTypes.key(key) + ": " + mapped);
				allOptional = false;
			}
		}
		// invoke('upload', bytes): a command whose one argument is a byte[] takes the raw body
		boolean bytesBody = pageParameters.size() == 1 && pageParameters.get(0).asType().getKind() == TypeKind.ARRAY
				&& isBytes(pageParameters.get(0).asType());
		String argumentsType = types.reserve(Names.pascalCase(name) + "Args");
		String arguments = "/** Arguments of `" + name + "`. */\nexport type " + argumentsType + " = "
				+ (bytesBody ? BYTES_BODY + ";\n" : "{"
						+ (properties.isEmpty() ? "" : "\n\t" + String.join(";\n\t", properties) + ";\n") + "};\n");
		String result = result(method, types);
		String error = error(method, types);
		String doc = types.jsdoc(method, "Invokes `" + name + "`.");
		return new Command(name, method, argumentsType, arguments, bytesBody, !properties.isEmpty() && allOptional,
				result, error, doc);
	}

	private static boolean isBytes(TypeMirror type) {
		return type.toString().replaceAll("@\\S+\\s*", "").equals("byte[]");
	}

	private String channelMessage(TypeMirror channel, Element where, TypeScriptTypes types) {
		TypeMirror message = TypeScriptTypes.firstArgument(channel);
		if (message != null && (isBytes(message) || TypeScriptTypes.qualifiedName(message).equals("java.nio.ByteBuffer"))) {
			// sent as raw bytes in a binary frame, not as base64 JSON
			return "ArrayBuffer";
		}
		return (message != null) ? types.map(message, where) : "unknown";
	}

	private boolean isInjected(VariableElement parameter) {
		for (String annotation : INJECTING_ANNOTATIONS) {
			if (Annotations.find(parameter, annotation) != null) {
				return true;
			}
		}
		TypeMirror type = parameter.asType();
		if (TypeScriptTypes.isOptional(type) && TypeScriptTypes.firstArgument(type) != null) {
			type = TypeScriptTypes.firstArgument(type);
		}
		String name = TypeScriptTypes.qualifiedName(type);
		if (INJECTED.contains(name) || injectedTypes().contains(name)) {
			return true;
		}
		TypeElement principal = this.processingEnv.getElementUtils().getTypeElement("java.security.Principal");
		var typeUtils = this.processingEnv.getTypeUtils();
		return type.getKind() == TypeKind.DECLARED && principal != null
				&& typeUtils.isAssignable(typeUtils.erasure(type), principal.asType());
	}

	private Set<String> injectedTypes() {
		Set<String> names = new LinkedHashSet<>();
		for (String name : option(INJECTED_TYPES, "").split(",")) {
			if (!name.isBlank()) {
				names.add(name.strip());
			}
		}
		return names;
	}

	private static boolean isNullable(Element element) {
		return Annotations.hasNullable(element.getAnnotationMirrors())
				|| Annotations.hasNullable(element.asType().getAnnotationMirrors());
	}

	private String result(ExecutableElement method, TypeScriptTypes types) {
		TypeMirror type = method.getReturnType();
		boolean nullable = Annotations.hasNullable(method.getAnnotationMirrors());
		while (TypeScriptTypes.ASYNC.contains(TypeScriptTypes.qualifiedName(type))
				&& TypeScriptTypes.firstArgument(type) != null) {
			type = TypeScriptTypes.firstArgument(type);
		}
		String name = TypeScriptTypes.qualifiedName(type);
		if (type.getKind() == TypeKind.VOID || name.equals("java.lang.Void")) {
			return "void";
		}
		if (isBytes(type) || name.equals("java.nio.ByteBuffer")) {
			// the invoke resolves with the raw bytes
			return "ArrayBuffer";
		}
		if (name.equals("reactor.core.publisher.Flux")) {
			types.warn(method, "a Flux result is not supported by the bindings; its result is 'unknown'");
			return "unknown";
		}
		String mapped = types.map(type, method);
		return nullable ? TypeScriptTypes.nullable(mapped) : mapped;
	}

	private String error(ExecutableElement method, TypeScriptTypes types) {
		TypeElement invokeException = this.processingEnv.getElementUtils().getTypeElement(INVOKE_EXCEPTION);
		if (invokeException == null) {
			return "unknown";
		}
		var typeUtils = this.processingEnv.getTypeUtils();
		Set<String> errors = new LinkedHashSet<>();
		for (TypeMirror thrown : method.getThrownTypes()) {
			if (!typeUtils.isAssignable(thrown, invokeException.asType())) {
				continue;
			}
			String error = "unknown";
			// the error value's type: a covariant getError() override in the exception's class or a superclass
			for (TypeElement type = (TypeElement) typeUtils.asElement(thrown); type != null
					&& !type.equals(invokeException); type = superclass(type)) {
				ExecutableElement getError = getError(type);
				if (getError != null) {
					error = types.map(getError.getReturnType(), getError);
					break;
				}
			}
			errors.add(error);
		}
		if (errors.isEmpty() || errors.contains("unknown")) {
			return "unknown";
		}
		// the runtime's own rejections (bad arguments, access denied, failures) are strings
		errors.add("string");
		return String.join(" | ", errors);
	}

	private static ExecutableElement getError(TypeElement type) {
		for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
			if (method.getSimpleName().contentEquals("getError") && method.getParameters().isEmpty()) {
				return method;
			}
		}
		return null;
	}

	private TypeElement superclass(TypeElement type) {
		TypeMirror superclass = type.getSuperclass();
		return (superclass.getKind() == TypeKind.DECLARED) ? (TypeElement) ((DeclaredType) superclass).asElement()
				: null;
	}

	private List<Event> events(Element element, TypeScriptTypes types) {
		AnnotationMirror annotation = Annotations.find(element, TAURI_EVENT);
		List<String> names = new ArrayList<>();
		for (Object name : this.annotations.list(annotation, "value")) {
			names.add(name.toString());
		}
		String type;
		if (element instanceof TypeElement typeElement) {
			if (names.isEmpty()) {
				error(element, "@TauriEvent on a type needs the event names: @TauriEvent(\"my-event\")");
				return List.of();
			}
			if (typeElement.getTypeParameters().isEmpty()) {
				// a concrete subtype of a polymorphic type is written with its type id
				type = types.use(typeElement);
			}
			else {
				type = types.declare(typeElement) + "<"
						+ String.join(", ", typeElement.getTypeParameters().stream().map((p) -> "unknown").toList())
						+ ">";
			}
		}
		else {
			VariableElement field = (VariableElement) element;
			if (names.isEmpty()) {
				if (!(field.getConstantValue() instanceof String constant)
						|| !field.getModifiers().containsAll(List.of(Modifier.STATIC, Modifier.FINAL))) {
					error(element, "@TauriEvent on a field needs a static final String constant holding the event "
							+ "name, or the names: @TauriEvent(value = \"my-event\", payload = ...)");
					return List.of();
				}
				names.add(constant);
			}
			TypeMirror payload = this.annotations.type(annotation, "payload");
			type = (TypeScriptTypes.qualifiedName(payload).equals("java.lang.Void")) ? "null"
					: types.map(payload, element);
		}
		String doc = types.jsdoc(element, "Java: `" + describe(element) + "`.");
		List<Event> events = new ArrayList<>();
		for (String name : names) {
			events.add(new Event(name, type, doc));
		}
		return events;
	}

	private String render(String module, TypeScriptTypes types, Iterable<Command> commands, Iterable<Event> events) {
		StringBuilder ts = new StringBuilder();
		ts.append("// Generated by tauri-events-bindings from the application's @TauriCommand methods and @TauriEvent\n")
			.append("// declarations, when its Java sources compile. Do not edit: change the Java code.\n")
			.append("import { invoke, type Channel, type InvokeOptions } from ")
			.append(TypeScriptTypes.literal(module + "/core"))
			.append(";\n")
			.append("import { emit, emitTo, listen, once, type EventCallback, type EventTarget, type Options } from ")
			.append(TypeScriptTypes.literal(module + "/event"))
			.append(";\n\n");
		StringBuilder commandTypes = new StringBuilder();
		StringBuilder commandTable = new StringBuilder(
				"/** Every command by name: its arguments, its result and the value it rejects with. */\nexport interface Commands {\n");
		StringBuilder wrappers = new StringBuilder(
				"/**\n * Typed wrappers over `invoke`, one per command.\n *\n * @example\n"
						+ " * const result = await commands.someCommand({ someArgument: 'value' });\n */\nexport const commands = {\n");
		Map<String, String> commandWrappers = wrapperNames(commands, Command::name);
		for (Command command : commands) {
			String arguments = command.arguments();
			String argumentsType = command.argumentsType();
			commandTypes.append(arguments).append('\n');
			String name = TypeScriptTypes.literal(command.name());
			commandTable.append("\t").append(name).append(": { args: ").append(argumentsType)
				.append("; result: ").append(command.result()).append("; error: ").append(command.error())
				.append(" };\n");
			String wrapper = commandWrappers.get(command.name());
			wrappers.append("\t").append(command.doc().replace("\n", "\n\t")).append(wrapper);
			if (command.bytesBody()) {
				wrappers.append("(body: ").append(argumentsType).append(", options?: InvokeOptions): Promise<")
					.append(command.result()).append("> {\n\t\treturn invoke(").append(name)
					.append(", body, options);\n\t},\n");
			}
			else if (arguments.contains("= {};")) {
				wrappers.append("(options?: InvokeOptions): Promise<").append(command.result())
					.append("> {\n\t\treturn invoke(").append(name).append(", {}, options);\n\t},\n");
			}
			else {
				wrappers.append("(args: ").append(argumentsType).append(command.argumentsOptional() ? " = {}" : "")
					.append(", options?: InvokeOptions): Promise<").append(command.result())
					.append("> {\n\t\treturn invoke(").append(name).append(", args, options);\n\t},\n");
			}
		}
		commandTable.append("}\n\n");
		wrappers.append("};\n\n");
		StringBuilder eventTable = new StringBuilder(
				"/** Every declared event by name: its payload. */\nexport interface Events {\n");
		StringBuilder eventWrappers = new StringBuilder(
				"/**\n * Typed `listen`, `once`, `emit` and `emitTo`, one per declared event.\n *\n * @example\n"
						+ " * const unlisten = await events.someEvent.listen((event) => console.log(event.payload));\n"
						+ " */\nexport const events = {\n");
		Map<String, String> eventWrapperNames = wrapperNames(events, Event::name);
		for (Event event : events) {
			String name = TypeScriptTypes.literal(event.name());
			eventTable.append("\t").append(name).append(": ").append(event.type()).append(";\n");
			String wrapper = eventWrapperNames.get(event.name());
			eventWrappers.append("\t").append(event.doc().replace("\n", "\n\t")).append(wrapper)
				.append(": typedEvent(").append(name).append("),\n");
		}
		eventTable.append("}\n\n");
		eventWrappers.append("};\n");
		for (String declaration : types.declarations()) {
			ts.append(declaration).append('\n');
		}
		ts.append(commandTypes).append(commandTable).append(wrappers).append(eventTable);
		ts.append("""
				/** One event's typed functions; `T` is its payload. */
				export interface TypedEvent<T> {
					/** The event name. */
					readonly name: string;
					/** `listen(name, handler, options)`, with the payload typed. */
					listen(handler: EventCallback<T>, options?: Options): ReturnType<typeof listen<T>>;
					/** `once(name, handler, options)`, with the payload typed. */
					once(handler: EventCallback<T>, options?: Options): ReturnType<typeof once<T>>;
					/** `emit(name, payload)`. */
					emit(payload: T): Promise<void>;
					/** `emitTo(target, name, payload)`. */
					emitTo(target: EventTarget | string, payload: T): Promise<void>;
				}

				function typedEvent<K extends keyof Events>(name: K): TypedEvent<Events[K]> {
					return {
						name,
						listen: (handler, options) => listen(name, handler, options),
						once: (handler, options) => once(name, handler, options),
						emit: (payload) => emit(name, payload),
						emitTo: (target, payload) => emitTo(target, name, payload),
					};
				}

				""");
		ts.append(eventWrappers);
		return ts.toString();
	}

	/**
	 * The wrapper of each command or event name: its camelCase form ({@code download-progress} is
	 * {@code downloadProgress}) when that is an identifier no other wrapper has, otherwise the name itself, quoted
	 * ({@code 'get_user'} next to {@code getUser}). A name that is an identifier as it is keeps it, so no earlier name's
	 * camelCase form can take it ({@code download-progress} sorts before {@code downloadProgress}): two wrappers
	 * never share a key, which {@code tsc} rejects.
	 */
	static <T> Map<String, String> wrapperNames(Iterable<T> items, Function<T, String> nameOf) {
		Set<String> taken = new HashSet<>();
		for (T item : items) {
			String name = nameOf.apply(item);
			if (TypeScriptTypes.isIdentifier(name)) {
				taken.add(name);
			}
		}
		Map<String, String> wrappers = new HashMap<>();
		for (T item : items) {
			String name = nameOf.apply(item);
			String camelCase = Names.camelCase(name);
			boolean free = TypeScriptTypes.isIdentifier(camelCase) && (camelCase.equals(name) || taken.add(camelCase));
			wrappers.put(name, free ? camelCase : TypeScriptTypes.literal(name));
		}
		return wrappers;
	}

	private void write(String content) {
		String output = option(OUTPUT, "");
		try {
			if (output.isEmpty()) {
				FileObject file = this.processingEnv.getFiler()
					.createResource(StandardLocation.SOURCE_OUTPUT, "", "tauri-events/bindings.ts");
				try (Writer writer = file.openWriter()) {
					writer.write(content);
				}
				return;
			}
			Path path = Path.of(output).toAbsolutePath().normalize();
			// unchanged content keeps the file's timestamp, so watchers and incremental builds stay quiet
			if (Files.isRegularFile(path) && Files.readString(path, StandardCharsets.UTF_8).equals(content)) {
				return;
			}
			Files.createDirectories(path.getParent());
			Files.writeString(path, content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			this.processingEnv.getMessager()
				.printMessage(Diagnostic.Kind.ERROR, "[tauri-bindings] cannot write " + output + ": " + ex);
		}
	}

	/**
	 * The application's naming strategy as {@link TypeScriptTypes} names it ({@code SnakeCaseStrategy}…), empty for
	 * Jackson's default: from {@value #NAMING} ({@code default} for Jackson's default names), else from
	 * {@code spring.jackson.property-naming-strategy} in the application's configuration among the compiled
	 * resources.
	 */
	private String naming() {
		String option = option(NAMING, "");
		if (option.equalsIgnoreCase("default")) {
			return "";
		}
		if (!option.isEmpty()) {
			String strategy = TypeScriptTypes.namingStrategy(option);
			if (strategy == null) {
				this.processingEnv.getMessager()
					.printMessage(Diagnostic.Kind.ERROR, "[tauri-bindings] -A" + NAMING + "=" + option
							+ " is not one of Jackson's PropertyNamingStrategies (SNAKE_CASE, KEBAB_CASE…, or its class "
							+ "name) the bindings model, nor 'default'");
				return "";
			}
			return strategy;
		}
		for (String file : List.of("application.properties", "application.yml", "application.yaml")) {
			String text = resource(file);
			String configured = (text == null) ? null
					: file.endsWith(".properties") ? NamingConfiguration.fromProperties(text)
							: NamingConfiguration.fromYaml(text);
			if (configured == null) {
				continue;
			}
			String strategy = TypeScriptTypes.namingStrategy(configured);
			if (strategy == null) {
				// the application may run fine with it (a placeholder, its own strategy): the bindings cannot tell
				this.processingEnv.getMessager()
					.printMessage(Diagnostic.Kind.WARNING, "[tauri-bindings] spring.jackson.property-naming-strategy="
							+ configured + " (" + file + ") is not one of Jackson's PropertyNamingStrategies the bindings "
							+ "model: properties keep their Java names; set -A" + NAMING + " to say which names Jackson writes");
				return "";
			}
			this.processingEnv.getMessager()
				.printMessage(Diagnostic.Kind.NOTE, "[tauri-bindings] property names " + configured + " (" + file + ")");
			return strategy;
		}
		return "";
	}

	/** A file among the compiled resources (Maven copies them before compiling), {@code null} when not there. */
	private String resource(String file) {
		try {
			return this.processingEnv.getFiler()
				.getResource(StandardLocation.CLASS_OUTPUT, "", file)
				.getCharContent(true)
				.toString();
		}
		catch (IOException | RuntimeException ex) {
			// not there, or not readable by this build tool (Gradle keeps resources apart): the option says it
			return null;
		}
	}

	private String option(String name, String fallback) {
		String value = this.processingEnv.getOptions().get(name);
		return (value != null && !value.isBlank()) ? value.strip() : fallback;
	}

	private void error(Element element, String message) {
		this.processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "[tauri-bindings] " + message, element);
	}

	private static String describe(Element element) {
		Element enclosing = element.getEnclosingElement();
		String owner = (enclosing instanceof TypeElement type) ? type.getQualifiedName().toString()
				: String.valueOf(enclosing);
		if (element instanceof TypeElement type) {
			return type.getQualifiedName().toString();
		}
		return owner + "#" + element.getSimpleName();
	}

}
