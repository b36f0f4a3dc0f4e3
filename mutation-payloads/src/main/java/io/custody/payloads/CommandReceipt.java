package io.custody.payloads;

/**
 * What the write API answers once a command is handled: the stream it touched, the global position of
 * the stream's last event after the command (the read API can wait for it), and whether the command
 * changed anything or was an idempotent repeat.
 */
public record CommandReceipt(String stream, long position, boolean changed) {
}
