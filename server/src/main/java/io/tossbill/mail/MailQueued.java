package io.tossbill.mail;

/** A mail was queued (or re-queued by a person): the outbox listener sends it after commit. */
public record MailQueued(long mailId) {}
