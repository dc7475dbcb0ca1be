package io.taurievents.sample;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import io.taurievents.TauriEvent;

/**
 * Seed 003's {@code #[serde(tag = "type", content = "data")] enum AppEvent}, emitted on {@code app-event} as
 * {@code {"type":"UserLoggedIn","data":{"user_id":"...","username":"..."}}}. Field names stay snake_case, as the
 * seed's TypeScript type reads them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(AppEvent.UserLoggedIn.class), @JsonSubTypes.Type(AppEvent.UserLoggedOut.class),
		@JsonSubTypes.Type(AppEvent.DataSynced.class), @JsonSubTypes.Type(AppEvent.ErrorOccurred.class) })
@TauriEvent("app-event")
sealed interface AppEvent {

	static AppEvent userLoggedIn(String userId, String username) {
		return new UserLoggedIn(new UserLoggedIn.Data(userId, username));
	}

	static AppEvent userLoggedOut(String userId) {
		return new UserLoggedOut(new UserLoggedOut.Data(userId));
	}

	static AppEvent dataSynced(long itemsCount, String timestamp) {
		return new DataSynced(new DataSynced.Data(itemsCount, timestamp));
	}

	static AppEvent errorOccurred(String code, String message, boolean recoverable) {
		return new ErrorOccurred(new ErrorOccurred.Data(code, message, recoverable));
	}

	@JsonTypeName("UserLoggedIn")
	record UserLoggedIn(Data data) implements AppEvent {
		record Data(@JsonProperty("user_id") String userId, String username) {
		}
	}

	@JsonTypeName("UserLoggedOut")
	record UserLoggedOut(Data data) implements AppEvent {
		record Data(@JsonProperty("user_id") String userId) {
		}
	}

	@JsonTypeName("DataSynced")
	record DataSynced(Data data) implements AppEvent {
		record Data(@JsonProperty("items_count") long itemsCount, String timestamp) {
		}
	}

	@JsonTypeName("ErrorOccurred")
	record ErrorOccurred(Data data) implements AppEvent {
		record Data(String code, String message, boolean recoverable) {
		}
	}

}
