/**
 * The test kit for applications on tauri-events, a test-scoped dependency like {@code spring-boot-starter-test}:
 * {@link io.taurievents.test.TestWindows} and {@link io.taurievents.test.TestWindow} (real windows on a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} server), {@link io.taurievents.test.TauriCommandTester} (the
 * command pipeline without a socket) and {@link io.taurievents.test.RecordingAppHandle} (an {@code AppHandle} that
 * records emissions, for unit tests). Every one is an AssertJ {@code AssertProvider}: {@code assertThat(window)},
 * {@code assertThat(result)}, {@code assertThat(app)} with AssertJ's own {@code assertThat}.
 */
@NullMarked
package io.taurievents.test;

import org.jspecify.annotations.NullMarked;
