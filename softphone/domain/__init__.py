"""Pure rules: the agent state machine and the health self-check (no Qt, no pjsua2, no requests)."""
