"""Agent Softphone: a desktop softphone for call-center counselors."""

__version__ = "0.1.0"
APP_NAME = "Agent Softphone"
APP_ID = "agent-softphone"
