/**
 * One channel's incoming messages: delivers them in index order whatever order they arrive in (numeric
 * indices, so 9→10 or 999→1000 never stall), passes the end marker after the last message and asks for an
 * `ack` at least every `half` delivered messages.
 */
export class ChannelStream {
	/** The index of the next message to deliver (what an `ack` sends). */
	next = 0;

	private acked = 0;

	private end: number | undefined;

	private readonly pending = new Map<number, unknown>();

	constructor(
		private readonly deliver: (data: { message: unknown; index: number } | { end: true; index: number }) => void,
		/** Sends an `ack` for `next`. */
		readonly ack: (next: number) => void,
		private readonly half: number,
	) {}

	/** Takes message `index` (or the end marker); returns `true` once the stream is complete. */
	push(index: number, message: unknown, end: boolean): boolean {
		if (end) {
			this.end = index;
		}
		else if (index >= this.next) {
			this.pending.set(index, message);
		}
		while (this.pending.has(this.next)) {
			const message = this.pending.get(this.next);
			this.pending.delete(this.next);
			this.deliver({ message, index: this.next++ });
		}
		if (this.next === this.end) {
			this.deliver({ end: true, index: this.end });
			return true;
		}
		if (this.next - this.acked >= this.half) {
			this.acked = this.next;
			this.ack(this.next);
		}
		return false;
	}
}
