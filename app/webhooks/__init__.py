"""Webhooks: subscriptions, signed deliveries of outbox events, retries (CONTRACT.md §8)."""
