package io.taurievents.bindings;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Runs javac with the {@link BindingsProcessor} over in-memory sources, with this module's test class path (the
 * starter, Jackson's annotations, JSpecify), and keeps the diagnostics and the generated module.
 */
final class Compilation {

	private final List<JavaFileObject> sources = new ArrayList<>();

	private final List<String> options = new ArrayList<>();

	private final Path directory;

	private final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();

	private boolean success;

	private boolean classes;

	Compilation() {
		try {
			this.directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "compilation");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A compilation into the class output of an earlier one, whose classes are on its class path: a partial
	 * recompilation.
	 * @param earlier the earlier compilation
	 */
	Compilation(Compilation earlier) {
		this.directory = earlier.directory;
		this.classes = true;
	}

	private String processorPath;

	/**
	 * Lets javac find the processor on a processor path, as Maven's {@code annotationProcessorPaths} and Gradle's
	 * {@code annotationProcessor} configuration have it do, instead of handing it over.
	 * @param path the processor path
	 * @return this
	 */
	Compilation processorPath(String path) {
		this.processorPath = path;
		return this;
	}

	/**
	 * Compiles to class files (by default, javac only runs the processor).
	 * @return this
	 */
	Compilation classes() {
		this.classes = true;
		return this;
	}

	/**
	 * Adds a source file.
	 * @param qualifiedName the top-level class's name, e.g. {@code app.Commands}
	 * @param source its text
	 * @return this
	 */
	Compilation source(String qualifiedName, String source) {
		URI uri = URI.create("string:///" + qualifiedName.replace('.', '/') + ".java");
		this.sources.add(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
			@Override
			public CharSequence getCharContent(boolean ignoreEncodingErrors) {
				return source;
			}
		});
		return this;
	}

	Compilation option(String name, String value) {
		this.options.add("-A" + name + "=" + value);
		return this;
	}

	Compilation compile() {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			Files.createDirectories(generatedSources());
			files.setLocation(StandardLocation.SOURCE_OUTPUT, List.of(generatedSources().toFile()));
			files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(this.directory.toFile()));
			String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
			List<String> arguments = new ArrayList<>(this.classes
					? List.of("-parameters", "-classpath", this.directory + File.pathSeparator + classpath)
					: List.of("-proc:only", "-classpath", classpath));
			arguments.addAll(this.options);
			if (this.processorPath != null) {
				arguments.addAll(List.of("-processorpath", this.processorPath));
			}
			JavaCompiler.CompilationTask task = compiler.getTask(null, files, this.diagnostics, arguments, null,
					this.sources);
			if (this.processorPath == null) {
				task.setProcessors(List.of(new BindingsProcessor()));
			}
			this.success = task.call();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	boolean succeeded() {
		return this.success;
	}

	Path directory() {
		return this.directory;
	}

	/** Where javac's generated sources go: the module's default location is under it. */
	Path generatedSources() {
		return this.directory.resolve("generated");
	}

	/** The module written to the default location. */
	String bindings() {
		try {
			return Files.readString(generatedSources().resolve("tauri-events/bindings.ts"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The diagnostics of a kind, as text. */
	List<String> messages(Diagnostic.Kind kind) {
		List<String> messages = new ArrayList<>();
		for (Diagnostic<? extends JavaFileObject> diagnostic : this.diagnostics.getDiagnostics()) {
			if (diagnostic.getKind() == kind) {
				messages.add(diagnostic.getMessage(Locale.ROOT));
			}
		}
		return messages;
	}

}
