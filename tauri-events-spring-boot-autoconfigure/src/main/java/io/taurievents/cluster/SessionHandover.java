package io.taurievents.cluster;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.taurievents.event.EventSink;

/**
 * The transport's side of moving a detached session between nodes, which {@link ClusterNode} drives over the bus:
 * the node that receives a page's {@code resume} for a session it does not hold asks the cluster; the node holding
 * it {@linkplain #export exports} its state and forgets it; the asking node {@linkplain Receiver#install installs}
 * it and resumes the page as if it had never moved. Implemented by the transport.
 */
public interface SessionHandover {

	/**
	 * On the node that may hold the session: hands it over when it is here and can be resumed. Called on the bus's
	 * receiving thread while no emission is being delivered on this node, so the state is exact.
	 * @param request the page's resume
	 * @param forward where frames the session gets after the export go (a response to an invoke that was still
	 * running): to the node that takes it over
	 * @return {@code null} when the session was never this node's, otherwise the state or why not
	 */
	@Nullable Export export(Request request, Consumer<Object> forward);

	/**
	 * A page's resume that reached a node which does not hold its session.
	 * @param label the window's label
	 * @param token the instance token the page presented
	 * @param principal the name of the page's principal, or {@code null}
	 * @param runTag the part of the secret that names the run of the node that issued it
	 * @param secretHash a hash of the secret (the secret itself never goes on the bus)
	 * @param seq the last seq the page processed
	 */
	record Request(String label, @Nullable String token, @Nullable String principal, String runTag,
			String secretHash, long seq) {
	}

	/**
	 * The answer of the node that holds a session.
	 * @param state the session's state, or {@code null} when refused
	 * @param refusal why it cannot be resumed ({@code expired}, {@code overflow}, ...), or {@code null}
	 */
	record Export(@Nullable ObjectNode state, @Nullable String refusal) {

		/**
		 * A refusal.
		 * @param reason the resume protocol's reason
		 * @return the export
		 */
		public static Export refused(String reason) {
			return new Export(null, reason);
		}

	}

	/** The asking node's side of one handover. */
	interface Receiver {

		/**
		 * Installs the state on this node and resumes the page. Called on the bus's receiving thread while no
		 * emission is being delivered on this node.
		 * @param state the state the other node exported
		 * @return the installed session, or {@code null} when it could not be (the receiver told the page)
		 */
		@Nullable Installed install(JsonNode state);

		/**
		 * The session cannot be handed over (its node refused, or did not answer in time): the page gets a fresh
		 * session with the reason.
		 * @param reason the resume protocol's reason
		 */
		void refused(String reason);

	}

	/**
	 * A session installed on this node.
	 * @param sink its window, which gets the emissions it missed while it moved
	 * @param frames takes the frames its old node forwards after the export
	 */
	record Installed(EventSink sink, Consumer<Object> frames) {
	}

}
