package io.taurievents.test;

import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.taurievents.AppHandle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Windows a test opens through the injected {@link TestWindows}, and their siblings, are closed after the test
 * method without a {@code try} block: the next test of the class finds none connected.
 */
@SpringBootTest(classes = TestWindowsTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestWindowsClosingListenerTests {

	@Autowired
	TestWindows windows;

	@Autowired
	AppHandle app;

	@Test
	@Order(1)
	void opensWindowsAndLeavesThemOpen() {
		TestWindows alice = this.windows.as("alice", "pw");
		TestWindow main = alice.open("main");
		main.openSibling("settings");
		alice.join(main.instanceToken(), "about");
		this.windows.open("main");
		assertThat(connectedWindows()).containsExactlyInAnyOrder("main", "settings", "about", "main");
	}

	@Test
	@Order(2)
	void findsThemClosed() {
		await().untilAsserted(() -> assertThat(connectedWindows()).isEmpty());
	}

	/** The labels of every window connected, in every app instance (other test classes close their own). */
	private List<String> connectedWindows() {
		return this.app.instances().stream().flatMap((tab) -> tab.webviewWindows().keySet().stream()).toList();
	}

}
