package io.taurievents.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's pages type-check against the bindings generated from its commands, and a renamed Java parameter
 * breaks them: the sample's Java sources go through the bindings processor (javac {@code -proc:only}), once as they
 * are and once with {@code sendToSpecificWindow(..., String windowLabel, ...)} renamed, and the pages, with the
 * resulting module as their {@code src/generated/bindings.ts}, go through their own {@code tsc --noEmit --strict}.
 */
class SampleBindingsTests {

	private static final Path FRONTEND = Path.of(System.getProperty("frontend.directory", "../frontend"))
		.toAbsolutePath()
		.normalize();

	private static final Path PAGES = FRONTEND.resolve("packages/sample-pages");

	private static final Path SOURCES = Path.of("src/main/java/io/taurievents/sample");

	@Test
	void bindingsOfTheBuildAreCurrentAndThePagesTypeCheck() throws Exception {
		Path bindings = generate("current", (name, source) -> source);
		assertThat(bindings).hasSameTextualContentAs(PAGES.resolve("src/generated/bindings.ts"));
		Result tsc = typeCheckPages("current", bindings);
		assertThat(tsc.exitCode()).as("tsc:%n%s", tsc.output()).isZero();
	}

	@Test
	void renamingACommandParameterFailsThePagesTypeCheck() throws Exception {
		Path bindings = generate("renamed", (name, source) -> name.equals("TestEventCommands.java")
				? source.replace("String windowLabel, String data", "String targetLabel, String data")
					.replace("app.emitTo(windowLabel,", "app.emitTo(targetLabel,")
				: source);
		assertThat(bindings).content().contains("targetLabel: string;").doesNotContain("windowLabel");
		Result tsc = typeCheckPages("renamed", bindings);
		assertThat(tsc.exitCode()).as("tsc:%n%s", tsc.output()).isNotZero();
		assertThat(tsc.output()).contains("src/main.ts(")
			.contains("'windowLabel' does not exist in type 'SendToSpecificWindowArgs'");
	}

	private interface Edit {

		String apply(String fileName, String source);

	}

	/** Runs the processor over the sample's sources, edited; returns the module it wrote. */
	private Path generate(String name, Edit edit) throws IOException {
		Path work = clean(Path.of("target", "bindings-check", name, "java").toAbsolutePath());
		List<File> sources = new ArrayList<>();
		try (Stream<Path> files = Files.list(SOURCES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				Path copy = work.resolve(file.getFileName());
				Files.writeString(copy, edit.apply(file.getFileName().toString(), Files.readString(file)));
				sources.add(copy.toFile());
			}
		}
		Path bindings = work.resolve("bindings.ts");
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
			List<String> options = List.of("-proc:only", "-classpath", classpath(), "-d", work.toString(),
					"-Atauri.bindings.output=" + bindings);
			boolean compiled = compiler.getTask(null, files, null, options, null, files.getJavaFileObjectsFromFiles(sources))
				.call();
			assertThat(compiled).as("javac -proc:only of the sample's sources").isTrue();
		}
		assertThat(bindings).isRegularFile();
		return bindings;
	}

	/** The pages' sources and tsconfig with the given bindings, type-checked by their own tsc. */
	private Result typeCheckPages(String name, Path bindings) throws IOException, InterruptedException {
		Path project = clean(Path.of("target", "bindings-check", name, "pages").toAbsolutePath());
		Files.copy(PAGES.resolve("tsconfig.json"), project.resolve("tsconfig.json"));
		Files.createDirectories(project.resolve("src/generated"));
		try (Stream<Path> files = Files.list(PAGES.resolve("src"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".ts")).toList()) {
				Files.copy(file, project.resolve("src").resolve(file.getFileName()));
			}
		}
		Files.copy(bindings, project.resolve("src/generated/bindings.ts"));
		Files.createSymbolicLink(project.resolve("node_modules"), FRONTEND.resolve("node_modules"));
		Path log = project.resolve("tsc.log");
		Process process = new ProcessBuilder(FRONTEND.resolve("node_modules/.bin/tsc").toString(), "--noEmit",
				"--strict", "-p", ".")
			.directory(project.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean finished = process.waitFor(3, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		return new Result(finished ? process.exitValue() : -1, Files.readString(log));
	}

	private static String classpath() {
		return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
	}

	private static Path clean(Path directory) throws IOException {
		if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
			try (Stream<Path> paths = Files.walk(directory)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
		return Files.createDirectories(directory);
	}

	private record Result(int exitCode, String output) {
	}

}
