package io.tossbill.catalog;

/** A plan's name, description, trial, grace access or features changed. */
public record PlanUpdated(PlanId planId) {}
