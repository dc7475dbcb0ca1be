package io.taurievents.bench.server;

import java.util.Set;

import io.taurievents.bench.Payloads;
import io.taurievents.bench.Payloads.Chunk;
import io.taurievents.bench.Payloads.StreamRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Controller;
import org.springframework.util.MimeTypeUtils;

/**
 * The STOMP stack: emits with {@code convertAndSend} to topics the windows subscribed
 * ({@code /topic/bench} for all, {@code /topic/bench.<label>} for one), request/reply with
 * {@code @MessageMapping} + {@code @SendToUser}, streams with {@code convertAndSendToUser}.
 */
@Controller
@Profile("stomp")
class StompBenchController implements BenchBackend {

	private static final String TOPIC = "/topic/" + Payloads.EVENT;

	private final SimpMessagingTemplate template;

	private final AbstractBrokerMessageHandler broker;

	StompBenchController(SimpMessagingTemplate template,
			@Qualifier("simpleBrokerMessageHandler") AbstractBrokerMessageHandler broker) {
		this.template = template;
		this.broker = broker;
	}

	@MessageMapping("/echo")
	@SendToUser(destinations = "/queue/echo", broadcast = false)
	Chunk echo(Chunk request) {
		return request;
	}

	@MessageMapping("/stream")
	void stream(StreamRequest request, @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		String filler = Payloads.filler(request.size());
		for (int i = 0; i < request.count(); i++) {
			Object payload = request.binary() ? Payloads.binary(i, request.size()) : new Chunk(i, filler);
			this.template.convertAndSendToUser(sessionId, "/queue/stream", payload, sessionHeaders(sessionId, request.binary()));
		}
	}

	private static MessageHeaders sessionHeaders(String sessionId, boolean binary) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setSessionId(sessionId);
		if (binary) {
			headers.setContentType(MimeTypeUtils.APPLICATION_OCTET_STREAM);
		}
		headers.setLeaveMutable(true);
		return headers.getMessageHeaders();
	}

	@Override
	public void emit(int count, int size, @Nullable String label) {
		String filler = Payloads.filler(size);
		String destination = (label != null) ? TOPIC + "." + label : TOPIC;
		for (int i = 0; i < count; i++) {
			this.template.convertAndSend(destination, new Chunk(i, filler));
		}
	}

	@Override
	public int subscribers() {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setDestination(TOPIC);
		Message<byte[]> probe = MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
		return ((SimpleBrokerMessageHandler) this.broker).getSubscriptionRegistry().findSubscriptions(probe).size();
	}

	@Override
	public Set<String> features() {
		return Set.of("channel");
	}

}
